"""Accepted events waiting for a worker: one Redis list per queue, taken in batches, crash-safe."""

from __future__ import annotations

import logging
from collections.abc import Callable

import orjson
import redis

log = logging.getLogger(__name__)

PREFIX = "he:inbox:"
# How long a "drain scheduled" mark lives if its job were lost before running.
SCHEDULED_TTL_SECONDS = 60


class Inbox:
    """The receiver appends events; drain jobs move them to a per-job list while working on them,
    so a worker that dies mid-batch leaves them recoverable rather than lost."""

    def __init__(self, connection: redis.Redis, queue_name: str):
        self.connection = connection
        self.key = PREFIX + queue_name
        self.taking_prefix = f"{self.key}:taking:"
        self.scheduled_key = f"{self.key}:drain-scheduled"

    def __len__(self) -> int:
        return self.connection.llen(self.key)

    def payloads(self) -> list[dict]:
        """Waiting events, oldest first (for inspection and tests)."""
        return [orjson.loads(raw) for raw in self.connection.lrange(self.key, 0, -1)]

    def unmark(self) -> None:
        """A drain job starts: events arriving from now on schedule another one."""
        self.connection.delete(self.scheduled_key)

    def mark(self) -> bool:
        """Note that a drain job is scheduled; False when one already was."""
        return bool(self.connection.set(self.scheduled_key, 1, nx=True, ex=SCHEDULED_TTL_SECONDS))

    def take(self, holder: str, limit: int) -> list[dict]:
        """Up to `limit` oldest events, moved under `holder`; a holder's leftovers come first."""
        raw = self.connection.eval(
            _TAKE_SCRIPT, 2, self.key, self.taking_prefix + holder, int(limit)
        )
        return [orjson.loads(item) for item in raw]

    def finish(self, holder: str) -> None:
        """Everything `holder` took is handled (written back or safely parked)."""
        self.connection.delete(self.taking_prefix + holder)

    def recover(self, holder_is_alive: Callable[[str], bool]) -> int:
        """Put back, oldest first, what holders that are no longer alive had taken."""
        recovered = 0
        for key in self.connection.scan_iter(match=self.taking_prefix + "*", count=100):
            holder = key.decode().removeprefix(self.taking_prefix)
            if holder_is_alive(holder):
                continue
            recovered += self.connection.eval(_RETURN_SCRIPT, 2, key, self.key)
        if recovered:
            log.warning("returned %d event(s) left by a stopped drain job to the inbox", recovered)
        return recovered


_TAKE_SCRIPT = """
local mine = redis.call('LRANGE', KEYS[2], 0, -1)
if #mine > 0 then return mine end
local items = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #items > 0 then
  redis.call('LTRIM', KEYS[1], #items, -1)
  redis.call('RPUSH', KEYS[2], unpack(items))
end
return items
"""

# Oldest first at the head of the inbox: push the taken items back in reverse order.
_RETURN_SCRIPT = """
local items = redis.call('LRANGE', KEYS[1], 0, -1)
for i = #items, 1, -1 do
  redis.call('LPUSH', KEYS[2], items[i])
end
redis.call('DEL', KEYS[1])
return #items
"""
