"""Per-ticket note state in Redis: the facts each scored message left (flags, no text)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import orjson

from helpdesk_empathy import keys
from helpdesk_empathy.decision.thread import ThreadFacts, ThreadState

PREFIX = keys.THREAD


def thread_key(ticket_id: str) -> str:
    return f"{PREFIX}{ticket_id}"


def load(redis, ticket_ids: Iterable[str]) -> dict[str, dict[str, ThreadFacts]]:
    """Every stored message's facts per ticket, keyed by event id: one round trip."""
    ids = list(dict.fromkeys(ticket_ids))
    if not ids:
        return {}
    with redis.pipeline(transaction=False) as pipe:
        for ticket_id in ids:
            pipe.hgetall(thread_key(ticket_id))
        stored = pipe.execute()
    return {
        ticket_id: {
            (key.decode() if isinstance(key, bytes) else key): ThreadFacts.from_json(
                orjson.loads(raw)
            )
            for key, raw in entries.items()
        }
        for ticket_id, entries in zip(ids, stored, strict=True)
    }


def state_before(facts: dict[str, ThreadFacts], event_id: str, at: float) -> ThreadState:
    """The ticket as it stood before this message: its own facts (a retry) never count."""
    at = round(at, 3)  # facts keep milliseconds
    earlier = [f for key, f in facts.items() if key != event_id and f.at <= at]
    return ThreadState.fold(earlier)


def save(
    redis,
    items: Sequence[tuple[str, str, ThreadFacts]],
    *,
    ttl_seconds: int,
    keep: int,
    known: dict[str, dict[str, ThreadFacts]],
) -> None:
    """Store (ticket, event id, facts); the first value per event wins; keep the newest."""
    if not items:
        return
    with redis.pipeline(transaction=False) as pipe:
        for ticket_id, event_id, facts in items:
            key = thread_key(ticket_id)
            pipe.hsetnx(key, event_id, orjson.dumps(facts.to_json()))
            pipe.expire(key, ttl_seconds)
        for ticket_id, entries in known.items():
            if len(entries) > keep:
                oldest = sorted(entries, key=lambda event_id: entries[event_id].at)
                pipe.hdel(thread_key(ticket_id), *oldest[: len(entries) - keep])
        pipe.execute()
