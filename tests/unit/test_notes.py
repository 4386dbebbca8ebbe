"""Notes agents keep: only on change, short and quoted, coherent across a ticket, EN/FR frames."""

from __future__ import annotations

from dataclasses import replace

import pytest
from builders import message_event

from helpdesk_empathy.decision.policy import decide, decide_with_facts
from helpdesk_empathy.decision.rules import parse_rules
from helpdesk_empathy.decision.thread import ThreadState, note_triggers
from helpdesk_empathy.decision.trajectory import assess
from helpdesk_empathy.models import UNKNOWN_LEVEL, Analysis, Evidence, Signal, TicketEvent

TEXT = "This is the third time I write. Still waiting!! I want to speak to a manager."
ROUTED = parse_rules("routing:\n  default_group_id: '100'\n")


def span(signal: str, words: str, text: str = TEXT) -> Evidence:
    start = text.index(words)
    return Evidence(signal, start, start + len(words), words)


def angry(language: str = "en", **changes) -> Analysis:
    base = Analysis(
        language=language,
        compound=-0.8,
        level="very_negative",
        frustration=85,
        signals=(
            Signal("repeat_contact", 20.0, "says this is the 3rd time they have written"),
            Signal("delay", 10.0, "describes waiting or a delay"),
            Signal("wants_human", 16.0, "asks for a manager or a person to deal with it"),
        ),
        contact_number=3,
        evidence=(
            span("repeat_contact", "third time I write"),
            span("delay", "Still waiting"),
            span("wants_human", "speak to a manager"),
        ),
    )
    return replace(base, **changes)


def calm(language: str = "en", **changes) -> Analysis:
    return replace(
        Analysis(language=language, compound=0.0, level="neutral", frustration=5), **changes
    )


def event(**changes) -> TicketEvent:
    return message_event(**{"text": TEXT, "priority": "normal", **changes})


def thread_of(*steps, rules=ROUTED):
    """Decide (analysis, event changes) steps in order, carrying the ticket state between them."""
    facts, decisions = [], []
    for index, (analysis, changes) in enumerate(steps):
        state = ThreadState.fold(facts)
        ev = event(event_id=f"e{index}", received_at=1000.0 + index, **changes)
        decision, fact = decide_with_facts(analysis, ev, rules, thread=state)
        facts.append(fact)
        decisions.append(decision)
    return decisions


# -- when ------------------------------------------------------------------------------------


def test_on_change_triggers():
    fresh = ThreadState()
    assert note_triggers(fresh, level="neutral", signals=(), escalate=False, rising=False) == (
        "first",
    )
    seen = ThreadState(messages=2, last_level="negative", serious_seen=frozenset({"wants_human"}))
    quiet = dict(signals=("wants_human", "delay"), escalate=False, rising=False)
    assert note_triggers(seen, level="very_negative", **quiet) == ()
    assert note_triggers(seen, level="neutral", **quiet) == ("out_of_negative",)
    calm_state = replace(seen, last_level="positive")
    assert note_triggers(calm_state, level="negative", **quiet) == ("into_negative",)
    legal = dict(signals=("legal_threat",), escalate=True, rising=True)
    assert note_triggers(seen, level="negative", **legal) == (
        "escalation",
        "new_legal_threat",
        "rising",
    )
    escalated = replace(seen, escalated=True)
    assert note_triggers(escalated, level="negative", **legal) == ("new_legal_threat",)


@pytest.mark.parametrize(
    "mode, expected",
    [
        ("on_change", [True, False, True, False]),
        ("every_message", [True, True, True, True]),
        ("escalation_only", [False, False, True, False]),
        ("never", [False, False, False, False]),
    ],
)
def test_notes_mode(mode, expected):
    rules = parse_rules(f"notes:\n  mode: {mode}\nrouting:\n  default_group_id: '100'\n")
    steps = [(calm(), {}), (calm(), {}), (angry(), {}), (angry(), {})]
    decisions = thread_of(*steps, rules=rules)
    assert [bool(d.note) for d in decisions] == expected
    # Silent messages still carry their tags and fields, in the same request.
    assert all(d.add_tags and d.fields["sentiment_level"] for d in decisions)


