"""Every Redis key name the project uses, defined once: all of them start with "he:".

RQ's own keys ("rq:...") are RQ's business. Classes that own a family of keys (Inbox,
Outbox, SharedRateLimiter) build theirs from the helpers here, so a reader sees the whole
Redis layout in one place, and a renamed key is renamed once.
"""

from __future__ import annotations

ROOT = "he:"

# Intake
DELIVERY = ROOT + "delivery:"  # + delivery id: seen deliveries (dedupe)
MESSAGE = ROOT + "message:"  # + hash: one Zendesk message announced twice
INBOX = ROOT + "inbox:"  # + queue name: accepted events waiting for a drain job

# Pipeline
APPLIED = ROOT + "applied:"  # + helpdesk:event id: decisions already handed over
SCORES = ROOT + "scores:"  # + ticket id: score history (trajectory)
CONTACTS = ROOT + "contacts:"  # + requester id: recent contacts
OUTBOX = ROOT + "outbox:"  # + helpdesk: parked write-backs
STATS = ROOT + "stats:"  # + helpdesk: the writer's API budget counters
RATELIMIT = ROOT + "ratelimit:"  # + account: shared API budget (+ per endpoint, per ticket)
OUTBOX_WAKE = OUTBOX + "wake:"  # + epoch second: a flush is scheduled then (held tickets)
WRITE_BACKOFF = OUTBOX + "backoff:"  # + queue name: drains in a row the helpdesk failed
UNSURE_NOTES = ROOT + "unsure:"  # + helpdesk:ticket id: references of notes maybe posted
THREAD = ROOT + "thread:"  # + ticket id: what earlier notes said (scores, flags; no text)
TEXT = ROOT + "text:"  # + delivery id: the message a retried single-event job scores

# Operations
AUDIT = ROOT + "audit"  # stream of AuditRecord
AUDIT_REFUSED = AUDIT + ":refused"  # stream of writes the helpdesk refused for good
METRICS = ROOT + "metrics"  # hash of counters shared by workers
AGGREGATES = ROOT + "agg:"  # + granularity:bucket: dashboard figures
AGGREGATES_SEEN = AGGREGATES + "seen:"  # + event: counted once
BACKFILL_ZENDESK = ROOT + "backfill:zendesk"  # backfill progress
DASHBOARD_FAILURES = ROOT + "dashboard:failures:"  # + hashed client address: wrong tokens

# Sidebar app
APP_RATE = ROOT + "app:rate:"  # + account:minute: request windows
FEEDBACK_COUNTS = ROOT + "feedback:counts"  # agents' thumbs up/down, by language and category
FEEDBACK_AUDIT = ROOT + "feedback:audit"  # stream of feedback records


def applied(helpdesk: str, event_id: str) -> str:
    return f"{APPLIED}{helpdesk}:{event_id}"


def inbox(queue_name: str) -> str:
    return INBOX + queue_name


def taking_prefix(queue_name: str) -> str:
    """Per drain job: the events it took and is working on (`+ holder job id`)."""
    return f"{inbox(queue_name)}:taking:"


def drain_scheduled(queue_name: str) -> str:
    return f"{inbox(queue_name)}:drain-scheduled"


def unsure_notes(helpdesk: str, ticket_id: str) -> str:
    return f"{UNSURE_NOTES}{helpdesk}:{ticket_id}"
