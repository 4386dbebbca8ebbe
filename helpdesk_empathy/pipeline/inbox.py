"""Accepted events waiting for a worker: one Redis list per queue, taken in batches, crash-safe.

The inbox owns the drain-mark protocol. `accept` stores an event and, unless a drain job is
already scheduled (the mark), schedules one, in the same transaction. `start_drain` is what
a drain job does first: clear the mark so later events schedule a successor, and share a
backlog bigger than a batch with one more job.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import orjson
import redis
from redis.client import Pipeline

from helpdesk_empathy import keys

log = logging.getLogger(__name__)

# How long a "drain scheduled" mark lives if its job were lost before running.
SCHEDULED_TTL_SECONDS = 60
# schedule(pipeline or None): put one drain job on the queue (in the pipeline when given).
Schedule = Callable[[Pipeline | None], object]


def _no_schedule(pipeline: Pipeline | None = None) -> None:
    return None


class Inbox:
    """The receiver appends events; drain jobs move them to a per-job list while working on them,
    so a worker that dies mid-batch leaves them recoverable rather than lost."""

    def __init__(self, connection: redis.Redis, queue_name: str, schedule: Schedule = _no_schedule):
        self.connection = connection
        self.key = keys.inbox(queue_name)
        self.taking_prefix = keys.taking_prefix(queue_name)
        self.scheduled_key = keys.drain_scheduled(queue_name)
        self.schedule = schedule

    def __len__(self) -> int:
        return self.connection.llen(self.key)

    def payloads(self) -> list[dict]:
        """Waiting events, oldest first (for inspection and tests)."""
        return [orjson.loads(raw) for raw in self.connection.lrange(self.key, 0, -1)]

    # -- the drain-mark protocol ------------------------------------------------------------

    def accept(self, dedupe_key: str, payload: bytes, *, dedupe_seconds: int) -> bool:
        """Store an event once per dedupe key, scheduling a drain unless one is; False: seen.

        Raises redis.RedisError when Redis cannot store it (the sender must retry).
        """
        while True:
            with self.connection.pipeline() as pipe:
                try:
                    # Watching the mark too: a drain job starting now must not be missed.
                    pipe.watch(dedupe_key, self.scheduled_key)
                    if pipe.exists(dedupe_key):
                        return False
                    scheduled = pipe.exists(self.scheduled_key)
                    pipe.multi()
                    pipe.set(dedupe_key, 1, ex=dedupe_seconds)
                    pipe.rpush(self.key, payload)
                    if not scheduled:
                        pipe.set(self.scheduled_key, 1, ex=SCHEDULED_TTL_SECONDS)
                        self.schedule(pipe)
                    pipe.execute()
                    return True
                except redis.WatchError:
                    continue  # a concurrent delivery or drain changed things: look again

    def start_drain(self, batch: int) -> None:
        """A drain job starts: later events schedule another; a big backlog gets a helper now.

        More than a batch waiting means one more drain job, so the next free worker shares the
        backlog (and, starting, does the same): a backlog is drained by every idle worker.
        """
        self.connection.delete(self.scheduled_key)
        if len(self) > batch and self._mark():
            self.schedule(None)

    def ensure_drain(self) -> bool:
        """Schedule a drain job if events wait (its scheduling may have been lost)."""
        if len(self):
            self.schedule(None)
            return True
        return False

    def _mark(self) -> bool:
        return bool(self.connection.set(self.scheduled_key, 1, nx=True, ex=SCHEDULED_TTL_SECONDS))

    # -- taking and giving back --------------------------------------------------------------

    def take(self, holder: str, limit: int) -> list[dict]:
        """Up to `limit` oldest events, moved under `holder`; a holder's leftovers come first."""
        raw = self.connection.eval(
            _TAKE_SCRIPT, 2, self.key, self.taking_prefix + holder, int(limit)
        )
        return [orjson.loads(item) for item in raw]

    def finish(self, holder: str, pipe: Pipeline | None = None) -> None:
        """Everything `holder` took is handled (written back or safely parked); in `pipe`, to
        happen together with what else it holds."""
        (pipe or self.connection).delete(self.taking_prefix + holder)

    def give_back(self, holder: str) -> int:
        """Return what `holder` took to the head of the inbox, oldest first."""
        return self.connection.eval(_RETURN_SCRIPT, 2, self.taking_prefix + holder, self.key)

    def holders(self) -> list[str]:
        """Every holder with a taking list, found by scan (no list can hide from recovery)."""
        return [
            key.decode().removeprefix(self.taking_prefix)
            for key in self.connection.scan_iter(match=self.taking_prefix + "*", count=100)
        ]

    def recover(self, holder_is_alive: Callable[[str], bool]) -> int:
        """Put back, oldest first, what holders that are no longer alive had taken."""
        recovered = 0
        for holder in self.holders():
            if not holder_is_alive(holder):
                recovered += self.give_back(holder)
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
