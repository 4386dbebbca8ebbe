"""One note per customer message when Zendesk announces it twice: as `ticket.created`
(text = the ticket's description) and as `ticket.comment_added` (the first comment).

Whichever arrives first is accepted and leaves a short-lived mark in Redis, keyed by a hash of
(helpdesk, account, ticket, whitespace-normalised text) and holding its kind. The other kind
with the same text is then ignored, once: the mark records that pairing, so the same text
sent again later (a customer repeating themselves) is scored like any other message. A
repeat of the same kind is never ignored here; redeliveries are the delivery dedupe's job.
"""

from __future__ import annotations

import hashlib

import redis

from helpdesk_empathy import keys
from helpdesk_empathy.models import TicketEvent
from helpdesk_empathy.pipeline.queue import DEDUPE_PREFIX, job_id_for

PAIRED_KINDS = frozenset({"ticket_created", "comment_added"})
KEY_PREFIX = keys.MESSAGE
# Both announcements of one message arrive within seconds; an hour covers retries and outages.
MARK_TTL_SECONDS = 3600
EVENT_NAMES = {"ticket_created": "ticket.created", "comment_added": "ticket.comment_added"}

# KEYS: the message mark, this delivery's dedupe key. ARGV: kind, TTL, delivery id.
# Returns nil to go on, or the reason to ignore ("ticket_created", "comment_added", "again").
_SCRIPT = """
if redis.call('EXISTS', KEYS[2]) == 1 then return false end
local seen = redis.call('GET', KEYS[1])
if not seen then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return false
end
if seen == ARGV[1] then return false end
local paired = 'paired:' .. ARGV[3]
if seen == paired then return 'again' end
if string.sub(seen, 1, 7) == 'paired:' then return false end
redis.call('SET', KEYS[1], paired, 'EX', ARGV[2])
return seen
"""


def normalised(text: str) -> str:
    return " ".join(text.split())


def mark_key(event: TicketEvent) -> str:
    """Names the message without holding its text (privacy: ids and a hash only)."""
    parts = (event.helpdesk, event.account_id or "", event.ticket_id, normalised(event.text))
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
    return KEY_PREFIX + digest


def reason_for(result: str) -> str:
    if result == "again":
        return "this delivery was already ignored as the same message's second announcement"
    return f"the same customer message was already received as {EVENT_NAMES.get(result, result)}"


def already_announced(connection: redis.Redis, event: TicketEvent) -> str | None:
    """An ignore reason when this event re-announces an accepted message, else None.

    One Redis round trip (EVAL: no NOSCRIPT retry, unlike EVALSHA). A delivery already
    accepted (its dedupe key exists) changes nothing here, so enqueue can answer "duplicate".
    Raises redis.RedisError when Redis is unreachable.
    """
    if event.kind not in PAIRED_KINDS:
        return None
    delivery = job_id_for(event)
    keys = (mark_key(event), DEDUPE_PREFIX + delivery)
    result = connection.eval(_SCRIPT, len(keys), *keys, event.kind, MARK_TTL_SECONDS, delivery)
    if result is None:
        return None
    return reason_for(result.decode() if isinstance(result, bytes) else str(result))
