"""The README's examples stay true: the rules file parses, the trigger body is the shipped one."""

import json
import re
from pathlib import Path

from helpdesk_empathy.rules import parse_rules

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_rules_example_is_a_valid_rules_file():
    example = re.search(r"```yaml\n(.*?)```", README, re.S).group(1)
    rules = parse_rules(example, "README.md")
    assert rules.routing.default_group_id == "360000999"
    assert rules.routing.by_language["fr"] == "360000777"


def test_the_documented_trigger_body_is_the_one_install_sends():
    documented = re.search(r"```json\n(\{\"ticket\".*?)```", README, re.S).group(1)
    shipped = ROOT / "helpdesk_empathy" / "helpdesks" / "zendesk_trigger_body.json"
    assert json.loads(documented) == json.loads(shipped.read_text(encoding="utf-8"))
