"""Policy: tags, raise-only priority, routing to a human group, and the internal note."""

from __future__ import annotations

import re

import pytest
from builders import analysis_at, message_event

from helpdesk_empathy.decision.policy import decide, escalation_reasons
from helpdesk_empathy.decision.rules import default_rules, parse_rules
from helpdesk_empathy.decision.trajectory import assess
from helpdesk_empathy.models import LEVELS, SIGNAL_NAMES

ZENDESK_TAG = re.compile(r"^[a-z0-9_-]+$")


def analysis(*, level="neutral", **fields):
    return analysis_at(level, **fields)


def event(**changes):
    return message_event(
        **{
            "event_id": "ev1",
            "ticket_id": "42",
            "text": "PRIVATE CUSTOMER TEXT 4111 1111",
            "requester_name": "Marie Curie",
            "subject": "Parcel lost",
            **changes,
        }
    )


ROUTED = parse_rules(
    "routing:\n"
    "  default_group_id: '100'\n"
    "  by_language: {fr: '200'}\n"
    "  by_signal: {legal_threat: '300', churn_threat: '400'}\n"
    "  protected_group_ids: ['900']\n"
)


def test_calm_message_only_gets_level_and_marker_tags():
    decision = decide(analysis(), event(), default_rules())
    assert decision.add_tags == ("empathy_sentiment_neutral", "empathy_processed")
    assert decision.escalate is False
    assert decision.min_priority is None
    assert decision.route_group_id is None


def test_signals_become_namespaced_tags():
    decision = decide(
        analysis(level="negative", frustration=40, signals=["delay", "billing"]),
        event(),
        default_rules(),
    )
    assert {
        "empathy_sentiment_negative",
        "empathy_delay",
        "empathy_billing",
        "empathy_processed",
    } <= set(decision.add_tags)


@pytest.mark.parametrize("level", LEVELS)
def test_every_tag_is_a_valid_zendesk_tag(level):
    item = analysis(level=level, frustration=95, signals=SIGNAL_NAMES, contact=4)
    trajectory = assess([(0.0, 10), (-0.3, 40), (-0.8, 95)])
    decision = decide(item, event(), ROUTED, trajectory=trajectory)
    assert decision.add_tags
    for tag in decision.add_tags:
        assert ZENDESK_TAG.match(tag), tag
    assert len(set(decision.add_tags)) == len(decision.add_tags)


def test_tag_prefix_comes_from_the_rules():
    rules = parse_rules("tags:\n  prefix: cx\n  marker: done\n")
    decision = decide(analysis(level="negative", signals=["delay"]), event(), rules)
    assert decision.add_tags == ("cx_sentiment_negative", "cx_delay", "cx_done")


@pytest.mark.parametrize(
    "item, why",
    [
        (analysis(level="very_negative", frustration=85), "Strong frustration: 85/100"),
        (analysis(level="negative", frustration=30, contact=3), "3rd contact"),
        (analysis(level="negative", frustration=30, signals=["churn_threat"]), "Churn threat"),
        (analysis(level="neutral", frustration=20, signals=["legal_threat"]), "Legal threat"),
    ],
)
def test_escalation_thresholds(item, why):
    reasons = escalation_reasons(item, default_rules())
    assert any(why in reason for reason in reasons), reasons
    decision = decide(item, event(), default_rules())
    assert decision.escalate
    assert "empathy_escalated" in decision.add_tags


@pytest.mark.parametrize(
    "item",
    [
        analysis(level="negative", frustration=69),
        analysis(level="negative", frustration=40, signals=["repeat_contact"], contact=2),
        analysis(level="very_negative", frustration=50),  # very negative alone: not by default
        analysis(level="negative", frustration=40, signals=["profanity", "billing"]),
    ],
)
def test_below_thresholds_there_is_no_escalation(item):
    assert escalation_reasons(item, default_rules()) == ()
    assert decide(item, event(), ROUTED).escalate is False


