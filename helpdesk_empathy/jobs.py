"""The job the worker runs: analyse one customer message, decide, write back, audit."""

from __future__ import annotations

import logging
import time

from . import aggregates, audit, history, metrics, policy, runtime, trajectory
from .analysis import analyze
from .outbox import Outbox
from .queue import make_queue, payload_to_event
from .writeback import Writer

log = logging.getLogger(__name__)

APPLIED_PREFIX = "he:applied:"


def process_event(payload: dict) -> dict:
    """Run by RQ; a TransientHelpdeskError makes RQ retry it later. Returns the audit record."""
    rt = runtime.current()
    event = payload_to_event(payload)
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

    writer = make_writer(rt, event.helpdesk)
    applied_key = APPLIED_PREFIX + f"{event.helpdesk}:{event.event_id}"
    if rt.redis.exists(applied_key):
        # A retry after the write-back was done or parked (e.g. the worker died just after).
        log.info("ticket %s: event already handed to the writer", event.ticket_id)
    else:
        writer.submit(event, decision)
        rt.redis.set(applied_key, 1, ex=rt.settings.dedupe_ttl_seconds)
    writer.flush()

    record = audit.audit_record(event, analysis, decision, now=time.time())
    audit.write_audit(rt.redis, record)
    aggregates.record(rt.redis, record, topic_tags=event.tags, ignore_prefix=rt.rules.tags.prefix)
    metrics.observe_job(rt.redis, record)
    log.info(
        "ticket %s: level=%s frustration=%d signals=%s escalate=%s",
        event.ticket_id,
        analysis.level,
        analysis.frustration,
        ",".join(record["signals"]) or "-",
        decision.escalate,
    )
    return record


def make_writer(rt: runtime.Runtime, helpdesk_name: str) -> Writer:
    queue = make_queue(rt.redis, rt.settings)
    return Writer(
        helpdesk_name,
        rt.helpdesks[helpdesk_name],
        Outbox(rt.redis, helpdesk_name),
        batching=rt.settings.batch_writes,
        max_delay=rt.settings.batch_max_delay_seconds,
        backlog=lambda: queue.count,
    )