# -- what ------------------------------------------------------------------------------------


def test_the_short_note_quotes_the_customer_and_stays_short():
    note = decide(angry(), event(), ROUTED).note
    lines = note.splitlines()
    assert lines[0] == "Empathy: Very negative | frustration 85/100 | 3rd contact | English"
    assert "- Repeat contact: \u201cthird time I write\u201d" in lines
    assert "- Asks for a person: \u201cspeak to a manager\u201d" in lines
    assert "- Delay: \u201cStill waiting\u201d" in lines
    assert any(
        line.startswith("Decision: escalate to a person (frustration 85 >= 70") for line in lines
    )
    assert (
        "Moved to group 100 (default escalation group). Priority raised to high (was normal)."
        in lines
    )
    assert "taking over your case" in note  # asked for a person: a person takes over
    assert len([line for line in lines if line.strip()]) <= 12
    for item in angry().evidence:  # every quote is the customer's own words
        assert TEXT[item.start : item.end] == item.quote


def test_full_detail_keeps_the_long_form():
    rules = parse_rules("notes:\n  detail: full\n")
    note = decide(angry(), event(), rules).note
    assert "Signals:" in note and "(+20)" in note and "Tags: " in note
    assert "\u201cspeak to a manager\u201d" in note
    assert len(note.splitlines()) > 12


def test_truncated_analysis_says_so():
    note = decide(angry(truncated=True), event(), ROUTED).note
    assert "Only the start of this long message was analysed." in note.splitlines()[1]
    assert "analysed" not in decide(angry(), event(), ROUTED).note


def test_french_customers_get_a_french_frame_and_the_setting_can_fix_it():
    note = decide(angry("fr"), event(), ROUTED).note
    assert note.startswith("Empathie : Très négatif | frustration 85/100 | 3e contact | français")
    assert "- Demande une personne: \u00ab\u00a0speak to a manager\u00a0\u00bb" in note
    assert "Décision : transmettre à une personne" in note
    assert "Brouillon de réponse" in note and "Bonjour Dana," in note
    english = decide(angry("fr"), event(), parse_rules("notes:\n  language: en\n")).note
    assert english.startswith("Empathy: ") and "Bonjour Dana," in english  # draft stays French
    french = decide(angry("en"), event(), parse_rules("notes:\n  language: fr\n")).note
    assert french.startswith("Empathie : ") and "Hi Dana," in french


# -- coherence -------------------------------------------------------------------------------


def test_contact_numbers_never_go_backwards():
    first, second = thread_of((angry(contact_number=4), {}), (calm(contact_number=2), {}))
    assert "4th contact" in first.note
    second_state = ThreadState.fold(
        [decide_with_facts(angry(contact_number=4), event(), ROUTED)[1]]
    )
    again = decide(angry(contact_number=2), event(), ROUTED, thread=second_state)
    assert again.note == "" or "2nd contact" not in again.note
    assert (
        "4th contact"
        in decide(
            angry(contact_number=2),
            event(),
            parse_rules("notes:\n  mode: every_message\n"),
            thread=second_state,
        ).note
    )


def test_an_escalated_ticket_says_already_escalated_not_no_escalation():
    rules = parse_rules("notes:\n  mode: every_message\nrouting:\n  default_group_id: '100'\n")
    _, later = thread_of((angry(), {}), (calm(), {"group_id": "100"}), rules=rules)
    assert "Decision: already escalated earlier in this ticket." in later.note
    assert "no escalation" not in later.note
    assert later.fields["escalated"] is True
    in_group = decide(calm(), event(group_id="100"), rules)
    assert "Decision: already in the escalation group." in in_group.note
    tagged = decide(calm(), event(tags=("empathy_escalated",)), rules)
    assert "already escalated" in tagged.note