def test_levels_can_escalate_on_their_own_when_configured():
    rules = parse_rules("escalation:\n  levels: [very_negative]\n")
    reasons = escalation_reasons(analysis(level="very_negative", frustration=50), rules)
    assert reasons == ("Sentiment is very negative.",)


def test_customer_getting_angrier_is_escalated_though_the_last_message_is_mild():
    mild = analysis(level="negative", frustration=45)
    assert decide(mild, event(), ROUTED).escalate is False
    trajectory = assess([(-0.1, 15), (-0.2, 30), (-0.3, 45)])
    decision = decide(mild, event(), ROUTED, trajectory=trajectory)
    assert decision.escalate
    assert decision.route_group_id == "100"
    assert "empathy_trajectory_rising" in decision.add_tags
    assert "- Getting angrier: frustration 15 -> 30 -> 45" in decision.note
    assert "getting angrier" in decision.note.split("Decision:")[1]
    assert any("Getting angrier" in reason for reason in decision.reasons)


def test_trajectory_escalation_can_be_switched_off():
    rules = parse_rules("escalation:\n  rising_trajectory: false\n")
    trajectory = assess([(-0.1, 15), (-0.2, 30), (-0.3, 45)])
    decision = decide(
        analysis(level="negative", frustration=45), event(), rules, trajectory=trajectory
    )
    assert decision.escalate is False
    assert "empathy_trajectory_rising" in decision.add_tags  # still visible to agents


@pytest.mark.parametrize(
    "current, expected",
    [
        (None, "high"),
        ("low", "high"),
        ("normal", "high"),
        ("NORMAL", "high"),
        ("high", None),
        ("urgent", None),
    ],
)
def test_priority_is_only_ever_raised(current, expected):
    item = analysis(level="very_negative", frustration=65)
    assert decide(item, event(priority=current), default_rules()).min_priority == expected


def test_priority_bands_and_signals():
    rules = default_rules()
    assert (
        decide(
            analysis(level="negative", frustration=20), event(priority="low"), rules
        ).min_priority
        == "normal"
    )
    assert (
        decide(
            analysis(level="negative", frustration=95), event(priority="high"), rules
        ).min_priority
        == "urgent"
    )
    legal = decide(
        analysis(frustration=10, signals=["legal_threat"]), event(priority="normal"), rules
    )
    assert legal.min_priority == "high"
    assert "Priority raised to high (was normal)." in legal.note
    assert "Priority: raise to high (was normal): legal threat, escalated." in legal.reasons
    unchanged = decide(
        analysis(frustration=10, signals=["legal_threat"]), event(priority="urgent"), rules
    )
    assert "Priority" not in unchanged.note  # a priority line only says what changed


def test_route_to_the_default_group_when_escalated():
    decision = decide(analysis(level="very_negative", frustration=90), event(), ROUTED)
    assert decision.route_group_id == "100"
    assert "Moved to group 100 (default escalation group)." in decision.note


def test_route_by_signal_first_then_language():
    legal_fr = analysis(frustration=20, signals=["churn_threat", "legal_threat"], language="fr")
    assert decide(legal_fr, event(), ROUTED).route_group_id == "300"  # file order: legal first
    angry_fr = analysis(level="very_negative", frustration=90, language="fr")
    assert decide(angry_fr, event(), ROUTED).route_group_id == "200"


def test_never_route_a_ticket_a_person_already_owns():
    item = analysis(level="very_negative", frustration=90)
    decision = decide(item, event(assignee_id="555"), ROUTED)
    assert decision.escalate and decision.route_group_id is None
    assert "an agent already owns this ticket" in decision.note
    relaxed = parse_rules("routing:\n  default_group_id: '100'\n  never_route_assigned: false\n")
    assert decide(item, event(assignee_id="555"), relaxed).route_group_id == "100"


