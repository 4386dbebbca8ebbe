"""Pending write-backs in Redis: a ticket's events coalesce into one write, flushed in batches."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import orjson
import redis

from helpdesk_empathy import keys
from helpdesk_empathy.errors import TransientHelpdeskError
from helpdesk_empathy.models import PRIORITIES, Decision, TicketEvent
from helpdesk_empathy.pipeline.liveness import owner_is_gone, owner_token
from helpdesk_empathy.pipeline.queue import event_fields, payload_to_event

log = logging.getLogger(__name__)

# One note per write however many events were coalesced: a burst of 150 messages once made a
# 150,000-character note. The latest analysis is kept, the earlier ones are counted.
EARLIER_NOTES_LINE = (
    "({count} earlier message analyses since our last update are not repeated here.)"
)
# Notes of unanswered attempts a ticket's pending write remembers (each costs one look-up).
MAX_SENT = 4


@dataclass(frozen=True)
class Pending:
    """One ticket's write-back intent: the latest event and everything decided since last write."""

    event: TicketEvent
    decision: Decision
    events: int = 1  # how many events were coalesced into this write
    earlier_notes: int = 0  # notes replaced by a newer one in this write
    # Notes (as written) of earlier attempts whose answer never came, each with the number of
    # analyses it stood for: they may be on the ticket already.
    sent: tuple[tuple[str, int], ...] = ()

    def to_write(self) -> Decision:
        """The decision as written: the latest note, with a count of the notes it replaced."""
        if not self.earlier_notes or not self.decision.note.strip():
            return self.decision
        line = EARLIER_NOTES_LINE.format(count=self.earlier_notes)
        return replace(self.decision, note=f"{self.decision.note}\n\n{line}")

    def possibly_sent(self) -> Pending:
        """After an attempt whose answer never came (a timeout, a killed worker): its note may
        be on the ticket, and must not be posted or counted again if it is."""
        note = self.to_write().note
        if not note.strip() or any(known == note for known, _ in self.sent):
            return self
        return replace(self, sent=(*self.sent, (note, 1 + self.earlier_notes))[-MAX_SENT:])

    def after_failure(self, error: TransientHelpdeskError) -> Pending:
        """Given back after a passing failure: unless the helpdesk refused it unapplied (a
        429), its note may have been posted."""
        return self if error.refused_unapplied else self.possibly_sent()

    def without_posted(self, posted: set[str]) -> Pending:
        """What is left to write once these notes of earlier attempts are known to be on the
        ticket: nothing of the note if it is one of them, else a count without theirs."""
        if not self.sent:
            return self
        if self.to_write().note in posted:
            return replace(self, decision=replace(self.decision, note=""), earlier_notes=0, sent=())
        covered = sum(count for note, count in self.sent if note in posted)
        return replace(self, earlier_notes=max(0, self.earlier_notes - covered), sent=())


# -- pure merging ------------------------------------------------------------------------


def _higher_priority(a: str | None, b: str | None) -> str | None:
    ranked = [p for p in (a, b) if p in PRIORITIES]
    return max(ranked, key=PRIORITIES.index) if ranked else None


def _sticky_escalation(a: Decision, b: Decision) -> dict[str, object]:
    return {"escalated": True} if a.fields.get("escalated") else {}


