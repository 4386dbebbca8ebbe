"""API budget shared by every worker through Redis: pause on 429, slow down before hitting it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import redis

from helpdesk_empathy import keys

log = logging.getLogger(__name__)

# Requests kept in reserve for agents and other integrations on the same account.
RESERVE_FRACTION = 0.1
# When the helpdesk says nothing about its window, a pause lasts this long.
DEFAULT_PAUSE_SECONDS = 10.0


@dataclass(frozen=True)
class Budget:
    """What the helpdesk's last answer said about the API budget."""

    limit: int | None = None
    remaining: int | None = None
    reset_seconds: float | None = None
    retry_after: float | None = None


def _number(headers: Mapping[str, str], *names: str) -> float | None:
    for name in names:
        raw = headers.get(name)
        if raw is None:
            continue
        try:
            return float(raw)
        except ValueError:
            continue
    return None


def read_budget(status: int, headers: Mapping[str, str]) -> Budget:
    """Zendesk sends X-Rate-Limit(-Remaining), the IETF ratelimit-* trio, and Retry-After."""
    limit = _number(headers, "X-Rate-Limit", "ratelimit-limit")
    remaining = _number(headers, "X-Rate-Limit-Remaining", "ratelimit-remaining")
    reset = _number(headers, "ratelimit-reset")
    retry_after = _number(headers, "Retry-After") if status in (429, 503) else None
    return Budget(
        limit=int(limit) if limit is not None else None,
        remaining=int(remaining) if remaining is not None else None,
        reset_seconds=reset,
        retry_after=retry_after,
    )


def pause_after(status: int, budget: Budget) -> float:
    """Seconds every worker should hold off after this answer (0: carry on). Pure."""
    if status == 429:
        return budget.retry_after if budget.retry_after is not None else DEFAULT_PAUSE_SECONDS
    if status == 503 and budget.retry_after is not None:
        return budget.retry_after
    if budget.remaining is None:
        return 0.0
    reserve = max(1, int((budget.limit or 0) * RESERVE_FRACTION))
    if budget.remaining > reserve:
        return 0.0
    # Nearly out: wait for the window to reset instead of spending the last requests.
    return budget.reset_seconds if budget.reset_seconds is not None else DEFAULT_PAUSE_SECONDS


class SharedRateLimiter:
    """The API budget of one helpdesk account, shared by every worker process through Redis.

    Two rules: a pause deadline (after a 429, or when the budget is nearly spent) that every
    worker honours; and a count of the requests left in the window, spent atomically. When
    that count is unknown or nearly spent, only one request at a time may go and find out
    (a "probe"), so two workers never both run into the same exhausted window.
    """

    def __init__(
        self,
        connection: redis.Redis,
        name: str,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        max_wait: float = 120.0,
    ):
        self.connection = connection
        prefix = keys.RATELIMIT + name
        self.key = f"{prefix}:pause_until"
        self.remaining_key = f"{prefix}:remaining"
        self.probe_key = f"{prefix}:probe"
        self.clock = clock
        self.sleep = sleep
        self.max_wait = max_wait
        self.waited = 0.0  # lifetime seconds spent waiting, for benchmarks
        self._probe_token = f"{id(self)}:{time.time()}"

    def wait_turn(self, endpoint: str | None = None) -> float:
        """Block until this worker may send one request (bounded by max_wait); seconds waited.

        `endpoint` names the kind of call ("update_ticket"): a 429 on one endpoint pauses only
        that endpoint, while the account's pause and budget hold every call back.
        """
        started = self.clock()
        try:
            while True:
                self._wait_out_pause(self.key)
                if endpoint:
                    self._wait_out_pause(f"{self.key}:{endpoint}")
                if self.connection.eval(_SPEND_SCRIPT, 1, self.remaining_key, PROBE_BELOW):
                    break
                if self._hold_probe():
                    break
                if self.clock() - started >= self.max_wait:
                    break
                self.sleep(PROBE_POLL_SECONDS)
        except redis.RedisError:
            pass  # the budget is advisory: never block write-back on it
        waited = self.clock() - started
        self.waited += waited
        return waited

    def _wait_out_pause(self, key: str) -> None:
        raw = self.connection.get(key)
        if raw is None:
            return
        delay = min(float(raw) - self.clock(), self.max_wait)
        if delay > 0:
            log.info("API budget pause: waiting %.1fs", delay)
            self.sleep(delay)

    def _hold_probe(self) -> bool:
        """Take (or keep) the right to send the one request that learns the budget."""
        held = (
            self.connection.set(self.probe_key, self._probe_token, nx=True, px=PROBE_LEASE_MS)
            or self.connection.get(self.probe_key) == self._probe_token.encode()
        )
        return bool(held)

    def observe(
        self, status: int, headers: Mapping[str, str], endpoint: str | None = None
    ) -> float:
        """Record an answer; if it calls for a pause, extend the shared deadline. Returns it.

        A 429 on a named endpoint pauses that endpoint only, unless the answer says the
        account's whole budget is spent (X-Rate-Limit-Remaining: 0).
        """
        budget = read_budget(status, headers)
        pause = pause_after(status, budget)
        account_wide = status != 429 or not endpoint or budget.remaining == 0
        pause_key = self.key if account_wide else f"{self.key}:{endpoint}"
        try:
            if status == 429 and account_wide:
                self.connection.set(self.remaining_key, 0, ex=max(1, int(pause) + 1))
            elif budget.remaining is not None:
                # Within a window the count only goes down: a response that left before other
                # workers' requests landed must not raise it (the key expires at the reset).
                ttl = max(1, int(budget.reset_seconds or 10))
                self.connection.eval(_LOWER_SCRIPT, 1, self.remaining_key, budget.remaining, ttl)
            else:
                # The helpdesk says nothing about its budget: do not hold requests back.
                self.connection.set(self.remaining_key, UNMETERED, ex=10)
            self.connection.eval(_RELEASE_SCRIPT, 1, self.probe_key, self._probe_token)
            if pause > 0:
                # Only ever push the deadline later: concurrent workers must not shorten it.
                until = self.clock() + pause
                self.connection.eval(_EXTEND_SCRIPT, 1, pause_key, until, int(pause) + 5)
        except redis.RedisError:
            log.warning("could not share the API budget (pause %.1fs)", pause)
        if pause > 0:
            scope = "all workers" if account_wide else f"{endpoint} calls"
            log.info("API budget: status %d, pausing %s %.1fs", status, scope, pause)
        return max(pause, 0.0)


# Below this many requests left, requests go one at a time (a probe) until the window resets.
PROBE_BELOW = 2
PROBE_LEASE_MS = 5000  # a probe whose worker died frees the way after this long
PROBE_POLL_SECONDS = 0.02
UNMETERED = 1000

# Spend one request from a known, comfortable budget; 0 = unknown or nearly spent.
_SPEND_SCRIPT = """
local left = tonumber(redis.call('GET', KEYS[1]) or '-1')
if left > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  return 1
end
return 0
"""

_LOWER_SCRIPT = """
local current = redis.call('GET', KEYS[1])
if current and tonumber(current) <= tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
"""

_RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

_EXTEND_SCRIPT = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
return 1
"""
