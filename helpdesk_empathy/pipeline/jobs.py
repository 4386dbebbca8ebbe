"""The jobs the worker runs: drain the inbox in batches, or handle one event alone."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Sequence
from dataclasses import replace

from rq import get_current_job

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.decision import policy, trajectory
from helpdesk_empathy.errors import TransientHelpdeskError
from helpdesk_empathy.helpdesks.base import read_messages
from helpdesk_empathy.models import Analysis, Decision, TicketEvent
from helpdesk_empathy.ops import aggregates, audit, logs, metrics
from helpdesk_empathy.pipeline import history, runtime, thread_state
from helpdesk_empathy.pipeline.delivery.background_flush import BackgroundFlush
from helpdesk_empathy.pipeline.delivery.outbox import Outbox, Pending
from helpdesk_empathy.pipeline.delivery.writer import Writer
from helpdesk_empathy.pipeline.marks import first_sights
from helpdesk_empathy.pipeline.queue import (
    delivery_id,
    enqueue_single,
    job_id_for,
    make_inbox,
    make_queue,
    payload_to_event,
    schedule_drain,
)

log = logging.getLogger(__name__)

APPLIED_PREFIX = "he:applied:"
DRAIN_BATCH = 100
# After this long a drain job schedules a successor and ends, far below RQ's job timeout.
DRAIN_SECONDS = 30.0


def drain_inbox() -> int:
    """Score every waiting event in batches and write them back; returns how many it handled.

    A batch costs a handful of Redis round trips, not a handful per event. Its decisions are
    parked in the outbox and written in one go when the inbox is empty (or a batch is full or
    old), by a background thread while the next batch is scored; an event alone in an idle
    inbox is written at once, for the lowest latency.
    """
    rt = runtime.current()
    inbox = make_inbox(rt.redis, rt.settings)
    inbox.unmark()
    if len(inbox) > DRAIN_BATCH and inbox.mark():
        # More than a batch waits: one more drain job, so the next free worker shares the
        # backlog (and, starting, does the same): a backlog is drained by every idle worker.
        schedule_drain(make_queue(rt.redis, rt.settings), rt.settings)
    job = get_current_job()
    holder = job.id if job else uuid.uuid4().hex
    writers: dict[str, Writer] = {}
    started, handled = time.monotonic(), 0
    with BackgroundFlush(writers) as background:
        while payloads := inbox.take(holder, DRAIN_BATCH):
            alone = len(payloads) == 1 and not len(inbox)
            records = handle_payloads(rt, payloads, writers, park=not alone)
            inbox.finish(holder)  # every event is now parked, written or in its own job
            publish(rt, records)
            background.poke()
            handled += len(payloads)
            if time.monotonic() - started > DRAIN_SECONDS and len(inbox):
                schedule_drain(make_queue(rt.redis, rt.settings), rt.settings)
                return handled
    # Also what earlier jobs parked but could not write (e.g. this is their retry).
    for name in rt.helpdesks:
        (writers.get(name) or make_writer(rt, name)).flush()
    return handled


def handle_payloads(
    rt: runtime.Runtime, payloads: list[dict], writers: dict[str, Writer], *, park: bool
) -> list[dict]:
    """Handle a batch; if it fails as a whole, handle its events one by one instead."""
    events = [payload_to_event(payload) for payload in payloads]
    try:
        return handle_events(rt, events, writers, park=park)
    except Exception:
        log.exception("a batch of %d events failed; handling them one by one", len(events))
    records = []
    for payload, event in zip(payloads, events, strict=True):
        try:
            records += handle_events(rt, [event], writers, park=park)
        except Exception:
            # One event that cannot be handled must not hold up the others: it goes on alone,
            # with RQ's retries and failed registry behind it.
            log.exception("ticket %s: handing the event to its own job", event.ticket_id)
            enqueue_single(rt.redis, rt.settings, payload)
    return records


def process_event(payload: dict) -> dict:
    """One event as its own job; a TransientHelpdeskError makes RQ retry it later."""
    rt = runtime.current()
    event = payload_to_event(payload)
    writers = {event.helpdesk: make_writer(rt, event.helpdesk)}
    records = handle_events(rt, [event], writers, park=False)
    writers[event.helpdesk].flush()
    publish(rt, records)
    return records[0] if records else {}  # none: an ids-only event with no message to score


def handle_events(
    rt: runtime.Runtime, events: Sequence[TicketEvent], writers: dict[str, Writer], *, park: bool
) -> list[dict]:
    """Analyse, decide and hand each decision to its writer, once per event; audit records.

    Redis work is done for the whole batch at once: contacts, then scores, then hand-over.
    """
    events = _read_messages(rt, events)
    # When the customer wrote, not when we got to it: late or out-of-order jobs sort right.
    times = [event.received_at or time.time() for event in events]
    known = [(e, t) for e, t in zip(events, times, strict=True) if e.requester_id]
    counts = history.count_contacts(
        rt.redis,
        [(e.requester_id, e.ticket_id, t) for e, t in known],
        window_days=rt.settings.contact_window_days,
    )
    contacts = {id(e): count for (e, _), count in zip(known, counts, strict=True)}
    analyses = [analyze(e.text, contact_count=contacts.get(id(e), 0)) for e in events]
    kept = rt.rules.trajectory
    histories = history.record_scores(
        rt.redis,
        [
            (e.ticket_id, e.event_id, a.compound, a.frustration, t)
            for e, a, t in zip(events, analyses, times, strict=True)
        ],
        ttl_seconds=kept.ttl_days * 86400,
        keep=kept.keep,
    )
    decisions = _decide_in_order(rt, events, analyses, histories, times)
    _submit_once(rt, list(zip(events, decisions, strict=True)), writers, park=park)
    now = time.time()
    return [
        audit.audit_record(e, a, d, now=now)
        for e, a, d in zip(events, analyses, decisions, strict=True)
    ]


def _decide_in_order(
    rt: runtime.Runtime,
    events: Sequence[TicketEvent],
    analyses: Sequence[Analysis],
    histories: Sequence[list[tuple[float, int]]],
    times: Sequence[float],
) -> list[Decision]:
    """Decide each event knowing what the ticket's earlier messages decided (notes, drafts)."""
    kept = rt.rules.trajectory
    threads = thread_state.load(rt.redis, [event.ticket_id for event in events])
    decisions, facts = [], []
    for event, analysis, points, at in zip(events, analyses, histories, times, strict=True):
        known = threads.setdefault(event.ticket_id, {})
        decision, fact = policy.decide_with_facts(
            analysis,
            replace(event, received_at=at),
            rt.rules,
            trajectory=trajectory.assess(points, kept.thresholds),
            thread=thread_state.state_before(known, event.event_id, at),
        )
        # A later message of the same ticket in this batch sees this one.
        known.setdefault(event.event_id, fact)
        decisions.append(decision)
        facts.append((event.ticket_id, event.event_id, fact))
    thread_state.save(
        rt.redis, facts, ttl_seconds=kept.ttl_days * 86400, keep=kept.keep, known=threads
    )
    return decisions


