"""Zendesk's Update Ticket limits, shared by every worker through Redis.

- `PUT /api/v2/tickets/{id}`: 100 requests a minute per account (300 with the High Volume
  add-on), whatever the plan's overall budget. We spend at most 90% of it, so agents' own
  integrations keep some; a fixed clock-aligned window, like Zendesk's "per minute".
- Any update of one ticket (a PUT or an update_many item): 30 per 10 minutes per API user.
  A ticket past that is deferred (its events coalesce in the outbox) until a slot frees.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import ClassVar

import redis

from helpdesk_empathy import keys

log = logging.getLogger(__name__)

MINUTE = 60.0
TICKET_WINDOW = 600.0
HEADROOM = 0.9  # share of the Update Ticket budget we spend


class _Limit:
    """`limit` updates (the `share` of it we spend) per `window` seconds for account `name`,
    counted in Redis under keys.RATELIMIT<name>:<what>:. The time scale shrinks the window
    alike (the local stub, benchmarks)."""

    what: ClassVar[str]
    window_seconds: ClassVar[float]
    share: ClassVar[float] = 1.0

    def __init__(
        self,
        connection: redis.Redis,
        name: str,
        limit: int,
        *,
        time_scale: float = 1.0,
        clock: Callable[[], float] = time.time,
    ):
        self.connection = connection
        self.prefix = f"{keys.RATELIMIT}{name}:{self.what}:"
        self.limit = max(1, int(limit * self.share))
        self.window = self.window_seconds * time_scale
        self.clock = clock


class UpdateTicketBudget(_Limit):
    """Requests left for PUT /tickets/{id} in the current (clock-aligned) minute."""

    what, window_seconds, share = "update_ticket", MINUTE, HEADROOM
    max_wait: ClassVar[float] = 120.0  # then write anyway: Zendesk's 429 is the last word

    def take(self) -> float:
        """Spend one Update Ticket request, waiting for the next window if this one is spent."""
        waited = 0.0
        while True:
            now = self.clock()
            number = int(now // self.window)
            try:
                with self.connection.pipeline() as pipe:
                    pipe.incr(self.prefix + str(number))
                    pipe.expire(self.prefix + str(number), int(self.window) + 2)
                    count = pipe.execute()[0]
            except redis.RedisError:
                return waited  # advisory: never block write-back on it
            if count <= self.limit or waited >= self.max_wait:
                return waited
            delay = (number + 1) * self.window - now + 0.01
            log.info("Update Ticket budget spent: waiting %.1fs for the next window", delay)
            time.sleep(delay)
            waited += delay


# KEYS: the ticket's log. ARGV: now, window, limit, a unique member.
# Returns "0" when a slot was taken, else the seconds until the oldest update leaves the window.
_TAKE_SLOT = """
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('EXPIRE', KEYS[1], math.ceil(window) + 1)
  return '0'
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tostring(tonumber(oldest[2]) + window - now)
"""


class TicketWindow(_Limit):
    """Updates each ticket received from us in the last 10 minutes (a sliding log per ticket)."""

    what, window_seconds = "ticket", TICKET_WINDOW
    _serial = 0  # makes each update's log member unique

    def take(self, ticket_ids: Iterable[str]) -> dict[str, float]:
        """Take one update slot per ticket; returns the tickets that must wait, and how long."""
        ids = list(ticket_ids)
        if not ids:
            return {}
        now = self.clock()
        try:
            with self.connection.pipeline(transaction=False) as pipe:
                for ticket_id in ids:
                    self._serial += 1
                    member = f"{now:.6f}:{id(self)}:{self._serial}"
                    pipe.eval(
                        _TAKE_SLOT, 1, self.prefix + ticket_id, now, self.window, self.limit, member
                    )
                answers = pipe.execute()
        except redis.RedisError:
            return {}  # advisory, like the other budgets
        waits = {
            ticket_id: float(answer)
            for ticket_id, answer in zip(ids, answers, strict=True)
            if float(answer) > 0
        }
        if waits:
            log.info("%d ticket(s) at their update limit: deferred", len(waits))
        return waits
