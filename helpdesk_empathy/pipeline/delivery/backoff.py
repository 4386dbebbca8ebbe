"""How long drains wait to write again while the helpdesk fails: doubling, capped at a minute.

RQ's own retries grow to hours; parked writes need no such patience, since they are safe in
the outbox whatever happens: a helpdesk back after an outage is written to within a minute.
"""

from __future__ import annotations

import redis

from helpdesk_empathy import keys

FIRST_SECONDS = 5.0
LONGEST_SECONDS = 60.0
FORGET_SECONDS = 3600  # a count nobody touched for this long starts again


class WriteBackoff:
    """Drains in a row whose writes the helpdesk failed, shared by every worker of a queue."""

    def __init__(self, connection: redis.Redis, queue_name: str):
        self.connection = connection
        self.key = keys.WRITE_BACKOFF + queue_name

    def failed(self) -> float:
        """One more failure: the seconds to wait before the next attempt."""
        with self.connection.pipeline() as pipe:
            pipe.incr(self.key)
            pipe.expire(self.key, FORGET_SECONDS)
            failures, _ = pipe.execute()
        return wait_after(int(failures))

    def succeeded(self) -> None:
        self.connection.delete(self.key)


def wait_after(failures: int) -> float:
    """5, 10, 20, 40, then 60 seconds. Pure."""
    return min(LONGEST_SECONDS, FIRST_SECONDS * 2 ** min(max(failures, 1) - 1, 8))
