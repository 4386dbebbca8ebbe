"""Coalescing and batching of write-backs: pure merging, Redis outbox, and the writer's choices."""

from __future__ import annotations

import threading
from dataclasses import replace
from types import SimpleNamespace

import pytest
from builders import decision

from helpdesk_empathy.errors import HelpdeskError, TransientHelpdeskError
from helpdesk_empathy.helpdesks.base import BatchResult, Helpdesk, WriteResult
from helpdesk_empathy.models import Decision, TicketEvent
from helpdesk_empathy.ops import audit
from helpdesk_empathy.pipeline.delivery.handover import Delivery
from helpdesk_empathy.pipeline.delivery.outbox import Outbox, Pending, dumps, loads, merge
from helpdesk_empathy.pipeline.delivery.writer import BATCH_LIMIT, read_stats


def event(ticket: str, n: int = 1) -> TicketEvent:
    return TicketEvent(
        helpdesk="zendesk",
        event_id=f"{ticket}-{n}",
        ticket_id=ticket,
        text="x",
        tags=("vip",),
        updated_at=f"2026-11-23T18:00:0{n}Z",
    )


def test_merge_keeps_everything_decided_and_the_newest_event():
    older = Pending(
        event("1", 1), decision("a", priority="high", route="9", escalate=True, note="first")
    )
    newer = Pending(event("1", 2), decision("b", priority="normal", note="second"))
    merged = merge(older, newer)
    assert merged.decision.add_tags == ("a", "b")
    assert merged.decision.min_priority == "high"  # never lowered by a milder message
    assert merged.decision.route_group_id == "9"
    assert merged.decision.escalate is True
    assert merged.decision.note == "second"  # the latest analysis, the earlier one counted
    assert merged.earlier_notes == 1
    assert merged.event.event_id == "1-2"
    assert merged.events == 2


def test_a_burst_of_150_events_on_one_ticket_writes_one_capped_note(redis_client):
    """The attack: 150 events coalesced into one 152,749-character note."""
    helpdesk, backlog = RecordingHelpdesk(), [200]
    writer = make_writer(redis_client, helpdesk, backlog)
    long_note = "Analysis of this message. " * 40  # about 1,000 characters
    for n in range(150):
        writer.submit(event("1", n), decision(f"t{n}", note=f"#{n} {long_note}"))
    backlog[0] = 0
    assert writer.flush() == 1
    [[(_, written)]] = helpdesk.batches or [[helpdesk.single[0]]]
    assert written.note.startswith("#149 ")  # the latest message's analysis
    assert "149 earlier message analyses" in written.note
    assert len(written.note) < 2 * len(long_note)
    assert len(written.add_tags) == 150  # nothing else decided is lost


def test_serialisation_round_trip_keeps_everything_but_the_message():
    message = replace(event("7"), text="My parcel never came")
    pending = Pending(message, decision("a", priority="urgent", route="3"), events=3)
    stored = dumps(pending)
    assert b"parcel" not in stored  # parked work holds no customer text
    assert loads(stored) == replace(pending, event=replace(pending.event, text=""))


def test_outbox_coalesces_per_ticket_and_claims_oldest_first(redis_client):
    box = Outbox(redis_client, "zendesk")
    box.put(Pending(event("1", 1), decision("a")), now=10)
    box.put(Pending(event("2", 1), decision("b")), now=11)
    box.put(Pending(event("1", 2), decision("c")), now=12)
    assert box.size() == 2
    assert box.oldest_age(now=15) == 5  # ticket 1 keeps its first time
    claimed = box.claim(1)
    assert list(claimed) == ["1"]
    assert claimed["1"].decision.add_tags == ("a", "c")
    assert box.size() == 2  # one pending + one in flight
    box.done(["1"])
    assert box.size() == 1


