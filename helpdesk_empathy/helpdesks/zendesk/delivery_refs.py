"""Idempotent notes: a short delivery reference in each note, and a record of unsure writes.

A PUT or update_many can commit while its answer is lost (a timeout, a killed worker). Sending
the same note again would post it twice. So each note ends with a reference derived from the
ticket and the note's text; before a write goes out, the reference is recorded in Redis as
"unsure" (no record, no write); it is cleared once Zendesk's answer says nothing was applied,
and kept an hour once it says the note was posted. A later attempt that finds the record
first looks for the reference in the ticket's latest comments and, if the note is there,
writes only the rest (tags, priority, group).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping

import redis

from helpdesk_empathy import keys

log = logging.getLogger(__name__)

TTL_SECONDS = 7 * 86400  # longer than every retry of a job (about 2 hours)
# A posted note's reference is kept this long: the job that posted it may still be cut short
# (Redis gone before its "handed over" mark) and decide the same note again.
POSTED_SECONDS = 3600
LABEL = "Ref. "


def reference(ticket_id: str, note: str) -> str:
    """Short, stable for the same ticket and note text. Pure."""
    digest = hashlib.sha256(f"{ticket_id}\0{note}".encode()).hexdigest()[:12]
    return f"he-{digest}"


def with_reference(note: str, ref: str) -> str:
    """The note as posted: its text, then the reference on a line of its own. Pure."""
    return f"{note}\n\n{LABEL}{ref}"


def found_in(comments: Iterable[Mapping], ref: str) -> bool:
    """True when one of these comments (Zendesk's comment objects) carries the reference."""
    needle = f"{LABEL}{ref}"
    for comment in comments:
        for key in ("body", "plain_body", "html_body"):
            if needle in str(comment.get(key) or ""):
                return True
    return False


class UnsureWrites:
    """Which tickets had a note sent whose outcome nobody saw (Redis; advisory)."""

    def __init__(self, connection: redis.Redis | None):
        self.connection = connection

    def mark(self, refs: Mapping[str, str]) -> None:
        """Before sending: ticket id -> the reference of the note going out.

        Raises redis.RedisError when Redis cannot record them: the note must then not go out.
        Sent unrecorded, it would be posted again by the redo of a job that Redis's absence
        cut short (its "handed over" mark cannot be written either), with nothing to find.
        """
        if not self.connection or not refs:
            return
        with self.connection.pipeline(transaction=False) as pipe:
            for ticket_id, ref in refs.items():
                pipe.sadd(keys.unsure_notes("zendesk", ticket_id), ref)
                pipe.expire(keys.unsure_notes("zendesk", ticket_id), TTL_SECONDS)
            pipe.execute()

    def posted(self, ticket_ids: Iterable[str]) -> None:
        """Zendesk applied these tickets' writes: their references are kept a short while, so a
        job redone after being cut short finds its note instead of posting it again."""
        names = [keys.unsure_notes("zendesk", ticket_id) for ticket_id in ticket_ids]
        if not self.connection or not names:
            return
        try:
            with self.connection.pipeline(transaction=False) as pipe:
                for name in names:
                    pipe.expire(name, POSTED_SECONDS)
                pipe.execute()
        except redis.RedisError:
            log.warning("could not record %d posted write(s)", len(names))

    def settled(self, ticket_ids: Iterable[str]) -> None:
        """Zendesk answered for these tickets: written or refused, either way not unsure."""
        names = [keys.unsure_notes("zendesk", ticket_id) for ticket_id in ticket_ids]
        if not self.connection or not names:
            return
        try:
            self.connection.delete(*names)
        except redis.RedisError:
            log.warning("could not clear %d unsure write(s)", len(names))

    def pending(self, ticket_ids: Iterable[str]) -> dict[str, set[str]]:
        """Tickets with an unsure earlier write, and the references it may have posted."""
        ids = list(ticket_ids)
        if not self.connection or not ids:
            return {}
        try:
            with self.connection.pipeline(transaction=False) as pipe:
                for ticket_id in ids:
                    pipe.smembers(keys.unsure_notes("zendesk", ticket_id))
                answers = pipe.execute()
        except redis.RedisError:
            return {}
        return {
            ticket_id: {ref.decode() for ref in refs}
            for ticket_id, refs in zip(ids, answers, strict=True)
            if refs
        }
