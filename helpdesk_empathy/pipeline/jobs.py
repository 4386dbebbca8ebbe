"""The jobs the worker runs: drain the inbox in batches, or handle one event alone.

Each reads as: analyse -> decide -> hand over (write or park) -> publish (audit, figures).
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

import redis
from rq import get_current_job

from helpdesk_empathy import keys
from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.decision import policy, trajectory
from helpdesk_empathy.errors import TransientHelpdeskError
from helpdesk_empathy.helpdesks.base import read_messages
from helpdesk_empathy.models import Analysis, Decision, TicketEvent
from helpdesk_empathy.ops import aggregates, audit, logs, metrics
from helpdesk_empathy.pipeline import history, runtime, thread_state
from helpdesk_empathy.pipeline.delivery.backoff import WriteBackoff
from helpdesk_empathy.pipeline.delivery.handover import Delivery
from helpdesk_empathy.pipeline.inbox import Inbox
from helpdesk_empathy.pipeline.queue import (
    DRAIN_FUNCTION,
    FAILURE_TTL_SECONDS,
    JOB_FUNCTION,
    delivery_id,
    event_fields,
    job_id_for,
    job_retry,
    make_inbox,
    make_queue,
    payload_to_event,
    retry_horizon_seconds,
)

log = logging.getLogger(__name__)

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
    inbox.start_drain(DRAIN_BATCH)
    job = get_current_job()
    holder = job.id if job else uuid.uuid4().hex
    backoff = WriteBackoff(rt.redis, rt.settings.queue_name)
    try:
        handled = _drain(rt, inbox, holder)
    except TransientHelpdeskError as error:
        # The helpdesk is slow or away: what was decided is parked in the outbox, so a drain
        # comes back to write it after a backoff capped at a minute (RQ's grows to hours).
        with contextlib.suppress(redis.RedisError):
            inbox.give_back(holder)
        metrics.count_failed_attempt(rt.redis, error)
        delay = backoff.failed()
        log.warning("helpdesk unavailable (%s): writing again in %.0f s", error, delay)
        wake_later(rt, delay)
        return 0
    except Exception:
        # Failed (it will be retried after a backoff): its events go back to the inbox now, for
        # any worker to take, instead of waiting for this job's retry.
        with contextlib.suppress(redis.RedisError):
            inbox.give_back(holder)
        raise
    backoff.succeeded()
    return handled


def _drain(rt: runtime.Runtime, inbox: Inbox, holder: str) -> int:
    started, handled = time.monotonic(), 0
    with delivery_for(rt, backlog=lambda: len(inbox)) as delivery:
        while payloads := inbox.take(holder, DRAIN_BATCH):
            events = [payload_to_event(payload) for payload in payloads]
            decided, records = decide_each(rt, events)
            alone = len(payloads) == 1 and not len(inbox)
            for event, _ in delivery.hand_over(decided, alone=alone):
                enqueue_single(rt, event)
            # Every event is now parked, written or in its own job: finished and audited at
            # once, so Redis going away in between can neither drop the audit nor redo them.
            publish(rt, records, finish=lambda pipe: inbox.finish(holder, pipe))
            delivery.poke()
            handled += len(payloads)
            if time.monotonic() - started > DRAIN_SECONDS and len(inbox):
                inbox.schedule(None)
                return handled
    # Also what earlier jobs parked but could not write (e.g. this is their retry).
    delivery.flush_all()
    return handled


def process_event(payload: dict) -> dict | None:
    """One event as its own job; a TransientHelpdeskError makes RQ retry it later.

    The job's arguments hold ids and metadata only; the message waits under its own key until
    the job's last retry is over (older jobs carried it in `text`).
    """
    rt = runtime.current()
    event = payload_to_event(payload)
    text_key = keys.TEXT + job_id_for(event)
    text = event.text or (rt.redis.get(text_key) or b"").decode()
    if text:
        event = replace(event, text=text)
    else:
        # Its text expired (a failed job re-queued later): read it again if the helpdesk can.
        log.info("ticket %s: the message is no longer kept; reading it again", event.ticket_id)
        event = replace(event, fetch_text=True)
    try:
        decided, records = decide(rt, [event])
        if not decided:
            return None  # no message to score (any more)
        with delivery_for(rt, backlog=lambda: 0) as delivery:
            if delivery.hand_over(decided):
                raise RuntimeError(f"ticket {event.ticket_id}: the write failed")
        delivery.writer(event.helpdesk).flush()
    except Exception:
        job = get_current_job()
        if job is None or not job.retries_left:
            rt.redis.delete(text_key)  # a failed job keeps ids and metadata, never the text
        raise
    rt.redis.delete(text_key)
    publish(rt, records)
    return records[0].as_dict()


def enqueue_single(rt: runtime.Runtime, event: TicketEvent):
    """An event as its own job: RQ retries it alone and parks it as failed if it keeps failing.

    Its text is kept apart, expiring after the last retry, so a failed job holds no text.
    """
    horizon = retry_horizon_seconds(rt.settings)
    rt.redis.set(keys.TEXT + job_id_for(event), event.text, ex=horizon)
    return make_queue(rt.redis, rt.settings).enqueue_call(
        JOB_FUNCTION,
        args=(event_fields(event, text=""),),
        retry=job_retry(rt.settings),
        result_ttl=60,
        failure_ttl=FAILURE_TTL_SECONDS,
        description=f"{event.helpdesk} ticket {event.ticket_id} event",
    )


def handle_events(rt: runtime.Runtime, events: Sequence[TicketEvent]) -> list[dict]:
    """Decide and write now, without the inbox (previews, tests); returns the audit records."""
    decided, records = decide(rt, events)
    if delivery_for(rt, backlog=lambda: 0).hand_over(decided):
        raise RuntimeError("a write failed")
    return [record.as_dict() for record in records]


def delivery_for(rt: runtime.Runtime, *, backlog: Callable[[], int]) -> Delivery:
    return Delivery(
        rt.redis,
        rt.helpdesks,
        batching=rt.settings.batch_writes,
        max_delay=rt.settings.batch_max_delay_seconds,
        # Events still to score; queued drain jobs are not events (and often find nothing).
        backlog=backlog,
        handed_over_seconds=rt.settings.dedupe_ttl_seconds,
        wake=lambda delay: wake_later(rt, delay),
    )


def wake_later(rt: runtime.Runtime, delay: float) -> None:
    """A drain job in `delay` seconds (RQ's scheduler), to write what is held back until then
    (tickets at their update limit); at most one per second of wake-up time."""
    at = int(time.time() + delay) + 1
    if rt.redis.set(keys.OUTBOX_WAKE + str(at), 1, nx=True, ex=int(delay) + 60):
        queue = make_queue(rt.redis, rt.settings)
        queue.enqueue_at(
            datetime.fromtimestamp(at, UTC), DRAIN_FUNCTION, result_ttl=60, failure_ttl=86400
        )


def decide_each(
    rt: runtime.Runtime, events: Sequence[TicketEvent]
) -> tuple[list[tuple[TicketEvent, Decision]], list[audit.AuditRecord]]:
    """decide() for a batch; if it fails as a whole, event by event, and an event that
    cannot be decided goes on alone, with RQ's retries and failed registry behind it."""
    try:
        return decide(rt, events)
    except Exception:
        log.exception("a batch of %d events failed; handling them one by one", len(events))
    decided, records = [], []
    for event in events:
        try:
            one, record = decide(rt, [event])
        except Exception:
            log.exception("ticket %s: handing the event to its own job", event.ticket_id)
            enqueue_single(rt, event)
            continue
        decided += one
        records += record
    return decided, records


def decide(
    rt: runtime.Runtime, events: Sequence[TicketEvent]
) -> tuple[list[tuple[TicketEvent, Decision]], list[audit.AuditRecord]]:
    """Analyse and decide each event, with its contact count and score history; audit records.

    Redis work is done for the whole batch at once: contacts, then scores.
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
    now = time.time()
    records = [
        audit.audit_record(e, a, d, now=now)
        for e, a, d in zip(events, analyses, decisions, strict=True)
    ]
    return list(zip(events, decisions, strict=True)), records


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
    marks = [keys.applied(event.helpdesk, event.event_id) for event in fetched]
    done = {id(e) for e, seen in zip(fetched, rt.redis.mget(marks), strict=True) if seen}
    return [event for event in ready if id(event) not in done]


def publish(
    rt: runtime.Runtime,
    records: list[audit.AuditRecord],
    *,
    finish: Callable[[redis.client.Pipeline], object] | None = None,
) -> None:
    """Audit trail, dashboard aggregates, metrics and a log line each: scores, never text.

    `finish` queues what must happen in the audit's transaction (the batch is done).
    """
    plain = [record.as_dict() for record in records]
    # Counted once per event (a redone batch is not counted twice), so before the audit.
    aggregates.record_many(
        rt.redis,
        [(record, record["topic_tags"], None) for record in plain],
        ignore_prefix=rt.rules.tags.prefix,
    )
    audit.write_audits(rt.redis, records, also=finish)
    if not records:
        return
    metrics.observe_jobs(rt.redis, plain)
    for record in records:
        with logs.bound(delivery_id(record.helpdesk, record.event_id)):
            log.info(
                "ticket %s: level=%s frustration=%d signals=%s escalate=%s",
                record.ticket_id,
                record.level,
                record.frustration,
                ",".join(record.signals) or "-",
                record.escalate,
            )
