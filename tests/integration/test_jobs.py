"""The worker's job in-process: a real RQ worker, real Redis, the stub over real HTTP."""

from __future__ import annotations

import time

import pytest
import redis
from builders import event_for, settings_for
from rq import SimpleWorker
from rq.registry import FailedJobRegistry, FinishedJobRegistry, ScheduledJobRegistry

from helpdesk_empathy.dev.stubs.state import Failure
from helpdesk_empathy.ops import audit
from helpdesk_empathy.pipeline import runtime
from helpdesk_empathy.pipeline.delivery.outbox import Outbox
from helpdesk_empathy.pipeline.jobs import (
    DRAIN_BATCH,
    decide,
    delivery_for,
    drain_inbox,
    enqueue_single,
)
from helpdesk_empathy.pipeline.queue import enqueue_event, event_fields, make_inbox, make_queue
from helpdesk_empathy.pipeline.recovery import rename_old_jobs


@pytest.fixture
def settings(redis_server, redis_client, stub):
    url, state = stub
    settings = settings_for(
        redis_server.url,
        url,
        state,
        escalation_group_id="55",
        queue_name="jobs-test",
        job_retries=2,
    )
    runtime.install(runtime.build(settings, redis_client))
    yield settings
    runtime.install(None)


def work(redis_client, settings) -> None:
    queue = make_queue(redis_client, settings)
    SimpleWorker([queue], connection=redis_client).work(burst=True)


def test_a_queued_event_is_scored_written_back_and_audited(stub, settings, redis_client):
    _, state = stub
    text = "I was charged twice and nobody answers my emails. I want a refund now!"
    ticket = state.add_ticket(text=text, priority="low", tags=["billing"])
    enqueue_event(redis_client, settings, event_for(ticket, text, "ev-1"))
    work(redis_client, settings)

    updated = state.get_ticket(ticket["id"])
    assert updated["tags"][0] == "billing"
    assert "empathy_processed" in updated["tags"]
    assert updated["priority"] != "low"  # raised
    [record] = audit.read_audit(redis_client)
    assert record["ticket_id"] == str(ticket["id"])
    assert record["level"] in {"negative", "very_negative"}
    assert "billing" in record["signals"]
    assert text not in str(record)  # the audit keeps scores and signals, never text


def test_helpdesk_outage_schedules_a_retry_and_keeps_the_write(stub, settings, redis_client):
    _, state = stub
    ticket = state.add_ticket(text="Still waiting for my parcel.")
    state.failure = Failure(count=1000, status=503)
    enqueue_event(redis_client, settings, event_for(ticket, "Still waiting.", "ev-2"))
    work(redis_client, settings)

    queue = make_queue(redis_client, settings)
    assert ScheduledJobRegistry(queue=queue).count == 1  # waiting for its backoff
    assert Outbox(redis_client, "zendesk").size() == 1  # the decided write is kept
    assert not [c for c in state.get_comments(ticket["id"]) if not c["public"]]

    state.failure = Failure()  # the helpdesk is back: the retry (run now) writes it, once
    [job_id] = ScheduledJobRegistry(queue=queue).get_job_ids()
    queue.enqueue_job(queue.fetch_job(job_id))
    work(redis_client, settings)
    notes = [c for c in state.get_comments(ticket["id"]) if not c["public"]]
    assert len(notes) == 1
    assert Outbox(redis_client, "zendesk").size() == 0


def test_a_single_event_job_out_of_retries_is_parked_for_an_admin(stub, settings, redis_client):
    _, state = stub
    ticket = state.add_ticket(text="Still waiting for my parcel.")
    state.failure = Failure(count=1000, status=500)
    no_retry = settings.with_overrides(job_retries=0)
    runtime.install(runtime.build(no_retry, redis_client))
    enqueue_single(runtime.current(), event_for(ticket, "Still waiting.", "ev-3"))
    work(redis_client, no_retry)

    failed = FailedJobRegistry(queue=make_queue(redis_client, no_retry))
    assert failed.count == 1  # parked for an admin to see and requeue
    assert Outbox(redis_client, "zendesk").size() == 1  # the write waits for the next flush