def merge(older: Pending, newer: Pending) -> Pending:
    """Fold a newer event's decision into a pending one: nothing decided earlier is lost,
    except earlier notes, which the newest note replaces (and counts)."""
    a, b = older.decision, newer.decision
    both = bool(a.note.strip()) and bool(b.note.strip()) and a.note != b.note
    # The newer decision wins for our own tags: yesterday's level tag goes, today's stays.
    add_tags = tuple(t for t in dict.fromkeys(a.add_tags + b.add_tags) if t not in b.remove_tags)
    remove_tags = tuple(
        t for t in dict.fromkeys(a.remove_tags + b.remove_tags) if t not in b.add_tags
    )
    decision = Decision(
        add_tags=add_tags,
        remove_tags=remove_tags,
        min_priority=_higher_priority(a.min_priority, b.min_priority),
        route_group_id=b.route_group_id or a.route_group_id,
        escalate=a.escalate or b.escalate,
        note=b.note if b.note.strip() else a.note,
        reasons=tuple(dict.fromkeys(a.reasons + b.reasons)),
        escalation_keys=tuple(dict.fromkeys(a.escalation_keys + b.escalation_keys)),
        # The newest values, except that an escalation stays one once decided.
        fields={**a.fields, **b.fields, **_sticky_escalation(a, b)},
    )
    return Pending(
        event=newer.event,
        decision=decision,
        events=older.events + newer.events,
        earlier_notes=older.earlier_notes + newer.earlier_notes + int(both),
        sent=tuple(dict.fromkeys(older.sent + newer.sent))[-MAX_SENT:],
    )


def dumps(pending: Pending) -> bytes:
    return orjson.dumps(
        {
            # Scored already: parked work keeps ids and ticket state, never the customer's text.
            "event": event_fields(pending.event, text=""),
            "decision": dict(vars(pending.decision)),
            "events": pending.events,
            "earlier_notes": pending.earlier_notes,
            "sent": pending.sent,
        }
    )


def loads(raw: bytes | str) -> Pending:
    data = orjson.loads(raw)
    # JSON has lists where the frozen Decision keeps tuples.
    decision = {
        key: tuple(value) if isinstance(value, list) else value
        for key, value in data["decision"].items()
    }
    return Pending(
        event=payload_to_event(data["event"]),
        decision=Decision(**decision),
        events=data["events"],
        earlier_notes=data.get("earlier_notes", 0),
        sent=tuple((note, count) for note, count in data.get("sent", ())),
    )


# -- Redis state --------------------------------------------------------------------------


def pending_total(connection: redis.Redis) -> int:
    """Writes decided but not yet confirmed by any helpdesk (pending or in flight)."""
    total = 0
    for key in connection.scan_iter(match=keys.OUTBOX + "*:since", count=100):
        total += connection.zcard(key)
    for key in connection.scan_iter(match=keys.OUTBOX + "*:inflight", count=100):
        total += connection.hlen(key)
    return total


