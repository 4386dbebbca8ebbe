"""The per-ticket note state in real Redis: ordered, retry-safe, text-free; audit offsets only."""

from __future__ import annotations

from dataclasses import replace

import pytest

from helpdesk_empathy.config import Settings
from helpdesk_empathy.decision.rules import default_rules
from helpdesk_empathy.decision.thread import ThreadFacts
from helpdesk_empathy.dev.thread_preview import PreviewHelpdesk, PreviewTicket
from helpdesk_empathy.models import Analysis, Evidence, Signal, TicketEvent
from helpdesk_empathy.pipeline import jobs, runtime, thread_state

TEXT = "Still waiting, third time I ask. Speak to a manager please"


def fake_analyze(text: str, *, contact_count: int = 0, language=None) -> Analysis:
    """A fixed analysis with evidence, as the analysis package produces it."""
    words = "Speak to a manager"
    start = text.find(words)
    evidence = (Evidence("wants_human", start, start + len(words), words),) if start >= 0 else ()
    return Analysis(
        language="en",
        compound=-0.5,
        level="negative",
        frustration=45,
        signals=(Signal("wants_human", 16.0, "asks for a person"),) if evidence else (),
        evidence=evidence,
    )


@pytest.fixture
def rt(redis_client, monkeypatch):
    monkeypatch.setattr(jobs, "analyze", fake_analyze)
    ticket = PreviewTicket()
    settings = Settings(queue_name="thread-state", batch_writes=False)
    return runtime.Runtime(settings, redis_client, default_rules(), {"t": PreviewHelpdesk(ticket)})


def event(number: int, text: str = TEXT) -> TicketEvent:
    return TicketEvent(
        helpdesk="t",
        event_id=f"ev-{number}",
        ticket_id="9",
        text=text,
        requester_id="r1",
        received_at=1_700_000_000.0 + number,
    )


def test_state_follows_the_ticket_and_keeps_no_text(rt, redis_client):
    first = jobs.handle_events(rt, [event(1)])
    second = jobs.handle_events(rt, [event(2)])
    notes = [w["note"] for w in rt.helpdesks["t"].ticket.writes]
    assert notes[0] and notes[1] is None  # nothing new in the second message
    stored = redis_client.hgetall(thread_state.thread_key("9"))
    assert set(stored) == {b"ev-1", b"ev-2"}
    raw = b" ".join(stored.values()).decode()
    assert "manager" not in raw and "waiting" not in raw
    assert redis_client.ttl(thread_state.thread_key("9")) > 0
    # The audit record carries signal names and offsets, never the quoted words.
    assert first[0]["evidence"] == [{"signal": "wants_human", "start": 33, "end": 51}]
    assert "manager" not in str(first[0]) and "manager" not in str(second[0])


def test_a_retried_event_decides_exactly_as_the_first_time(rt, redis_client):
    jobs.handle_events(rt, [event(1)])
    redis_client.delete("he:applied:t:ev-1")  # as if the job died before handing it over
    jobs.handle_events(rt, [event(1)])
    first, again = rt.helpdesks["t"].ticket.writes
    assert first["note"] and again["note"] == first["note"]


def test_two_messages_of_one_ticket_in_one_batch_see_each_other(rt):
    jobs.handle_events(rt, [event(1), event(2)])
    writes = rt.helpdesks["t"].ticket.writes
    assert [bool(w["note"]) for w in writes] == [True, False]


def test_state_before_ignores_the_event_itself_and_later_ones():
    facts = {
        "a": ThreadFacts(1.0, "negative", 3, ("wants_human",), True, False, True, "d1", "high"),
        "b": ThreadFacts(2.0, "neutral", 1, (), False, False, False),
        "c": ThreadFacts(3.0, "negative", 5, (), False, False, False),
    }
    state = thread_state.state_before(facts, "b", 2.0)
    assert (state.messages, state.max_contact, state.escalated) == (1, 3, True)
    assert state.last_draft == "d1" and state.serious_seen == {"wants_human"}
    assert thread_state.state_before(facts, "zz", 10.0).max_contact == 5
    assert replace(facts["a"], draft="") != facts["a"]


def test_a_message_of_the_same_millisecond_counts_as_earlier():
    fact = ThreadFacts(round(5.0006, 3), "negative", 2, (), True, False, True)
    assert thread_state.state_before({"a": fact}, "b", 5.0006).escalated
