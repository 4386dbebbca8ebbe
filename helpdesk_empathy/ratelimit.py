"""API budget shared by every worker through Redis: pause on 429, slow down before hitting it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import redis

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
    """One pause deadline in Redis per helpdesk account, honoured by every worker process."""

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
        self.key = f"he:ratelimit:{name}:pause_until"
        self.clock = clock
        self.sleep = sleep
        self.max_wait = max_wait
        self.waited = 0.0  # lifetime seconds spent waiting, for benchmarks

    def wait_turn(self) -> float:
        """Block while a pause is in force (bounded by max_wait); returns seconds waited."""
        try:
            raw = self.connection.get(self.key)
        except redis.RedisError:
            return 0.0  # the budget is advisory: never block write-back on it
        if raw is None:
            return 0.0
        delay = min(float(raw) - self.clock(), self.max_wait)
        if delay <= 0:
            return 0.0
        log.info("API budget pause: waiting %.1fs", delay)
        self.sleep(delay)
        self.waited += delay
        return delay

    def observe(self, status: int, headers: Mapping[str, str]) -> float:
        """Record an answer; if it calls for a pause, extend the shared deadline. Returns it."""
        pause = pause_after(status, read_budget(status, headers))
        if pause <= 0:
            return 0.0
        until = self.clock() + pause
        try:
            # Only ever push the deadline later: concurrent workers must not shorten a pause.
            self.connection.eval(_EXTEND_SCRIPT, 1, self.key, until, int(pause) + 5)
        except redis.RedisError:
            log.warning("could not share an API pause of %.1fs", pause)
        log.info("API budget: status %d, pausing all workers %.1fs", status, pause)
        return pause


_EXTEND_SCRIPT = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
return 1
"""