def _read_messages(rt: runtime.Runtime, events: Sequence[TicketEvent]) -> list[TicketEvent]:
    """Ids-only webhooks get their message from the helpdesk's API now.

    Such webhooks have nothing to dedupe on at intake: a message read and handed over before
    (the same conversation reached through a repeated call) is dropped here instead.
    """
    ready = read_messages(rt.helpdesks, events)
    originals = {id(event) for event in events}
    fetched = [event for event in ready if id(event) not in originals]
    if not fetched:
        return ready
    keys = [APPLIED_PREFIX + f"{event.helpdesk}:{event.event_id}" for event in fetched]
    done = {id(e) for e, seen in zip(fetched, rt.redis.mget(keys), strict=True) if seen}
    return [event for event in ready if id(event) not in done]


def _submit_once(
    rt: runtime.Runtime,
    items: list[tuple[TicketEvent, Decision]],
    writers: dict[str, Writer],
    *,
    park: bool,
) -> None:
    """Hand decisions to the writers, skipping events already handed over (a retried job)."""
    keys = [APPLIED_PREFIX + f"{event.helpdesk}:{event.event_id}" for event, _ in items]
    done = rt.redis.mget(keys) if keys else []
    fresh = [item for item, seen in zip(items, done, strict=True) if not seen]
    for event, decision in fresh:
        if event.helpdesk not in writers:
            writers[event.helpdesk] = make_writer(rt, event.helpdesk)
        if not park:
            with logs.bound(job_id_for(event)):
                try:
                    writers[event.helpdesk].submit(event, decision)
                except TransientHelpdeskError as error:
                    # The helpdesk is away: keep the write in the outbox for the next flush.
                    log.info("ticket %s: parked, helpdesk unavailable (%s)", event.ticket_id, error)
                    writers[event.helpdesk].outbox.put(Pending(event, decision), now=time.time())
    if park:
        now = time.time()
        for name in {event.helpdesk for event, _ in fresh}:
            pending = [Pending(e, d) for e, d in fresh if e.helpdesk == name]
            writers[name].outbox.put_many(pending, now=now)
    handed_over = [key for key, seen in zip(keys, done, strict=True) if not seen]
    first_sights(rt.redis, handed_over, rt.settings.dedupe_ttl_seconds)


def publish(rt: runtime.Runtime, records: list[dict]) -> None:
    """Audit trail, dashboard aggregates, metrics and a log line each: scores, never text."""
    if not records:
        return
    audit.write_audits(rt.redis, records)
    aggregates.record_many(
        rt.redis,
        [(record, record["topic_tags"], None) for record in records],
        ignore_prefix=rt.rules.tags.prefix,
    )
    metrics.observe_jobs(rt.redis, records)
    for record in records:
        with logs.bound(delivery_id(record["helpdesk"], record["event_id"])):
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
    return Writer(
        helpdesk_name,
        rt.helpdesks[helpdesk_name],
        Outbox(rt.redis, helpdesk_name),
        batching=rt.settings.batch_writes,
        max_delay=rt.settings.batch_max_delay_seconds,
        # Events still to score; queued drain jobs are not events (and often find nothing).
        backlog=lambda: len(inbox),
    )