def test_protected_and_current_groups_are_left_alone():
    item = analysis(level="very_negative", frustration=90)
    assert decide(item, event(group_id="900"), ROUTED).route_group_id is None
    already = decide(item, event(group_id="100"), ROUTED)
    assert already.route_group_id is None
    assert "Routing: already in escalation group 100." in already.reasons


def test_escalation_without_a_group_is_tagged_only_and_says_so():
    decision = decide(analysis(level="very_negative", frustration=90), event(), default_rules())
    assert decision.escalate and decision.route_group_id is None
    assert "no escalation group is configured" in decision.note


def test_note_layout():
    item = analysis(
        level="very_negative",
        frustration=82,
        signals=["repeat_contact", "delay"],
        contact=3,
        language="fr",
    )
    note = decide(item, event(priority="normal"), ROUTED).note
    lines = note.splitlines()
    assert lines[0] == "Empathie : Très négatif | frustration 82/100 | 3e contact | français"
    assert "- Relance: 3e contact" in lines
    assert lines.index("") == 3  # summary, two reasons, then a blank line
    assert lines[4].startswith("Décision : transmettre à une personne (frustration 82 >= 70")
    assert "Déplacé vers le groupe 200" in lines[5]
    assert "Priorité relevée à high (avant : normal)." in lines[5]
    assert lines[7].startswith("Brouillon de réponse")
    draft = "\n".join(lines[8:])
    assert "Bonjour Marie," in draft and "troisième fois" in draft
    assert len([line for line in lines if line.strip()]) <= 12


def test_the_angry_customer_draft_offers_a_human():
    note = decide(analysis(level="very_negative", frustration=88), event(), ROUTED).note
    assert "reply with a phone number" in note.split("Draft reply", 1)[1]


def test_ticket_text_never_reaches_the_note_or_the_audit_reasons():
    item = analysis(level="very_negative", frustration=90, signals=SIGNAL_NAMES, contact=3)
    decision = decide(item, event(), ROUTED, trajectory=assess([(0, 10), (0, 30), (0, 90)]))
    for text in (decision.note, *decision.reasons):
        assert "PRIVATE CUSTOMER TEXT" not in text and "4111" not in text
    for reason in decision.reasons:
        assert "Marie" not in reason and "Parcel" not in reason  # audit log: no names/subjects


def test_decide_is_deterministic():
    item = analysis(level="negative", frustration=50, signals=["delay"])
    assert decide(item, event(), ROUTED) == decide(item, event(), ROUTED)


def test_note_survives_markdown_rendering():
    # Zendesk may render comment bodies as Markdown: no lazy list continuations, and the
    # dashed separators stand alone (a paragraph right above "---" would become a heading).
    item = analysis(level="very_negative", frustration=90, signals=["delay", "billing"], contact=3)
    lines = decide(item, event(), ROUTED, trajectory=assess([(0, 10), (0, 40), (0, 90)])).note
    lines = lines.splitlines()
    for before, after in zip(lines, lines[1:], strict=False):
        if before.startswith("- "):
            assert after == "" or after.startswith("- "), (before, after)
        if after.startswith("---"):
            assert before == "", before


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_regular_customer_saying_thanks_gets_thanks_not_an_escalation(language):
    thanks = analysis(level="very_positive", signals=("gratitude",), contact=6, language=language)
    decision = decide(thanks, event(), default_rules())
    assert not decision.escalate
    assert decision.route_group_id is None
    assert "sixth" not in decision.note and "sixième" not in decision.note


def test_repeat_contact_still_escalates_a_neutral_follow_up():
    follow_up = analysis(level="neutral", signals=("confusion",), contact=3)
    assert escalation_reasons(follow_up, default_rules())


def test_thanks_from_a_requester_with_many_recent_tickets_is_not_escalated():
    thanks = analysis(level="very_positive", signals=("gratitude", "repeat_contact"), contact=4)
    assert not decide(thanks, event(), default_rules()).escalate
