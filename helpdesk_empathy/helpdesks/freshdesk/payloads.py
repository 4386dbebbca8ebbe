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

from helpdesk_empathy.models import Decision

log = logging.getLogger(__name__)

PRIORITY_VALUES = {"low": 1, "normal": 2, "medium": 2, "high": 3, "urgent": 4}
PRIORITY_NAMES = {1: "low", 2: "normal", 3: "high", 4: "urgent"}
# Freshdesk refuses the whole update when one tag is longer than this.
MAX_TAG_CHARS = 32


def clean_id(value: object) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text or None


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


def api_id(value: str) -> int | str:
    return int(value) if value.isdigit() else value


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


def route_group(decision: Decision, freshdesk_group_id: str = "") -> str | None:
    """Freshdesk's own escalation group when configured, else the decision's group id."""
    if not decision.route_group_id:
        return None
    return clean_id(freshdesk_group_id) or clean_id(decision.route_group_id)


def merge_tags(current: tuple[str, ...], add: tuple[str, ...]) -> list[str]:
    """Current tags first, untouched, then ours that are new (compared case-insensitively)."""
    merged = list(current)
    seen = {tag.strip().lower() for tag in current}
    for tag in add:
        normalised = tag.strip().lower()
        if not normalised or normalised in seen:
            continue
        if len(normalised) > MAX_TAG_CHARS:
            log.warning("tag %s is longer than Freshdesk allows; not sent", normalised)
            continue
        merged.append(normalised)
        seen.add(normalised)
    return merged


def ticket_update(
    current: FreshdeskTicket, decision: Decision, route: str | None
) -> dict[str, Any]:
    """The body for PUT /api/v2/tickets/{id}; empty when nothing needs to change."""
    body: dict[str, Any] = {}
    kept = tuple(tag for tag in current.tags if tag.lower() not in decision.remove_tags)
    tags = merge_tags(kept, decision.add_tags)
    if tags != list(current.tags):
        body["tags"] = tags
    wanted = PRIORITY_VALUES.get(str(decision.min_priority or "").lower())
    if wanted and (current.priority is None or wanted > current.priority):
        body["priority"] = wanted
    if route and current.responder_id is None and route != current.group_id:
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
    applied: dict[str, object] = {}
    if "tags" in update:
        applied["tags"] = list(update["tags"])
    if "priority" in update:
        applied["priority"] = PRIORITY_NAMES.get(update["priority"], update["priority"])
    if "group_id" in update:
        applied["group_id"] = update["group_id"]
    if note:
        applied["internal_note"] = True
    return applied