def test_a_helpdesk_down_for_long_keeps_its_write_and_a_drain_at_most_a_minute_away(
    stub, settings, redis_client
):
    """Parked writes are safe whatever happens, so drains keep coming back for them at a
    backoff capped at a minute, never given up (RQ's retries would wait hours, then stop)."""
    _, state = stub
    ticket = state.add_ticket(text="Still waiting for my parcel.")
    state.failure = Failure(count=1000, status=500)
    enqueue_event(redis_client, settings, event_for(ticket, "Still waiting.", "ev-4"))
    queue = make_queue(redis_client, settings)
    scheduled = ScheduledJobRegistry(queue=queue)
    waits = []
    for _ in range(5):
        work(redis_client, settings)
        [job_id] = scheduled.get_job_ids()
        job = queue.fetch_job(job_id)
        waits.append(scheduled.get_scheduled_time(job).timestamp() - time.time())
        scheduled.remove(job)
        queue.enqueue_job(job)  # its time has come
    assert [round(wait / 5) * 5 for wait in waits] == [5, 10, 20, 40, 60]
    assert FailedJobRegistry(queue=queue).count == 0
    assert Outbox(redis_client, "zendesk").size() == 1

    state.failure = Failure()  # back: the next drain writes it, once
    work(redis_client, settings)
    assert sum(not c["public"] for c in state.get_comments(ticket["id"])) == 1
    assert Outbox(redis_client, "zendesk").size() == 0


def test_a_burst_is_written_in_batches_and_an_outage_mid_burst_loses_nothing(
    stub, settings, redis_client
):
    _, state = stub
    tickets = [state.add_ticket(text="Where is my order?") for _ in range(150)]
    for n, ticket in enumerate(tickets):
        text = f"Order {n} is two weeks late and nobody answers!"
        enqueue_event(redis_client, settings, event_for(ticket, text, f"burst-{n}"))
    state.failure = Failure(count=1000, status=503)  # the background writer meets an outage
    work(redis_client, settings)

    queue = make_queue(redis_client, settings)
    waiting = ScheduledJobRegistry(queue=queue).get_job_ids()
    assert waiting  # the drain jobs failed and wait for their retry
    assert Outbox(redis_client, "zendesk").size() == 150  # every decision kept
    assert len(audit.read_audit(redis_client, count=500)) == 150

    state.failure = Failure()
    for job_id in waiting:
        queue.enqueue_job(queue.fetch_job(job_id))
    work(redis_client, settings)
    assert Outbox(redis_client, "zendesk").size() == 0
    for ticket in tickets:
        notes = [c for c in state.get_comments(ticket["id"]) if not c["public"]]
        assert len(notes) == 1
    assert any("update_many" in r["path"] for r in state.request_log())  # batched, not 150 PUTs


def test_a_retried_batch_hands_each_event_over_once(stub, settings, redis_client):
    _, state = stub
    ticket = state.add_ticket(text="The app crashes.")
    events = [event_for(ticket, "The app crashes AGAIN. Third time I write!", "retry-1")]
    rt = runtime.current()
    delivery = delivery_for(rt, backlog=lambda: 5)
    decided, _ = decide(rt, events)
    delivery.hand_over(decided, alone=False)
    decided, _ = decide(rt, events)  # the same batch, as a retried job sees it
    delivery.hand_over(decided, alone=False)

    outbox = Outbox(redis_client, "zendesk")
    [pending] = outbox.claim(10).values()
    assert pending.events == 1  # not merged with itself into a doubled note
    assert redis_client.ttl("he:applied:zendesk:retry-1") > 0  # the marker expires


