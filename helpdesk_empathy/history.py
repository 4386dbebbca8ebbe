"""Small Redis state behind the policy: per-ticket score history and per-requester contacts."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

DAY = 86400
PREFIX = "he:"


def scores_key(ticket_id: str) -> str:
    return f"{PREFIX}scores:{ticket_id}"


def contacts_key(requester_id: str) -> str:
    return f"{PREFIX}contacts:{requester_id}"


def _decode(raw: bytes | str) -> str:
    return raw.decode() if isinstance(raw, bytes) else raw


def record_score(
    redis,
    ticket_id: str,
    event_id: str,
    compound: float,
    frustration: int,
    *,
    now: float,
    ttl_seconds: int = 30 * DAY,
    keep: int = 20,
) -> list[tuple[float, int]]:
    """Store one message's scores (never its text); return the ticket's points oldest->newest.

    One hash per ticket, field = event id, so a redelivered event keeps its first value and
    position. Entries are ordered by `now` at first sight; only the newest `keep` are kept.
    """
    key = scores_key(ticket_id)
    value = f"{now:.3f},{compound:.4f},{int(frustration)}"
    with redis.pipeline(transaction=True) as pipe:
        pipe.hsetnx(key, event_id, value)
        pipe.expire(key, ttl_seconds)
        pipe.hgetall(key)
        added, _, stored = pipe.execute()
    entries = []
    for field, raw in stored.items():
        seen, comp, frus = _decode(raw).split(",")
        entries.append((float(seen), _decode(field), float(comp), int(frus)))
    entries.sort()
    if len(entries) > keep:
        # Trimming twice from two workers is harmless: both drop the same oldest entries.
        redis.hdel(key, *[entry[1] for entry in entries[: len(entries) - keep]])
        entries = entries[-keep:]
    if not added:
        log.debug("score for ticket %s event %s already recorded", ticket_id, event_id)
    return [(comp, frus) for _, _, comp, frus in entries]


def count_recent_contacts(
    redis, requester_id: str, ticket_id: str, *, now: float, window_days: int
) -> int:
    """Record this ticket for the requester; return how many OTHER tickets they opened lately."""
    key = contacts_key(requester_id)
    window = max(int(window_days), 1) * DAY
    with redis.pipeline(transaction=True) as pipe:
        # GT: a late, out-of-order delivery never moves a ticket back in time (Redis >= 6.2).
        pipe.zadd(key, {ticket_id: now}, gt=True)
        pipe.zremrangebyscore(key, "-inf", f"({now - window}")
        pipe.zcount(key, now - window, "+inf")
        pipe.expire(key, window)
        _, _, in_window, _ = pipe.execute()
    return max(int(in_window) - 1, 0)
