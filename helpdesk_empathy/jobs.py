"""The jobs the worker runs: drain the inbox in batches, or handle one event alone."""

from __future__ import annotations

import logging
import time
import uuid

from rq import get_current_job

from . import aggregates, audit, history, logs, metrics, policy, runtime, trajectory
from .analysis import analyze
from .models import Decision, TicketEvent
from .outbox import Outbox, Pending
from .queue import (
    enqueue_single,
    job_id_for,
    make_inbox,
    make_queue,
    payload_to_event,
    schedule_drain,
)
from .writeback import Writer

log = logging.getLogger(__name__)

APPLIED_PREFIX = "he:applied:"
DRAIN_BATCH = 100
# After this long a drain job schedules a successor and ends, far below RQ's job timeout.
DRAIN_SECONDS = 30.0


def drain_inbox() -> int:
    """Score every waiting event in batches and write them back; returns how many it handled.

    Events are parked in the outbox as they are scored, and written in one go when the inbox
    is empty (or a batch is full or old): one RQ job and a few API requests for a whole burst.
    """
    rt = runtime.current()
    inbox = make_inbox(rt.redis, rt.settings)
    inbox.unmark()
    job = get_current_job()
    holder = job.id if job else uuid.uuid4().hex
    writers: dict[str, Writer] = {}
    started, handled = time.monotonic(), 0
    while payloads := inbox.take(holder, DRAIN_BATCH):
        for payload in payloads:
            event = payload_to_event(payload)
            writer = writers.get(event.helpdesk) or make_writer(rt, event.helpdesk)
            writers[event.helpdesk] = writer
            try:
                publish(rt, handle(rt, event, writer, park=True))
            except Exception:
                # One event that cannot be handled must not hold up the batch: it goes on alone,
                # with RQ's retries and failed registry behind it.
                log.exception("ticket %s: handing the event to its own job", event.ticket_id)
                enqueue_single(rt.redis, rt.settings, payload)
        inbox.finish(holder)  # every event is now parked in the outbox or in its own job
        for writer in writers.values():
            writer.flush()
        handled += len(payloads)
        if time.monotonic() - started > DRAIN_SECONDS and len(inbox):
            schedule_drain(make_queue(rt.redis, rt.settings), rt.settings)
            return handled
    # Also what earlier jobs parked but could not write (e.g. this is their retry).
    for name in rt.helpdesks:
        writers.get(name, make_writer(rt, name)).flush()
    return handled


def process_event(payload: dict) -> dict:
    """One event as its own job; a TransientHelpdeskError makes RQ retry it later."""
    rt = runtime.current()
    event = payload_to_event(payload)
    writer = make_writer(rt, event.helpdesk)
    record = handle(rt, event, writer, park=False)
    writer.flush()
    publish(rt, record)
    return record


def handle(rt: runtime.Runtime, event: TicketEvent, writer: Writer, *, park: bool) -> dict:
    """Analyse, decide and hand the decision to the writer, once per event. Returns the audit."""
    # Log lines about this event carry its delivery id, the same one the receiver logged.
    with logs.bound(job_id_for(event)):
        return _handle(rt, event, writer, park=park)


def _handle(rt: runtime.Runtime, event: TicketEvent, writer: Writer, *, park: bool) -> dict:
    # When the customer wrote, not when we got to it: late or out-of-order jobs sort right.
    now = event.received_at or time.time()
    contacts = 0
    if event.requester_id:
        contacts = history.count_recent_contacts(
            rt.redis,
            event.requester_id,
            event.ticket_id,
            now=now,
            window_days=rt.settings.contact_window_days,
        )
    analysis = analyze(event.text, contact_count=contacts)
    kept = rt.rules.trajectory
    points = history.record_score(
        rt.redis,
        event.ticket_id,
        event.event_id,
        analysis.compound,
        analysis.frustration,
        now=now,
        ttl_seconds=kept.ttl_days * 86400,
        keep=kept.keep,
    )
    trend = trajectory.assess(points, kept.thresholds)
    decision = policy.decide(analysis, event, rt.rules, trajectory=trend)
    _submit_once(rt, event, decision, writer, park=park)
    return audit.audit_record(event, analysis, decision, now=time.time())


def _submit_once(
    rt: runtime.Runtime, event: TicketEvent, decision: Decision, writer: Writer, *, park: bool
) -> None:
    applied_key = APPLIED_PREFIX + f"{event.helpdesk}:{event.event_id}"
    if rt.redis.exists(applied_key):
        # A retry after the write-back was done or parked (e.g. the worker died just after).
        log.info("ticket %s: event already handed to the writer", event.ticket_id)
        return
    if park:
        writer.outbox.put(Pending(event, decision), now=time.time())
    else:
        writer.submit(event, decision)
    rt.redis.set(applied_key, 1, ex=rt.settings.dedupe_ttl_seconds)


def publish(rt: runtime.Runtime, record: dict) -> None:
    """Audit trail, dashboard aggregates, metrics and one log line: scores, never text."""
    audit.write_audit(rt.redis, record)
    aggregates.record(
        rt.redis, record, topic_tags=record["topic_tags"], ignore_prefix=rt.rules.tags.prefix
    )
    metrics.observe_job(rt.redis, record)
    log.info(
        "ticket %s: level=%s frustration=%d signals=%s escalate=%s",
        record["ticket_id"],
        record["level"],
        record["frustration"],
        ",".join(record["signals"]) or "-",
        record["escalate"],
    )


def make_writer(rt: runtime.Runtime, helpdesk_name: str) -> Writer:
    inbox = make_inbox(rt.redis, rt.settings)
    queue = make_queue(rt.redis, rt.settings)
    return Writer(
        helpdesk_name,
        rt.helpdesks[helpdesk_name],
        Outbox(rt.redis, helpdesk_name),
        batching=rt.settings.batch_writes,
        max_delay=rt.settings.batch_max_delay_seconds,
        backlog=lambda: len(inbox) + queue.count,
    )
