"""Writes the helpdesk commits but answers too late: never posted twice, never counted twice.

The stub applies the write, then holds its answer past our HTTP timeout, as a slow Zendesk
does; the outbox's later flush must find what was posted and write only what is missing.
"""

from __future__ import annotations

import re

import pytest
import redis
from builders import decision, event_for, settings_for

from helpdesk_empathy.errors import TransientHelpdeskError
from helpdesk_empathy.ops import audit
from helpdesk_empathy.pipeline import runtime
from helpdesk_empathy.pipeline.delivery import handover
from helpdesk_empathy.pipeline.delivery.outbox import Outbox
from helpdesk_empathy.pipeline.jobs import delivery_for

EARLIER = re.compile(r"\((\d+) earlier message analyses")
TIMEOUT = 0.4


@pytest.fixture
def rt(redis_server, redis_client, stub):
    url, state = stub
    settings = settings_for(redis_server.url, url, state, http_timeout_seconds=TIMEOUT)
    installed = runtime.build(settings, redis_client)
    runtime.install(installed)
    yield installed
    runtime.install(None)


def notes_of(state, ticket: dict) -> list[str]:
    return [c["body"] for c in state.get_comments(ticket["id"]) if not c["public"]]


def analyses_shown(notes: list[str]) -> int:
    """Message analyses a ticket's notes stand for: each note, plus the earlier ones it counts."""
    return sum(1 + sum(int(n) for n in EARLIER.findall(note)) for note in notes)


def park(delivery, items) -> None:
    """Hand events over as a busy worker does: parked in the outbox, not written at once."""
    assert delivery.hand_over(items, alone=False) == []


@pytest.mark.parametrize("tickets", [1, 3], ids=["one ticket (PUT)", "a batch (update_many)"])
def test_a_late_answer_then_newer_messages_leave_one_analysis_per_message(rt, stub, tickets):
    _, state = stub
    opened = [state.add_ticket(text="My order is late.") for _ in range(tickets)]
    delivery = delivery_for(rt, backlog=lambda: 1)
    writer = delivery.writer("zendesk")
    for n in (1, 2):
        park(
            delivery,
            [
                (event_for(t, "Late.", f"{t['id']}-{n}"), decision(note=f"Note {n}."))
                for t in opened
            ],
        )

    state.late_answers.count, state.late_answers.delay = 1, TIMEOUT + 0.6
    with pytest.raises(TransientHelpdeskError):
        writer.flush(force=True)  # committed, but we never heard back
    assert all(len(notes_of(state, t)) == 1 for t in opened)
    assert Outbox(rt.redis, "zendesk").size() == tickets  # kept: we cannot know it was applied

    # The customer writes again while the write is unsure: merged with the parked one.
    park(
        delivery,
        [(event_for(t, "Still late.", f"{t['id']}-3"), decision(note="Note 3.")) for t in opened],
    )
    writer.flush(force=True)

    for ticket in opened:
        notes = notes_of(state, ticket)
        assert len(notes) == 2
        assert "Note 3." in notes[1] and EARLIER.search(notes[1]) is None
        assert analyses_shown(notes) == 3  # three messages: none counted twice
    assert Outbox(rt.redis, "zendesk").size() == 0


def test_a_late_answer_with_nothing_newer_is_not_posted_again(rt, stub):
    _, state = stub
    ticket = state.add_ticket(text="My order is late.")
    delivery = delivery_for(rt, backlog=lambda: 1)
    park(delivery, [(event_for(ticket, "Late.", "only"), decision("late", note="Only note."))])

    state.late_answers.count, state.late_answers.delay = 1, TIMEOUT + 0.6
    with pytest.raises(TransientHelpdeskError):
        delivery.writer("zendesk").flush(force=True)
    delivery.writer("zendesk").flush(force=True)

    assert len(notes_of(state, ticket)) == 1
    assert "late" in state.get_ticket(ticket["id"])["tags"]
    assert Outbox(rt.redis, "zendesk").size() == 0


def test_a_write_refused_unapplied_is_sent_again_without_a_look_up(rt, stub):
    """A 429 applied nothing: the retry posts the note, and reads no comments first."""
    _, state = stub
    ticket = state.add_ticket(text="My order is late.")
    delivery = delivery_for(rt, backlog=lambda: 1)
    park(delivery, [(event_for(ticket, "Late.", "limited"), decision(note="Limited note."))])

    state.failure.count, state.failure.status = 1, 429
    with pytest.raises(TransientHelpdeskError):
        delivery.writer("zendesk").flush(force=True)
    [(pending)] = Outbox(rt.redis, "zendesk").claim(10).values()
    assert pending.sent == ()


def test_a_ticket_deleted_after_an_unanswered_write_is_refused_alone(rt, stub, redis_client):
    _, state = stub
    kept, deleted = state.add_ticket(text="Late."), state.add_ticket(text="Late.")
    delivery = delivery_for(rt, backlog=lambda: 1)
    park(
        delivery,
        [
            (event_for(t, "Late.", f"{t['id']}-1"), decision(note="A note."))
            for t in (kept, deleted)
        ],
    )

    state.late_answers.count, state.late_answers.delay = 1, TIMEOUT + 0.6
    with pytest.raises(TransientHelpdeskError):
        delivery.writer("zendesk").flush(force=True)
    with state.lock:
        state.tickets.pop(deleted["id"])  # deleted by an agent meanwhile
    park(delivery, [(event_for(kept, "Later.", "kept-2"), decision("later", note="Later."))])
    delivery.writer("zendesk").flush(force=True)

    assert "later" in state.get_ticket(kept["id"])["tags"]  # the batch went on without it
    assert [r["ticket_id"] for r in audit.read_refusals(redis_client)] == [str(deleted["id"])]
    assert Outbox(rt.redis, "zendesk").size() == 0


def test_a_job_cut_short_right_after_its_write_does_not_post_the_note_again(rt, stub, monkeypatch):
    """Redis went away after the note was posted but before the event was marked handed over:
    the redone job decides the same note, finds it on the ticket, and writes the rest only."""
    _, state = stub
    ticket = state.add_ticket(text="My order is late.")
    decided = [(event_for(ticket, "Late.", "cut"), decision("late", note="Sorry for the wait."))]
    mark = handover.first_sights

    def redis_gone(*args, **kwargs):
        monkeypatch.setattr(handover, "first_sights", mark)  # back for the redone job
        raise redis.ConnectionError("Connection closed by server.")

    monkeypatch.setattr(handover, "first_sights", redis_gone)
    with pytest.raises(redis.ConnectionError):
        delivery_for(rt, backlog=lambda: 0).hand_over(decided)
    delivery_for(rt, backlog=lambda: 0).hand_over(decided)  # the job, redone

    assert len(notes_of(state, ticket)) == 1
    assert "late" in state.get_ticket(ticket["id"])["tags"]