class Outbox:
    """Per helpdesk: a key per pending ticket, a sorted set of tickets by first-pending time,
    and an in-flight hash owned by whoever holds the flush lock (recovered if it dies)."""

    def __init__(self, connection: redis.Redis, helpdesk: str, *, lock_seconds: int = 120):
        self.connection = connection
        prefix = keys.OUTBOX + helpdesk
        self.item_prefix = f"{prefix}:ticket:"
        self.since_key = f"{prefix}:since"
        self.inflight_key = f"{prefix}:inflight"
        self.lock_key = f"{prefix}:lock"
        self.lock_seconds = lock_seconds

    def put(self, pending: Pending, *, now: float, older: bool = False) -> None:
        """Add or merge one ticket's intent, atomically against concurrent workers.

        `older` says the pending work predates what may already be stored (a failed write
        given back), so the stored, newer intent stays on top.
        """
        self.put_many([pending], now=now, older=older)

    def put_many(
        self,
        pendings: list[Pending],
        *,
        now: float,
        older: bool = False,
        not_before: float | None = None,
    ) -> None:
        """put() for many, oldest first, in a few round trips whatever their number.

        `not_before` holds these tickets back until then (their helpdesk-side update limit is
        reached): newer events for them coalesce here meanwhile.
        """
        batch: dict[str, Pending] = {}
        for pending in pendings:
            ticket = pending.event.ticket_id
            batch[ticket] = merge(batch[ticket], pending) if ticket in batch else pending
        if not batch:
            return
        keys = [self.item_prefix + ticket for ticket in batch]
        while True:
            with self.connection.pipeline() as pipe:
                try:
                    pipe.watch(*keys)
                    stored = pipe.mget(keys)
                    merged = {}
                    for pending, key, raw in zip(batch.values(), keys, stored, strict=True):
                        if raw:
                            current = loads(raw)
                            pending = merge(pending, current) if older else merge(current, pending)
                        merged[key] = dumps(pending)
                    pipe.multi()
                    pipe.mset(merged)
                    # NX: a chatty ticket keeps its first time, so it is not postponed forever.
                    pipe.zadd(self.since_key, dict.fromkeys(batch, now), nx=True)
                    if not_before is not None:
                        pipe.zadd(self.since_key, dict.fromkeys(batch, not_before), gt=True)
                    pipe.execute()
                    return
                except redis.WatchError:
                    continue  # another worker changed one of these tickets: merge again

    def holds(self, ticket_id: str) -> bool:
        """A write for this ticket is parked or in flight."""
        with self.connection.pipeline(transaction=False) as pipe:
            pipe.exists(self.item_prefix + ticket_id)
            pipe.hexists(self.inflight_key, ticket_id)
            parked, in_flight = pipe.execute()
        return bool(parked or in_flight)

    def size(self) -> int:
        return self.connection.zcard(self.since_key) + self.connection.hlen(self.inflight_key)

    def oldest_age(self, *, now: float) -> float:
        first = self.connection.zrange(self.since_key, 0, 0, withscores=True)
        return now - first[0][1] if first else 0.0

    @contextmanager
    def flushing(self) -> Iterator[bool]:
        """Hold the flush lock (yields False if another live worker holds it)."""
        token = owner_token()
        acquired = bool(self.connection.set(self.lock_key, token, nx=True, ex=self.lock_seconds))
        if not acquired:
            holder = self.connection.get(self.lock_key)
            if holder and owner_is_gone(holder.decode()):
                # Its holder died mid-flush (killed worker): take over now, not at expiry.
                self.connection.eval(_RELEASE_SCRIPT, 1, self.lock_key, holder)
                acquired = bool(
                    self.connection.set(self.lock_key, token, nx=True, ex=self.lock_seconds)
                )
        try:
            yield acquired
        finally:
            if acquired:
                self.connection.eval(_RELEASE_SCRIPT, 1, self.lock_key, token)

    def claim(self, limit: int, *, now: float | None = None) -> dict[str, Pending]:
        """Under the lock: in-flight leftovers of a dead flusher first, then the oldest pending
        (tickets held back until later stay)."""
        leftovers = self.connection.hgetall(self.inflight_key)
        if leftovers:
            # Its flusher died mid-write: whatever it sent may have been posted.
            return {key.decode(): loads(raw).possibly_sent() for key, raw in leftovers.items()}
        now = time.time() if now is None else now
        raw = self.connection.eval(
            _CLAIM_SCRIPT, 2, self.since_key, self.inflight_key, self.item_prefix, limit, now
        )
        claimed = {}
        for index in range(0, len(raw), 2):
            claimed[raw[index].decode()] = loads(raw[index + 1])
        return claimed

    def done(self, ticket_ids: list[str]) -> None:
        if ticket_ids:
            self.connection.hdel(self.inflight_key, *ticket_ids)

    def release(self, claimed: dict[str, Pending], *, now: float) -> None:
        """Give claimed work back (the write failed): it is merged with anything newer."""
        for pending in claimed.values():
            self.put(pending, now=now, older=True)
        self.done(list(claimed))


_CLAIM_SCRIPT = """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[3], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, id in ipairs(ids) do
  local key = ARGV[1] .. id
  local value = redis.call('GET', key)
  redis.call('ZREM', KEYS[1], id)
  if value then
    redis.call('DEL', key)
    redis.call('HSET', KEYS[2], id, value)
    table.insert(out, id)
    table.insert(out, value)
  end
end
return out
"""

_RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""
