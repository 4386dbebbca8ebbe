"""The job the worker runs: analyse one customer message, decide, write back, audit."""

from __future__ import annotations

import logging
import time

from . import audit, history, policy, runtime, trajectory
from .analysis import analyze
from .errors import TransientHelpdeskError
from .queue import payload_to_event

log = logging.getLogger(__name__)

APPLIED_PREFIX = "he:applied:"
# A short Retry-After is cheaper to wait out in place than a trip through the scheduler.
MAX_INLINE_WAIT_SECONDS = 30.0


def process_event(payload: dict) -> dict:
    """Run by RQ. Raises TransientHelpdeskError to make RQ retry later; returns the audit record."""
    rt = runtime.current()
    event = payload_to_event(payload)
    now = time.time()
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
    points = history.record_score(
        rt.redis, event.ticket_id, event.event_id, analysis.compound, analysis.frustration, now=now
    )
    decision = policy.decide(analysis, event, rt.rules, trajectory=trajectory.assess(points))

    applied_key = APPLIED_PREFIX + f"{event.helpdesk}:{event.event_id}"
    if rt.redis.exists(applied_key):
        # A retry after the write-back already succeeded (e.g. the worker died just after it).
        log.info("ticket %s: event already written back, skipping", event.ticket_id)
    else:
        _apply_with_patience(rt, event, decision)
        rt.redis.set(applied_key, 1, ex=rt.settings.dedupe_ttl_seconds)

    record = audit.audit_record(event, analysis, decision, now=time.time())
    audit.write_audit(rt.redis, record)
    log.info(
        "ticket %s: level=%s frustration=%d signals=%s escalate=%s",
        event.ticket_id,
        analysis.level,
        analysis.frustration,
        ",".join(record["signals"]) or "-",
        decision.escalate,
    )
    return record


def _apply_with_patience(rt: runtime.Runtime, event, decision) -> None:
    """Write back; wait out one short rate-limit pause in place, otherwise let RQ retry."""
    helpdesk = rt.helpdesks[event.helpdesk]
    try:
        helpdesk.apply(event, decision)
    except TransientHelpdeskError as error:
        wait = error.retry_after
        if wait is None or wait > MAX_INLINE_WAIT_SECONDS:
            raise
        log.info("ticket %s: helpdesk asked to wait %.1fs", event.ticket_id, wait)
        time.sleep(wait)
        helpdesk.apply(event, decision)
