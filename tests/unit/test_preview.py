"""`helpdesk-empathy preview`: the decision and note the worker would write, without a helpdesk."""

from __future__ import annotations

import argparse
import importlib
import json

import pytest
from builders import message_event

from helpdesk_empathy.cli import preview
from helpdesk_empathy.decision.note import DRAFT_MARKER
from helpdesk_empathy.decision.policy import decide
from helpdesk_empathy.decision.rules import default_rules, parse_rules
from helpdesk_empathy.decision.trajectory import assess
from helpdesk_empathy.errors import ConfigError
from helpdesk_empathy.models import Analysis, Signal


def scripted_analyze(text: str, *, contact_count: int = 0, language: str | None = None):
    """A stand-in for the analysis: the frustration is written in the message as '#NN'."""
    frustration = int(text.split("#")[1].split()[0]) if "#" in text else 0
    signals = (Signal("delay", 10.0, "waiting for an answer"),) if "waiting" in text else ()
    level = "very_negative" if frustration >= 70 else "negative" if frustration >= 20 else "neutral"
    return Analysis(
        language=language or "en",
        compound=-frustration / 100,
        level=level,
        frustration=frustration,
        signals=signals,
        contact_number=contact_count + 1,
    )


RULES = parse_rules("routing:\n  default_group_id: '100'\n")


def test_history_makes_a_mild_message_escalate():
    alone = preview.build_preview("still waiting #45", rules=RULES, analyze=scripted_analyze)
    assert alone[2].escalate is False
    analysis, trajectory, decision = preview.build_preview(
        "still waiting #45",
        history=["hello #10", "any news #25"],
        rules=RULES,
        analyze=scripted_analyze,
    )
    assert trajectory.rising
    assert decision.escalate and decision.route_group_id == "100"
    assert "10 -> 25 -> 45" in decision.note


def test_preview_note_is_exactly_what_the_worker_decides():
    analysis, trajectory, decision = preview.build_preview(
        "waiting #80",
        history=["#30"],
        name="Marie Dupont",
        subject="Parcel",
        contact_count=2,
        priority="normal",
        rules=RULES,
        analyze=scripted_analyze,
    )
    event = message_event(
        event_id="preview",
        ticket_id="preview",
        text="waiting #80",
        requester_name="Marie Dupont",
        subject="Parcel",
        priority="normal",
    )
    points = [(-0.3, 30), (analysis.compound, analysis.frustration)]
    assert decision == decide(analysis, event, RULES, trajectory=assess(points))
    assert analysis.contact_number == 3


def test_assigned_ticket_is_not_routed_and_priority_is_not_lowered():
    _, _, decision = preview.build_preview(
        "#95", assigned=True, priority="urgent", rules=RULES, analyze=scripted_analyze
    )
    assert decision.escalate
    assert decision.route_group_id is None
    assert decision.min_priority is None


def test_text_output_shows_decision_then_note():
    _, _, decision = preview.build_preview("#90", rules=RULES, analyze=scripted_analyze)
    text = preview.as_text(decision)
    assert "  escalate: yes" in text
    assert "  route to: group 100" in text
    assert "  priority: at least urgent" in text
    assert text.index("Decision") < text.index(DRAFT_MARKER)
    assert decision.note in text


def parse(argv):
    parser = argparse.ArgumentParser()
    preview.add_parser(parser.add_subparsers())
    return parser.parse_args(["preview", *argv])


def test_command_line_options():
    args = parse(
        [
            "msg",
            "--history",
            "a",
            "--history",
            "b",
            "--name",
            "Marie",
            "--assigned",
            "--contact-count",
            "2",
            "--priority",
            "high",
            "--json",
        ]
    )
    assert args.history == ["a", "b"]
    assert args.assigned and args.json and args.contact_count == 2
    assert args.func is preview.run


def test_invalid_rules_file_is_a_config_error_with_the_line(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("escalation:\n  min_frustration: 700\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 2, escalation.min_frustration"):
        preview.run(parse(["hello", "--rules", str(path)]))


def real_analyze_available() -> bool:
    try:
        return hasattr(importlib.import_module("helpdesk_empathy.analysis"), "analyze")
    except ImportError:
        return False


@pytest.mark.skipif(not real_analyze_available(), reason="analysis package not there yet")
def test_run_with_the_real_analysis_prints_json(capsys, monkeypatch):
    monkeypatch.delenv("HELPDESK_EMPATHY_RULES_PATH", raising=False)
    code = preview.run(
        parse(
            [
                "This is the THIRD time I write. I will cancel my account and call my lawyer!!",
                "--name",
                "Sam",
                "--subject",
                "Broken router",
                "--json",
            ]
        )
    )
    assert code == 0
    output = json.loads(capsys.readouterr().out)
    decision = output["decision"]
    assert decision["escalate"] is True
    assert "empathy_processed" in decision["add_tags"]
    assert DRAFT_MARKER in decision["note"]
    assert default_rules().tags.marker_tag in decision["add_tags"]


def test_text_output_lists_the_evidence_with_offsets():
    from helpdesk_empathy.models import Evidence

    item = Analysis(
        language="en",
        compound=-0.5,
        level="negative",
        frustration=40,
        evidence=(Evidence("delay", 4, 17, "still waiting"),),
    )
    _, _, decision = preview.build_preview("#40", rules=RULES, analyze=scripted_analyze)
    text = preview.as_text(decision, item)
    assert "  evidence:\n    - delay: \u201cstill waiting\u201d [4:17]" in text
