"""The README's examples stay true: the rules file parses, the trigger body is the shipped one,
the Zendesk set-up commands parse with the real CLI."""

import json
import re
import shlex
from pathlib import Path

from helpdesk_empathy.cli import build_parser
from helpdesk_empathy.decision.rules import parse_rules

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_rules_example_is_a_valid_rules_file():
    example = re.search(r"```yaml\n(.*?)```", README, re.S).group(1)
    rules = parse_rules(example, "README.md")
    assert rules.routing.default_group_id == "360000999"
    assert rules.routing.by_language["fr"] == "360000777"


def test_the_documented_trigger_body_is_the_one_install_sends():
    documented = re.search(r"```json\n(\{\"ticket\".*?)```", README, re.S).group(1)
    shipped = ROOT / "helpdesk_empathy" / "helpdesks" / "zendesk" / "trigger_body.json"
    assert json.loads(documented) == json.loads(shipped.read_text(encoding="utf-8"))


def test_the_zendesk_commands_parse_with_the_real_cli():
    section = README.split("## Connecting Zendesk", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    lines = [line.split("#", 1)[0].strip() for line in block.replace("\\\n", " ").splitlines()]
    commands = [shlex.split(line)[1:] for line in lines if line.startswith("helpdesk-empathy")]
    parsed = [build_parser().parse_args(argv) for argv in commands]
    assert [(a.command, getattr(a, "delivery", None)) for a in parsed] == [
        ("install", "events"),
        ("install", "trigger"),
        ("doctor", None),
    ]


def test_the_sample_note_is_what_preview_generates(monkeypatch, capsys):
    """The README's note is the command's real output, for the command the README shows."""
    section = README.split("What the agent sees on the ticket", 1)[1].split("## Quickstart")[0]
    command = re.search(r"```sh\n(.*?)```", section, re.S).group(1).replace("\\\n", " ")
    env, _, argv = command.partition(" helpdesk-empathy ")
    name, value = env.strip().split("=")
    monkeypatch.setenv(name, value)
    monkeypatch.delenv("HELPDESK_EMPATHY_RULES_PATH", raising=False)
    from helpdesk_empathy.cli import main

    assert main(shlex.split(argv)) == 0
    printed = capsys.readouterr().out
    note = printed.split("=" * 60 + "\n")[1].rstrip("\n")
    documented = re.search(r"```\n(Empathy: .*?)```", section, re.S).group(1).rstrip("\n")
    assert documented == note
    assert len([line for line in note.splitlines() if line.strip()]) <= 12
