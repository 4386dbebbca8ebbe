"""Small Redis state behind the policy: per-ticket score history and per-requester contacts."""

from __future__ import annotations

from collections.abc import Sequence

from helpdesk_empathy import keys

DAY = 86400


def scores_key(ticket_id: str) -> str:
    return keys.SCORES + ticket_id


def contacts_key(requester_id: str) -> str:
    return keys.CONTACTS + requester_id


def _decode(raw: bytes | str) -> str:
    return raw.decode() if isinstance(raw, bytes) else raw


def record_scores(
    redis,
    scores: Sequence[tuple[str, str, float, int, float]],
    *,
    ttl_seconds: int = 30 * DAY,
    keep: int = 20,
) -> list[list[tuple[float, int]]]:
    """Store each message's scores (never its text); return each ticket's points, oldest first.

    One hash per ticket, field = event id, so a redelivered event keeps its first value and
    position. Entries are ordered by `now` at first sight; only the newest `keep` are kept.
    Arguments are (ticket, event, compound, frustration, now), one script call in all.

    In order: a later message of the same ticket sees the earlier one among its points.
    """
    # One script call for the whole batch: atomic like a transaction, one command on the wire.
    keys = [scores_key(ticket_id) for ticket_id, *_ in scores]
    args = [int(ttl_seconds)]
    for _, event_id, compound, frustration, now in scores:
        args += [event_id, f"{now:.3f},{compound:.4f},{int(frustration)}"]
    stored_lists = redis.eval(_RECORD_SCORES_SCRIPT, len(keys), *keys, *args) if keys else []
    trims: dict[str, list[str]] = {}
    results = []
    for index, (ticket_id, _, _, _, _) in enumerate(scores):
        flat = stored_lists[index]
        entries = []
        for field, raw in zip(flat[::2], flat[1::2], strict=True):
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


def count_contacts(
    redis, contacts: Sequence[tuple[str, str, float]], *, window_days: int
) -> list[int]:
    """Record each (requester, ticket, now); return how many OTHER tickets each opened lately."""
    window = max(int(window_days), 1) * DAY
    if not contacts:
        return []
    keys = [contacts_key(requester_id) for requester_id, _, _ in contacts]
    args = [window]
    for _, ticket_id, now in contacts:
        args += [ticket_id, repr(float(now)), f"({now - window!r}", repr(float(now - window))]
    counts = redis.eval(_COUNT_CONTACTS_SCRIPT, len(keys), *keys, *args)
    return [max(int(count) - 1, 0) for count in counts]


# Per requester key: record this ticket, forget tickets older than the window, count the rest.
# GT: a late, out-of-order delivery never moves a ticket back in time (Redis >= 6.2).
_COUNT_CONTACTS_SCRIPT = """
local window = ARGV[1]
local counts = {}
for i, key in ipairs(KEYS) do
  local at = 2 + (i - 1) * 4
  redis.call('ZADD', key, 'GT', ARGV[at + 1], ARGV[at])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[at + 2])
  counts[i] = redis.call('ZCOUNT', key, ARGV[at + 3], '+inf')
  redis.call('EXPIRE', key, window)
end
return counts
"""

# Per ticket key: keep the first value seen for an event id, refresh the TTL, return all.
_RECORD_SCORES_SCRIPT = """
local ttl = ARGV[1]
local out = {}
for i, key in ipairs(KEYS) do
  local at = 2 + (i - 1) * 2
  redis.call('HSETNX', key, ARGV[at], ARGV[at + 1])
  redis.call('EXPIRE', key, ttl)
  out[i] = redis.call('HGETALL', key)
end
return out
"""
