"""Small Redis state behind the policy: per-ticket score history and per-requester contacts."""

from __future__ import annotations

from collections.abc import Sequence

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
    [points] = record_scores(
        redis,
        [(ticket_id, event_id, compound, frustration, now)],
        ttl_seconds=ttl_seconds,
        keep=keep,
    )
    return points


def record_scores(
    redis,
    scores: Sequence[tuple[str, str, float, int, float]],
    *,
    ttl_seconds: int = 30 * DAY,
    keep: int = 20,
) -> list[list[tuple[float, int]]]:
    """record_score() for many (ticket, event, compound, frustration, now) in one round trip.

    In order: a later message of the same ticket sees the earlier one among its points.
    """
    with redis.pipeline(transaction=True) as pipe:
        for ticket_id, event_id, compound, frustration, now in scores:
            key = scores_key(ticket_id)
            pipe.hsetnx(key, event_id, f"{now:.3f},{compound:.4f},{int(frustration)}")
            pipe.expire(key, ttl_seconds)
            pipe.hgetall(key)
        replies = pipe.execute()
    trims: dict[str, list[str]] = {}
    results = []
    for index, (ticket_id, _, _, _, _) in enumerate(scores):
        stored = replies[index * 3 + 2]
        entries = []
        for field, raw in stored.items():
            seen, comp, frus = _decode(raw).split(",")
            entries.append((float(seen), _decode(field), float(comp), int(frus)))
        entries.sort()
        if len(entries) > keep:
            trims[scores_key(ticket_id)] = [entry[1] for entry in entries[: len(entries) - keep]]
            entries = entries[-keep:]
        results.append([(comp, frus) for _, _, comp, frus in entries])
    if trims:
        # Trimming twice from two workers is harmless: both drop the same oldest entries.
        with redis.pipeline(transaction=False) as pipe:
            for key, fields in trims.items():
                pipe.hdel(key, *fields)
            pipe.execute()
    return results


def count_recent_contacts(
    redis, requester_id: str, ticket_id: str, *, now: float, window_days: int
) -> int:
    """Record this ticket for the requester; return how many OTHER tickets they opened lately."""
    [count] = count_contacts(redis, [(requester_id, ticket_id, now)], window_days=window_days)
    return count


def count_contacts(
    redis, contacts: Sequence[tuple[str, str, float]], *, window_days: int
) -> list[int]:
    """count_recent_contacts() for many (requester, ticket, now) in one round trip."""
    window = max(int(window_days), 1) * DAY
    with redis.pipeline(transaction=True) as pipe:
        for requester_id, ticket_id, now in contacts:
            key = contacts_key(requester_id)
            # GT: a late, out-of-order delivery never moves a ticket back in time (Redis >= 6.2).
            pipe.zadd(key, {ticket_id: now}, gt=True)
            pipe.zremrangebyscore(key, "-inf", f"({now - window}")
            pipe.zcount(key, now - window, "+inf")
            pipe.expire(key, window)
        replies = pipe.execute()
    return [max(int(replies[index * 4 + 2]) - 1, 0) for index in range(len(contacts))]