def test_the_same_draft_is_not_posted_twice_in_a_row():
    rules = parse_rules("notes:\n  mode: every_message\n")
    first, second = thread_of((angry(), {}), (angry(), {"priority": "high"}), rules=rules)
    assert "taking over your case" in first.note
    assert "Draft reply: same as in the previous note." in second.note
    assert "taking over your case" not in second.note


def test_priority_lines_say_what_changed_or_nothing():
    raised = decide(angry(), event(priority="low"), ROUTED).note
    assert "Priority raised to high (was low)." in raised
    kept = decide(angry(), event(priority="urgent"), ROUTED).note
    assert "Priority" not in kept and "priority" not in kept.split("\n", 1)[1]


def test_trajectory_bullet_names_the_numbers_that_rose():
    tone = assess([(-0.1, 50), (-0.3, 40), (-0.7, 45)])
    assert tone.rising and tone.tones == (-0.1, -0.3, -0.7)
    note = decide(calm(level="negative", compound=-0.7), event(), ROUTED, trajectory=tone).note
    assert "- Getting angrier: tone -0.10 -> -0.30 -> -0.70" in note


# -- languages we do not score ---------------------------------------------------------------


def unknown(**changes) -> Analysis:
    base = Analysis(language="other", compound=0.0, level=UNKNOWN_LEVEL, frustration=0)
    return replace(base, **changes)


def test_unknown_level_never_escalates_or_raises_priority_from_tone():
    rules = parse_rules("escalation:\n  levels: [very_negative]\n  min_frustration: 0\n")
    decision = decide(unknown(frustration=90), event(priority="low"), rules)
    assert not decision.escalate and decision.min_priority is None
    assert "empathy_language_unsupported" in decision.add_tags
    assert "empathy_sentiment_unknown" in decision.add_tags
    assert "empathy_sentiment_negative" in decision.remove_tags
    assert decision.fields["sentiment_level"] == "empathy_sentiment_unknown"
    assert decision.note.count("\n") == 0 and "neither English nor French" in decision.note


def test_unknown_level_still_counts_the_contact_number():
    decision = decide(unknown(contact_number=4), event(), ROUTED)
    assert decision.escalate and decision.route_group_id == "100"
    assert decision.note.count("\n") == 0 and "4th contact" in decision.note


def test_unknown_level_crossings_are_not_changes():
    state = ThreadState(messages=1, last_level="very_negative")
    assert note_triggers(state, level=UNKNOWN_LEVEL, signals=(), escalate=False, rising=False) == ()


def test_a_dispute_escalates_by_default_with_its_own_draft():
    dispute = calm(
        level="negative",
        frustration=40,
        signals=(Signal("payment_dispute", 20.0, "threatens a bank dispute"),),
    )
    decision = decide(dispute, event(), ROUTED)
    assert decision.escalate and decision.route_group_id == "100"
    assert "empathy_payment_dispute" in decision.add_tags
    assert "disputing this payment with your bank" in decision.note
    assert decision.min_priority == "high"


def test_quiet_churn_gets_the_churn_draft():
    churn = calm(
        level="neutral",
        frustration=22,
        signals=(Signal("churn_threat", 22.0, "says they may cancel or leave"),),
        evidence=(Evidence("churn_threat", 4, 26, "considering my options"),),
    )
    text = "I'm considering my options at this point."
    note = decide(churn, event(text=text), ROUTED).note
    assert "\u201cconsidering my options\u201d" in note and text[4:26] == "considering my options"
    assert "before you decide" in note


def test_the_full_french_note_has_no_english_frame():
    rules = parse_rules("notes:\n  detail: full\n")
    trend = assess([(-0.1, 15), (-0.2, 30), (-0.3, 85)])
    note = decide(angry("fr"), event(), rules, trajectory=trend).note
    assert "Signaux :" in note and "Tendance: rising, frustration 15 -> 30 -> 85" in note
    assert "- Demande une personne (+16): \u00ab\u00a0speak to a manager\u00a0\u00bb" in note
    assert "asks for a manager" not in note and "Signals:" not in note
    assert note.endswith("Note interne de helpdesk-empathy : rien n'a été envoyé au client.")