def test_concurrent_puts_lose_nothing(redis_client, redis_server):
    import redis

    def put(n):
        box = Outbox(redis.Redis.from_url(redis_server.url), "zendesk")
        box.put(Pending(event("1", n), decision(f"t{n}")), now=n)

    threads = [threading.Thread(target=put, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pending = Outbox(redis_client, "zendesk").claim(10)["1"]
    assert sorted(pending.decision.add_tags) == sorted(f"t{n}" for n in range(20))
    assert pending.events == 20


def test_leftovers_of_a_dead_flusher_are_claimed_again(redis_client):
    box = Outbox(redis_client, "zendesk")
    box.put(Pending(event("1"), decision("a")), now=1)
    box.claim(10)  # the flusher dies here, before done()
    again = Outbox(redis_client, "zendesk").claim(10)
    assert list(again) == ["1"]


def test_released_work_stays_under_newer_work(redis_client):
    box = Outbox(redis_client, "zendesk")
    box.put(Pending(event("1", 1), decision("a", note="old")), now=1)
    claimed = box.claim(10)
    box.put(Pending(event("1", 2), decision("b", note="new")), now=2)
    box.release(claimed, now=3)
    pending = box.claim(10)["1"]
    assert pending.event.event_id == "1-2"
    assert pending.decision.note.startswith("new")
    assert set(pending.decision.add_tags) == {"a", "b"}


class RecordingHelpdesk(Helpdesk):
    """A helpdesk double for testing the writer: records what it was asked to write."""

    name = "zendesk"

    def __init__(self, fail_times: int = 0, error=TransientHelpdeskError):
        self.rest = SimpleNamespace(requests_made=0)  # the request counter writers read
        self.single: list[tuple[TicketEvent, Decision]] = []
        self.batches: list[list[tuple[TicketEvent, Decision]]] = []
        self.fail_times = fail_times
        self.error = error

    def _maybe_fail(self):
        if self.fail_times:
            self.fail_times -= 1
            raise self.error("helpdesk down")

    def apply(self, event, decision):
        self._maybe_fail()
        self.single.append((event, decision))
        return WriteResult(event.ticket_id, 1)

    def apply_many(self, items):
        self._maybe_fail()
        self.batches.append(list(items))
        return BatchResult(3)

    def close(self):
        pass


class DeliveryWriter:
    """A job's delivery for one helpdesk: hand over as a single-event job does, then flush."""

    def __init__(self, delivery: Delivery):
        self.delivery = delivery
        self.outbox = delivery.writer("zendesk").outbox

    def submit(self, event, decision) -> None:
        assert self.delivery.hand_over([(event, decision)], alone=True) == []

    def flush(self) -> int:
        return self.delivery.writer("zendesk").flush()


def make_writer(redis_client, helpdesk, backlog, *, clock=lambda: 100.0, batching=True):
    delivery = Delivery(
        redis_client,
        {"zendesk": helpdesk},
        batching=batching,
        max_delay=2.0,
        backlog=lambda: backlog[0],
        clock=clock,
    )
    return DeliveryWriter(delivery)


def test_idle_queue_writes_at_once(redis_client):
    helpdesk = RecordingHelpdesk()
    writer = make_writer(redis_client, helpdesk, [0])
    writer.submit(event("1"), decision("a"))
    assert len(helpdesk.single) == 1 and not helpdesk.batches
    assert read_stats(redis_client, "zendesk") == {
        "api_requests": 1,
        "tickets_written": 1,
        "events_written": 1,
    }


def test_a_burst_is_parked_then_written_in_one_batch_when_the_queue_drains(redis_client):
    helpdesk, backlog = RecordingHelpdesk(), [50]
    writer = make_writer(redis_client, helpdesk, backlog)
    for n in range(30):
        writer.submit(event(str(n % 10), n), decision(f"t{n}"))  # 10 tickets, 3 events each
        assert writer.flush() == 0  # backlog: keep gathering
    backlog[0] = 0
    assert writer.flush() == 10
    assert not helpdesk.single and len(helpdesk.batches) == 1
    assert len(helpdesk.batches[0]) == 10
    stats = read_stats(redis_client, "zendesk")
    assert stats == {"api_requests": 3, "tickets_written": 10, "events_written": 30}


def test_full_batches_go_out_while_the_backlog_lasts(redis_client):
    helpdesk = RecordingHelpdesk()
    writer = make_writer(redis_client, helpdesk, [1000])
    for n in range(BATCH_LIMIT + 5):
        writer.submit(event(str(n)), decision("a"))
    assert writer.flush() == BATCH_LIMIT
    assert [len(b) for b in helpdesk.batches] == [BATCH_LIMIT]


def test_old_pending_work_is_written_even_under_load(redis_client):
    now = [100.0]
    helpdesk = RecordingHelpdesk()
    writer = make_writer(redis_client, helpdesk, [5], clock=lambda: now[0])
    writer.submit(event("1"), decision("a"))
    writer.submit(event("2"), decision("a"))
    assert writer.flush() == 0
    now[0] += 2.5
    assert writer.flush() == 2


def test_outage_gives_the_work_back_and_raises_for_a_retry(redis_client):
    helpdesk, backlog = RecordingHelpdesk(fail_times=1), [3]
    writer = make_writer(redis_client, helpdesk, backlog)
    writer.submit(event("1"), decision("a"))
    writer.submit(event("2"), decision("b"))
    backlog[0] = 0
    with pytest.raises(TransientHelpdeskError):
        writer.flush()
    assert Outbox(redis_client, "zendesk").size() == 2  # nothing lost
    assert writer.flush() == 2
    assert len(helpdesk.batches) == 1


def test_permanent_refusal_is_dropped_not_retried_forever(redis_client):
    helpdesk, backlog = RecordingHelpdesk(fail_times=1, error=HelpdeskError), [3]
    writer = make_writer(redis_client, helpdesk, backlog)
    writer.submit(event("1"), decision("a"))
    writer.submit(event("2"), decision("a"))
    backlog[0] = 0
    assert writer.flush() == 2
    assert Outbox(redis_client, "zendesk").size() == 0
    refused = audit.read_refusals(redis_client)
    assert sorted(r["ticket_id"] for r in refused) == ["1", "2"]
    assert {r["outcome"] for r in refused} == {"refused"}


def test_batching_can_be_turned_off(redis_client):
    helpdesk = RecordingHelpdesk()
    writer = make_writer(redis_client, helpdesk, [100], batching=False)
    writer.submit(event("1"), decision("a"))
    assert len(helpdesk.single) == 1


def test_a_flush_lock_left_by_a_dead_process_is_taken_over(redis_client):
    import subprocess
    import sys

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    import socket

    box = Outbox(redis_client, "zendesk")
    redis_client.set(box.lock_key, f"{socket.gethostname()}:{dead.stdout.strip()}:abc", ex=120)
    with box.flushing() as mine:
        assert mine


def test_a_flush_lock_held_by_a_live_process_is_respected(redis_client):
    import os
    import socket

    box = Outbox(redis_client, "zendesk")
    redis_client.set(box.lock_key, f"{socket.gethostname()}:{os.getppid()}:abc", ex=120)
    with box.flushing() as mine:
        assert not mine


def test_an_idle_event_is_not_held_back_by_other_tickets_parked_writes(redis_client):
    helpdesk = RecordingHelpdesk()
    writer = make_writer(redis_client, helpdesk, [0])
    writer.outbox.put(Pending(event("1"), decision("a")), now=1)
    writer.submit(event("2"), decision("b"))
    assert [e.ticket_id for e, _ in helpdesk.single] == ["2"]  # written at once


def test_a_ticket_with_a_parked_write_is_parked_again_to_keep_its_notes_in_order(redis_client):
    helpdesk = RecordingHelpdesk()
    writer = make_writer(redis_client, helpdesk, [0])
    writer.outbox.put(Pending(event("1", 1), decision("a", note="first")), now=1)
    writer.submit(event("1", 2), decision("b", note="second"))
    assert not helpdesk.single
    assert Outbox(redis_client, "zendesk").claim(10)["1"].events == 2
