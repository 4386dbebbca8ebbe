"""Audit trail: one record per processed event, scores and signals only, never text."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass

import orjson
import redis

from helpdesk_empathy import keys
from helpdesk_empathy.models import Analysis, Decision, TicketEvent

log = logging.getLogger(__name__)

AUDIT_STREAM = keys.AUDIT
# Writes the helpdesk refused for good (deleted ticket, invalid value): kept apart from the
# decision records, which count processed events.
REFUSED_STREAM = keys.AUDIT_REFUSED
# Bounded memory: Redis trims the stream to roughly this many records.
AUDIT_MAX_RECORDS = 100_000


@dataclass(frozen=True)
class AuditRecord:
    """The explanation of one decision, safe to keep: ids, scores, signals, actions."""

    at: float
    helpdesk: str
    ticket_id: str
    event_id: str
    language: str = ""
    level: str = ""
    compound: float = 0.0
    frustration: int = 0
    signals: tuple[str, ...] = ()
    # Where each signal fired: (signal, start, end) offsets only, never the quoted words.
    evidence: tuple[tuple[str, int, int], ...] = ()
    tags: tuple[str, ...] = ()
    topic_tags: tuple[str, ...] = ()  # the ticket's own labels: which topics hurt
    min_priority: str | None = None
    route_group_id: str | None = None
    escalate: bool = False
    reasons: tuple[str, ...] = ()
    escalation_rules: tuple[str, ...] = ()  # Decision.escalation_keys: names, never text
    latency_seconds: float | None = None

    def as_dict(self) -> dict:
        """JSON-ready, lists for tuples: the stream's, the dashboard's and the metrics' shape."""
        data = {
            field.name: list(value) if isinstance(value, tuple) else value
            for field in dataclasses.fields(self)
            for value in (getattr(self, field.name),)
        }
        data["evidence"] = [
            {"signal": signal, "start": start, "end": end} for signal, start, end in self.evidence
        ]
        return data


def audit_record(
    event: TicketEvent, analysis: Analysis, decision: Decision, *, now: float
) -> AuditRecord:
    return AuditRecord(
        at=round(now, 3),
        helpdesk=event.helpdesk,
        ticket_id=event.ticket_id,
        event_id=event.event_id,
        language=analysis.language,
        level=analysis.level,
        compound=round(analysis.compound, 4),
        frustration=analysis.frustration,
        signals=tuple(signal.name for signal in analysis.signals),
        evidence=tuple((item.signal, item.start, item.end) for item in analysis.evidence),
        tags=tuple(decision.add_tags),
        topic_tags=tuple(event.tags),
        min_priority=decision.min_priority,
        route_group_id=decision.route_group_id,
        escalate=decision.escalate,
        reasons=tuple(decision.reasons),
        escalation_rules=tuple(decision.escalation_keys),
        latency_seconds=round(now - event.received_at, 3) if event.received_at else None,
    )


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


def write_audits(
    connection: redis.Redis,
    records: list[AuditRecord],
    *,
    also: Callable[[redis.client.Pipeline], object] | None = None,
) -> None:
    """Append the records; `also` queues more commands that must happen with them, or not at
    all (one transaction)."""
    with connection.pipeline(transaction=also is not None) as pipe:
        append_records(pipe, AUDIT_STREAM, [record.as_dict() for record in records])
        if also is not None:
            also(pipe)
        pipe.execute()


def write_refusals(connection: redis.Redis, records: list[dict]) -> None:
    with connection.pipeline(transaction=False) as pipe:
        append_records(pipe, REFUSED_STREAM, records)
        pipe.execute()


def read_audit(connection: redis.Redis, count: int = 100) -> list[dict]:
    """Newest first."""
    return read_records(connection, AUDIT_STREAM, count)


def read_refusals(connection: redis.Redis, count: int = 100) -> list[dict]:
    """Newest first."""
    return read_records(connection, REFUSED_STREAM, count)


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
