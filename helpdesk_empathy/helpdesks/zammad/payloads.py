"""Pure mapping from a Decision onto Zammad REST request bodies (no I/O).

Rules (the product principles, in Zammad's terms):
- tags: `POST /api/v1/tags/add` adds one tag and never removes others, so no merge is needed.
  The webhook payload has no tags: they are read (`GET /api/v1/tags`) only when a stale level
  tag may need removing; then tags the ticket already carries are not sent again.
- priority: Zammad's default priorities are ids 1 low, 2 normal, 3 high (no "urgent": it maps
  to 3). Only ever raised. An id above 3 is a custom priority we cannot rank: left alone.
- group: set only when nobody owns the ticket. Zammad marks "unassigned" with owner_id 1 (the
  system user "-"), not with null.
- note: an article with `type: note` and `internal: true`, never sent to the customer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from helpdesk_empathy.helpdesks import merge
from helpdesk_empathy.helpdesks.merge import (
    api_id,
    clean_id,
    group_change,
    raised,
    tags_to_add,
    tags_to_remove,
)
from helpdesk_empathy.models import Decision, TicketEvent

PRIORITY_IDS = {"low": 1, "normal": 2, "high": 3, "urgent": 3}
PRIORITY_NAMES = {1: "low", 2: "normal", 3: "high"}
HIGHEST_KNOWN_PRIORITY_ID = 3
UNASSIGNED_OWNER_IDS = frozenset({"1", "0"})
NOTE_SUBJECT = "Helpdesk Empathy: suggested reply"


def owner_id(value: object) -> str | None:
    """The owning agent's id, or None when the ticket is unassigned (owner 1 in Zammad)."""
    owner = clean_id(value)
    return None if owner is None or owner in UNASSIGNED_OWNER_IDS else owner


def priority_id(value: object) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def priority_name(value: object) -> str | None:
    """Our priority name for a Zammad priority id (None for unknown or custom ids)."""
    number = priority_id(value)
    return PRIORITY_NAMES.get(number) if number is not None else None


@dataclass(frozen=True)
class ZammadTicket:
    """The parts of a Zammad ticket a write-back depends on."""

    priority_id: int | None = None
    group_id: str | None = None
    owner_id: str | None = None  # None = unassigned

    @classmethod
    def from_api(cls, ticket: Mapping[str, Any]) -> ZammadTicket:
        return cls(
            priority_id=priority_id(ticket.get("priority_id")),
            group_id=clean_id(ticket.get("group_id")),
            owner_id=owner_id(ticket.get("owner_id")),
        )


def needs_ticket_state(decision: Decision, route: str | None) -> bool:
    """Priority and group changes must be checked against the ticket as it is now."""
    return bool(route) or decision.min_priority in PRIORITY_IDS


def ticket_update(current: ZammadTicket, decision: Decision, route: str | None) -> dict[str, Any]:
    """The body for PUT /api/v1/tickets/{id}; empty when nothing needs to change."""
    body: dict[str, Any] = {}
    wanted = PRIORITY_IDS.get(str(decision.min_priority or "").lower())
    if raised(current.priority_id, wanted, highest_known=HIGHEST_KNOWN_PRIORITY_ID):
        body["priority_id"] = wanted
    if group_change(route, current.owner_id, current.group_id):
        body["group_id"] = api_id(route)
    return body


def tag_body(ticket_id: str, tag: str) -> dict[str, Any]:
    """The body for POST /api/v1/tags/add and DELETE /api/v1/tags/remove."""
    return {"item": tag, "object": "Ticket", "o_id": api_id(ticket_id)}


def note_article(ticket_id: str, note: str) -> dict[str, Any] | None:
    """The body for POST /api/v1/ticket_articles: an internal note, or None without text."""
    if not note.strip():
        return None
    return {
        "ticket_id": api_id(ticket_id),
        "subject": NOTE_SUBJECT,
        "body": note,
        "content_type": "text/plain",
        "type": "note",
        "internal": True,
        "sender": "Agent",
    }


def needs_tag_read(event: TicketEvent, decision: Decision) -> bool:
    """Read the ticket's tags only when a stale level tag may have to go.

    Zammad's webhook payload carries no tags (tags are not a ticket attribute there), so
    without a read our previous `<prefix>_sentiment_<level>` tag would stay forever. Without
    level tags there is nothing to remove, and adding a tag twice is harmless.
    """
    return not event.tags_known and bool(decision.remove_tags)


def tag_changes(current: tuple[str, ...] | None, decision: Decision) -> tuple[list[str], list[str]]:
    """(tags to add, tags to remove); `current` None = unknown: add ours, remove nothing."""
    if current is None:
        return tags_to_add((), decision.add_tags), []
    return tags_to_add(current, decision.add_tags), tags_to_remove(current, decision.remove_tags)


def applied_fields(
    update: Mapping[str, Any], tags: list[str], note: bool, *, removed: list[str] = ()
) -> dict[str, object]:
    """The changed fields for audit, in our vocabulary, without the note's text."""
    priority = update.get("priority_id")
    return merge.applied_fields(
        tags=tags,
        removed=removed,
        priority=PRIORITY_NAMES.get(priority, priority) if priority is not None else None,
        group_id=update.get("group_id"),
        note=note,
    )
