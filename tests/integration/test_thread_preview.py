"""`preview --thread`: whole tickets through the worker's code, counting the notes they get."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpdesk_empathy.cli import main
from helpdesk_empathy.cli.thread_file import load_thread, parse_thread
from helpdesk_empathy.config import Settings
from helpdesk_empathy.decision.rules import default_rules, parse_rules
from helpdesk_empathy.dev.thread_preview import run_thread
from helpdesk_empathy.errors import ConfigError

THREADS = Path(__file__).resolve().parents[1] / "fixtures" / "threads"
SPEC_KEYS = {
    "level", "frustration", "signals", "escalate", "evidence", "note",
    "tags_added", "tags_removed", "priority", "group_id", "fields",
}  # fmt: skip


def run(name: str, rules=None) -> list[dict]:
    return run_thread(load_thread(str(THREADS / name)), rules or default_rules(), Settings())


def customer_texts(name: str) -> list[str]:
    thread = load_thread(str(THREADS / name))
    return [m.text for m in thread.messages if m.author == "customer"]


def test_an_angry_english_thread_gets_a_few_coherent_notes():
    results = run("angry_en.json")
    assert len(results) == 10
    notes = [r["note"] for r in results if r["note"]]
    assert 2 <= len(notes) <= 4
    assert results[0]["note"]  # the first scored message always gets one
    assert sum(r["escalate"] for r in results) >= 5
    assert all(r["fields"]["escalated"] for r in results[1:])  # once escalated, it stays so
    ordinals = [n.split(" contact")[0].rsplit("| ", 1)[1] for n in notes]
    # The first message says its parcel "still hasn't arrived": late, but a first contact.
    contacts = [1 if o == "first" else int(o[:-2]) for o in ordinals]
    assert contacts == sorted(contacts)  # never backwards
    assert "Decision: no escalation" not in " ".join(notes[1:])
    drafts = [n.split("Draft reply", 1)[1] for n in notes]
    assert all(a != b for a, b in zip(drafts, drafts[1:], strict=False))
    # The priority is only ever raised, and each raise is written once.
    raised = [r["priority"] for r in results if r["priority"]]
    assert raised == sorted(set(raised), key=["low", "normal", "high", "urgent"].index)


def test_a_calm_french_thread_gets_one_french_note():
    results = run("calm_fr.json")
    assert len(results) == 6
    notes = [r["note"] for r in results if r["note"]]
    assert len(notes) == 1
    assert notes[0].startswith("Empathie : ") and "Bonjour Camille," in notes[0]
    assert not any(r["escalate"] for r in results)
    # Silent messages still update the level tag and fields.
    assert results[1]["tags_added"] and results[1]["fields"]["sentiment_level"]


@pytest.mark.parametrize("name", ["angry_en.json", "calm_fr.json"])
def test_every_quote_is_found_in_its_message(name):
    quoted = 0
    for result, text in zip(run(name), customer_texts(name), strict=True):
        for item in result["evidence"]:
            assert text[item["start"] : item["end"]].startswith(item["quote"].rstrip("."))
            assert set(item) == {"signal", "start", "end", "quote"}
        # Every quote in the note's reasons is the customer's own words, from this message.
        bullets = [line for line in (result["note"] or "").splitlines() if line.startswith("- ")]
        for words in re.findall(
            r"[\u201c\u00ab]\u00a0?(.*?)\u00a0?[\u201d\u00bb]", "\n".join(bullets)
        ):
            assert words.removesuffix("...").rstrip("\u2026") in text
            quoted += 1
    assert quoted or name == "calm_fr.json"


def test_every_message_mode_posts_a_note_for_each_message():
    results = run("angry_en.json", parse_rules("notes:\n  mode: every_message\n"))
    assert all(r["note"] for r in results)


def test_json_output_has_one_object_per_customer_message(capsys):
    code = main(["preview", "--thread", str(THREADS / "calm_fr.json"), "--json"])
    assert code == 0
    lines = capsys.readouterr().out.strip().splitlines()
    objects = [json.loads(line) for line in lines]
    assert len(objects) == 6
    assert all(set(obj) >= SPEC_KEYS for obj in objects)


def test_rules_file_applies(tmp_path, capsys):
    rules = tmp_path / "rules.yaml"
    rules.write_text("notes:\n  mode: never\n", encoding="utf-8")
    code = main(["preview", "--thread", str(THREADS / "angry_en.json"), "--rules", str(rules)])
    assert code == 0
    assert "0 note(s) for 10 customer message(s)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"messages": [', "t.json: line 1, column 15: not valid JSON"),
        ("[]", "t.json: (top level): must be an object"),
        ('{"messages": []}', "t.json: messages: must be a non-empty list"),
        ('{"messages": [{"author": "bot", "text": "x"}]}', "t.json: messages[0].author: must be"),
        (
            '{"messages": [{"author": "customer", "text": "hi"}, {"author": "agent", "text": 3}]}',
            "t.json: messages[1].text: must be a non-empty string",
        ),
        (
            '{"ticket": {"priority": "soon"}, "messages": [{"author": "customer", "text": "x"}]}',
            "t.json: ticket.priority: must be one of low, normal, high, urgent",
        ),
        (
            '{"ticket": {"colour": 1}, "messages": [{"author": "customer", "text": "x"}]}',
            "t.json: ticket.colour: unknown key",
        ),
        ('{"messages": [{"author": "agent", "text": "x"}]}', "t.json: messages: has no customer"),
    ],
)
def test_malformed_thread_files_get_one_line_errors(text, message):
    with pytest.raises(ConfigError) as error:
        parse_thread(text, "t.json")
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_the_command_prints_the_error_and_fails(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"messages": [{"author": "customer"}]}', encoding="utf-8")
    assert main(["preview", "--thread", str(bad)]) != 0
    assert f"{bad}: messages[0].text: must be a non-empty string" in capsys.readouterr().err


def test_a_message_in_another_language_gets_unknown_and_one_line(tmp_path):
    path = tmp_path / "de.json"
    path.write_text(
        json.dumps(
            {
                "ticket": {"subject": "Bestellung", "priority": "low"},
                "messages": [
                    {
                        "author": "customer",
                        "text": "Meine Bestellung ist immer noch nicht angekommen. "
                        "Das ist eine Frechheit, ich warte seit drei Wochen.",
                    },
                    {"author": "customer", "text": "Niemand antwortet mir. Unglaublich."},
                ],
            }
        ),
        encoding="utf-8",
    )
    first, second = run_thread(load_thread(str(path)), default_rules(), Settings())
    assert first["level"] == "unknown" and not first["escalate"] and first["priority"] is None
    assert "empathy_language_unsupported" in first["tags_added"]
    assert first["fields"]["frustration"] is None  # no junk score
    assert first["note"].count("\n") == 0 and "neither English nor French" in first["note"]
    assert second["note"] is None
