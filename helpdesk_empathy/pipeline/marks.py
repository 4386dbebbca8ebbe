"""Expiring marker keys, set a whole batch at a time ("seen", "handed over")."""

from __future__ import annotations

from collections.abc import Sequence

import redis

# SET NX EX for every key in one command: 1 where the key is new, 0 where it was set already.
_FIRST_SIGHT_SCRIPT = """
local out = {}
for i, key in ipairs(KEYS) do
  out[i] = redis.call('SET', key, 1, 'NX', 'EX', ARGV[1]) and 1 or 0
end
return out
"""


def first_sights(connection: redis.Redis, keys: Sequence[str], seconds: int) -> list[bool]:
    """Mark every key for `seconds`; True where it was not marked before."""
    if not keys:
        return []
    replies = connection.eval(_FIRST_SIGHT_SCRIPT, len(keys), *keys, max(1, int(seconds)))
    return [bool(reply) for reply in replies]
