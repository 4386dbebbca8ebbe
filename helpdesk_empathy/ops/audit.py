"""Audit trail: one record per processed event, scores and signals only, never text."""

from __future__ import annotations

import logging

import orjson
import redis

from helpdesk_empathy.models import Analysis, Decision, TicketEvent

log = logging.getLogger(__name__)

AUDIT_STREAM = "he:audit"
# Bounded memory: Redis trims the stream to roughly this many records.
AUDIT_MAX_RECORDS = 100_000


def audit_record(event: TicketEvent, analysis: Analysis, decision: Decision, *, now: float) -> dict:
    """The explanation of one decision, safe to keep: ids, scores, signals, actions."""
    return {
        "at": round(now, 3),
        "helpdesk": event.helpdesk,
        "ticket_id": event.ticket_id,
        "event_id": event.event_id,
        "language": analysis.language,
        "level": analysis.level,
        "compound": round(analysis.compound, 4),
        "frustration": analysis.frustration,
        "signals": [signal.name for signal in analysis.signals],
        # Where each signal fired: names and offsets only, never the quoted words.
        "evidence": [
            {"signal": item.signal, "start": item.start, "end": item.end}
            for item in analysis.evidence
        ],
        "tags": list(decision.add_tags),
        "topic_tags": list(event.tags),  # the ticket's own labels: which topics hurt
        "min_priority": decision.min_priority,
        "route_group_id": decision.route_group_id,
        "escalate": decision.escalate,
        "reasons": list(decision.reasons),
        "latency_seconds": round(now - event.received_at, 3) if event.received_at else None,
    }


def write_audit(connection: redis.Redis, record: dict) -> None:
    write_audits(connection, [record])


def append_records(pipe: redis.client.Pipeline, stream: str, records: list[dict]) -> None:
    """Queue the records on a bounded audit stream (Redis trims it to about AUDIT_MAX_RECORDS)."""
    for record in records:
        pipe.xadd(
            stream,
            {"record": orjson.dumps(record, option=orjson.OPT_SORT_KEYS)},
            maxlen=AUDIT_MAX_RECORDS,
            approximate=True,
        )


def read_records(connection: redis.Redis, stream: str, count: int = 100) -> list[dict]:
    """The stream's latest records, newest first."""
    entries = connection.xrevrange(stream, count=count)
    return [orjson.loads(fields[b"record"]) for _, fields in entries]


def write_audits(connection: redis.Redis, records: list[dict]) -> None:
    with connection.pipeline(transaction=False) as pipe:
        append_records(pipe, AUDIT_STREAM, records)
        pipe.execute()


def read_audit(connection: redis.Redis, count: int = 100) -> list[dict]:
    """Newest first."""
    return read_records(connection, AUDIT_STREAM, count)


# Writes the helpdesk refused for good (deleted ticket, invalid value): kept apart from the
# decision records, which count processed events.
REFUSED_STREAM = "he:audit:refused"


def refusal_record(event: TicketEvent, reason: str, *, events: int, now: float) -> dict:
    """Why a ticket's write-back was given up: ids and the helpdesk's status, never text."""
    return {
        "at": round(now, 3),
        "helpdesk": event.helpdesk,
        "ticket_id": event.ticket_id,
        "event_id": event.event_id,
        "events": events,
        "outcome": "refused",
        "reason": reason[:300],
    }


def write_refusals(connection: redis.Redis, records: list[dict]) -> None:
    with connection.pipeline(transaction=False) as pipe:
        append_records(pipe, REFUSED_STREAM, records)
        pipe.execute()


def read_refusals(connection: redis.Redis, count: int = 100) -> list[dict]:
    """Newest first."""
    return read_records(connection, REFUSED_STREAM, count)
