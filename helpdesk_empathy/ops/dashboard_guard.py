"""Wrong dashboard tokens are counted per client; past a few, that client is locked out.

A 16-character token cannot be guessed online, but nothing stopped a client from trying
forever. After MAX_FAILURES wrong tokens within WINDOW_SECONDS, the client (its address,
hashed: addresses are not kept) gets 429 with Retry-After until the window ends, even with the
right token. A right token clears the count.
"""

from __future__ import annotations

import hashlib

import redis

from helpdesk_empathy import keys

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _key(client: str) -> str:
    return keys.DASHBOARD_FAILURES + hashlib.sha256(client.encode()).hexdigest()[:24]


def locked_for(connection: redis.Redis, client: str) -> int:
    """Seconds this client is still locked out for; 0 when it may try a token."""
    key = _key(client)
    failures = connection.get(key)
    if failures is None or int(failures) < MAX_FAILURES:
        return 0
    return max(1, int(connection.ttl(key)))


def record_failure(connection: redis.Redis, client: str) -> int:
    """Count one wrong token; the window starts at the first failure. Returns the count."""
    key = _key(client)
    failures = int(connection.incr(key))
    if failures == 1 or connection.ttl(key) < 0:
        connection.expire(key, WINDOW_SECONDS)
    return failures


def clear(connection: redis.Redis, client: str) -> None:
    connection.delete(_key(client))
