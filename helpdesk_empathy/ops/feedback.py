"""Agents' thumbs up/down on the panel's drafts: counts and audit records, never any text.

Counts live in one Redis hash (field `<dimension>:<value>:<up|down>`), so the dashboard reads
every share with one HGETALL; each vote is also an audit record (ids and labels only) in its
own bounded stream.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import redis

from helpdesk_empathy import keys
from helpdesk_empathy.decision.replies import CATEGORIES
from helpdesk_empathy.models import UNSUPPORTED_LANGUAGE
from helpdesk_empathy.ops import audit

COUNTS_KEY = keys.FEEDBACK_COUNTS
AUDIT_STREAM = keys.FEEDBACK_AUDIT  # bounded like the decision audit stream
LANGUAGES = ("en", "fr", UNSUPPORTED_LANGUAGE)
DIMENSIONS = ("language", "category")


class BadFeedback(ValueError):
    """The vote is not one the panel sends; the message says what is wrong."""


@dataclass(frozen=True)
class Vote:
    ticket_id: int
    useful: bool
    language: str
    category: str


@dataclass(frozen=True)
class Share:
    """How many drafts agents rated, and the share they found useful (None before any vote)."""

    up: int
    down: int

    @property
    def total(self) -> int:
        return self.up + self.down

    @property
    def useful(self) -> float | None:
        return self.up / self.total if self.total else None


def parse_vote(body: object) -> Vote:
    """A Vote from the decoded JSON body, or BadFeedback saying which field is wrong."""
    if not isinstance(body, Mapping):
        raise BadFeedback("the body must be a JSON object")
    ticket_id, useful = body.get("ticket_id"), body.get("useful")
    language, category = body.get("language"), body.get("category")
    if isinstance(ticket_id, bool) or not isinstance(ticket_id, int) or ticket_id <= 0:
        raise BadFeedback("ticket_id must be a positive integer")
    if not isinstance(useful, bool):
        raise BadFeedback("useful must be true or false")
    if language not in LANGUAGES:
        raise BadFeedback(f"language must be one of {', '.join(LANGUAGES)}")
    if category not in CATEGORIES:
        raise BadFeedback(f"category must be one of {', '.join(CATEGORIES)}")
    return Vote(ticket_id, useful, language, category)


def record(connection: redis.Redis, vote: Vote, *, account: str, now: float) -> None:
    """Count the vote under its language and its category, and keep an audit record of it."""
    side = "up" if vote.useful else "down"
    entry = {
        "at": round(now, 3),
        "kind": "draft_feedback",
        "account": account,
        "ticket_id": vote.ticket_id,
        "useful": vote.useful,
        "language": vote.language,
        "category": vote.category,
    }
    with connection.pipeline(transaction=True) as pipe:
        pipe.hincrby(COUNTS_KEY, f"language:{vote.language}:{side}", 1)
        pipe.hincrby(COUNTS_KEY, f"category:{vote.category}:{side}", 1)
        audit.append_records(pipe, AUDIT_STREAM, [entry])
        pipe.execute()


def shares(connection: redis.Redis) -> dict[str, dict[str, Share]]:
    """{"language": {"en": Share, ...}, "category": {...}}: only values that have votes."""
    raw = connection.hgetall(COUNTS_KEY)
    counts: dict[str, dict[str, dict[str, int]]] = {name: {} for name in DIMENSIONS}
    for field, value in raw.items():
        dimension, _, rest = field.decode().partition(":")
        name, _, side = rest.rpartition(":")
        if dimension in counts and side in ("up", "down") and name:
            counts[dimension].setdefault(name, {"up": 0, "down": 0})[side] = int(value)
    return {
        dimension: {name: Share(c["up"], c["down"]) for name, c in sorted(by_name.items())}
        for dimension, by_name in counts.items()
    }


def summary(connection: redis.Redis) -> dict:
    """The dashboard's card as plain data (JSON-ready): overall, per language, per category."""
    by = shares(connection)
    rows = {
        dimension: [
            {"name": name, "up": s.up, "down": s.down, "total": s.total, "useful": s.useful}
            for name, s in sorted(values.items(), key=lambda item: -item[1].total)
        ]
        for dimension, values in by.items()
    }
    up = sum(row["up"] for row in rows["language"])
    total = sum(row["total"] for row in rows["language"])
    return {
        "up": up,
        "total": total,
        "useful": up / total if total else None,
        "by_language": rows["language"],
        "by_category": rows["category"],
    }


def read_audit(connection: redis.Redis, count: int = 100) -> list[dict]:
    """Newest first."""
    return audit.read_records(connection, AUDIT_STREAM, count)