def test_a_backlog_bigger_than_a_batch_is_shared_with_other_workers(stub, settings, redis_client):
    _, state = stub
    for n in range(DRAIN_BATCH + 50):
        ticket = state.add_ticket(text="Where is my order?")
        enqueue_event(redis_client, settings, event_for(ticket, "Still nothing.", f"share-{n}"))
    queue = make_queue(redis_client, settings)
    assert queue.count == 1  # the deliveries scheduled one drain job between them

    work(redis_client, settings)
    # The first job, seeing more than a batch, scheduled a second one for another worker.
    assert FinishedJobRegistry(queue=queue).count == 2
    assert len(audit.read_audit(redis_client, count=500)) == DRAIN_BATCH + 50


def test_a_backlog_of_one_batch_needs_one_job(stub, settings, redis_client):
    _, state = stub
    for n in range(DRAIN_BATCH):
        ticket = state.add_ticket(text="Where is my order?")
        enqueue_event(redis_client, settings, event_for(ticket, "Still nothing.", f"one-{n}"))
    work(redis_client, settings)
    assert FinishedJobRegistry(queue=make_queue(redis_client, settings)).count == 1


def test_jobs_queued_by_the_previous_layout_run_after_an_upgrade_in_place(
    stub, settings, redis_client
):
    """A running deployment has jobs queued under the old function paths; a new worker must
    run them (an unknown function would fail them all)."""
    _, state = stub
    first = state.add_ticket(text="My parcel is late.")
    second = state.add_ticket(text="My parcel is late.")
    enqueue_event(redis_client, settings, event_for(first, "Still no parcel!", "old-drain"))
    queue = make_queue(redis_client, settings)
    [drain] = queue.jobs
    drain.func_name = "helpdesk_empathy.jobs.drain_inbox"  # as the previous release queued it
    drain.save()
    old_payload = event_fields(event_for(second, "Still no parcel, again!", "old-single"), text="")
    old_payload["text"] = "Still no parcel, again!"  # the previous release carried the text
    queue.enqueue_call("helpdesk_empathy.jobs.process_event", args=(old_payload,))

    assert rename_old_jobs(queue) == 2
    work(redis_client, settings)
    assert FailedJobRegistry(queue=queue).count == 0
    for ticket in (first, second):
        assert len([c for c in state.get_comments(ticket["id"]) if not c["public"]]) == 1


def test_a_job_outside_a_worker_says_no_runtime_is_installed(settings):
    runtime.install(None)
    with pytest.raises(runtime.NoRuntime):
        runtime.current()


def test_redis_going_away_as_a_batch_is_audited_keeps_its_events_to_audit_later(
    stub, settings, redis_client, monkeypatch
):
    """The batch's "done" and its audit go together: a Redis outage between the two once
    left a written event finished but never audited."""
    _, state = stub
    ticket = state.add_ticket(text="Where is my order?")
    enqueue_event(redis_client, settings, event_for(ticket, "Still nothing. Third time!", "gone"))
    send = redis.client.Pipeline.execute
    outage = {"left": 1}

    def execute(pipe, *args, **kwargs):
        audit_queued = any(audit.AUDIT_STREAM in map(str, args) for args, _ in pipe.command_stack)
        if audit_queued and outage["left"]:
            outage["left"] -= 1
            pipe.reset()
            raise redis.ConnectionError("Connection closed by server.")
        return send(pipe, *args, **kwargs)

    monkeypatch.setattr(redis.client.Pipeline, "execute", execute)
    work(redis_client, settings)  # written, then Redis goes away as it is audited
    assert audit.read_audit(redis_client) == []
    assert len(make_inbox(redis_client, settings)) == 1  # back in the inbox, not lost

    drain_inbox()  # the next drain: audited, and not written a second time
    [record] = audit.read_audit(redis_client)
    assert record["event_id"] == "gone"
    assert len(make_inbox(redis_client, settings)) == 0
    assert sum(not comment["public"] for comment in state.get_comments(ticket["id"])) == 1
