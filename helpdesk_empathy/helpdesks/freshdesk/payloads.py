"""Pure mapping from a Decision onto Freshdesk API v2 request bodies (no I/O).

Rules (the product principles, in Freshdesk's terms):
- tags: `tags` in PUT /api/v2/tickets/{id} REPLACES every tag, so the client reads the ticket
  first and sends its current tags merged with ours; existing tags are never dropped.
- priority: 1 low, 2 medium, 3 high, 4 urgent ("medium" is our "normal"). Only ever raised.
- group_id: set only when no agent (`responder_id`) owns the ticket.
- note: POST /api/v2/tickets/{id}/notes with `private: true`; the body is HTML, so the note
  text is escaped and its line breaks kept.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from helpdesk_empathy.helpdesks import merge
from helpdesk_empathy.helpdesks.merge import api_id, clean_id, group_change, merge_tags, raised
from helpdesk_empathy.models import Decision

log = logging.getLogger(__name__)

PRIORITY_VALUES = {"low": 1, "normal": 2, "medium": 2, "high": 3, "urgent": 4}
PRIORITY_NAMES = {1: "low", 2: "normal", 3: "high", 4: "urgent"}
# Freshdesk refuses the whole update when one tag is longer than this.
MAX_TAG_CHARS = 32


def priority_value(value: object) -> int | None:
    """1-4 from a number, a digit string or a name ("Medium", as placeholders render it)."""
    text = str(value if value is not None else "").strip().lower()
    if text.isdigit():
        number = int(text)
        return number if number in PRIORITY_NAMES else None
    return PRIORITY_VALUES.get(text)


def priority_name(value: object) -> str | None:
    number = priority_value(value)
    return PRIORITY_NAMES.get(number) if number is not None else None


@dataclass(frozen=True)
class FreshdeskTicket:
    """The parts of a Freshdesk ticket a write-back merges with."""

    tags: tuple[str, ...] = ()
    priority: int | None = None
    group_id: str | None = None
    responder_id: str | None = None  # the assigned agent; None = unassigned

    @classmethod
    def from_api(cls, ticket: Mapping[str, Any]) -> FreshdeskTicket:
        tags = ticket.get("tags") or []
        return cls(
            tags=tuple(str(tag) for tag in tags if str(tag).strip()),
            priority=priority_value(ticket.get("priority")),
            group_id=clean_id(ticket.get("group_id")),
            responder_id=clean_id(ticket.get("responder_id")),
        )


def sendable_tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    """Our tags Freshdesk accepts: one over its length limit would fail the whole update."""
    kept = []
    for tag in tags:
        if len(tag.strip()) > MAX_TAG_CHARS:
            log.warning("tag %s is longer than Freshdesk allows; not sent", tag.strip().lower())
            continue
        kept.append(tag)
    return tuple(kept)


def ticket_update(
    current: FreshdeskTicket, decision: Decision, route: str | None
) -> dict[str, Any]:
    """The body for PUT /api/v2/tickets/{id}; empty when nothing needs to change."""
    body: dict[str, Any] = {}
    tags = merge_tags(current.tags, sendable_tags(decision.add_tags), decision.remove_tags)
    if tags != list(current.tags):
        body["tags"] = tags
    wanted = PRIORITY_VALUES.get(str(decision.min_priority or "").lower())
    if raised(current.priority, wanted):
        body["priority"] = wanted
    if group_change(route, current.responder_id, current.group_id):
        body["group_id"] = api_id(route)
    return body


def note_html(text: str) -> str:
    """Plain note text as the HTML Freshdesk expects: escaped, line breaks kept."""
    paragraphs = [p for p in text.strip().split("\n\n") if p.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.strip().split("\n")) + "</p>"
        for p in paragraphs
    )


def note_body(note: str) -> dict[str, Any] | None:
    """The body for POST /api/v2/tickets/{id}/notes: a private note, or None without text."""
    if not note.strip():
        return None
    return {"body": note_html(note), "private": True}


def applied_fields(update: Mapping[str, Any], note: bool) -> dict[str, object]:
    """The changed fields for audit, in our vocabulary, without the note's text."""
    priority = update.get("priority")
    return merge.applied_fields(
        tags=update.get("tags", ()),
        priority=PRIORITY_NAMES.get(priority, priority) if priority is not None else None,
        group_id=update.get("group_id"),
        note=note,
    )
