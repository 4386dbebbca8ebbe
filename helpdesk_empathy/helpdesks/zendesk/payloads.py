"""Pure mapping from a Decision onto a Zendesk ticket update body (no I/O).

Rules (from the product principles):
- tags: Zendesk's `tags` REPLACES every tag, so we send the current tags merged with ours;
  existing tags are never dropped. Tags are compared lower-cased, as Zendesk stores them.
- priority: only ever raised (low < normal < high < urgent). An unset or unknown current
  priority ranks below "low", so any requested minimum is a raise; Zendesk only has the four
  values, so "unknown" can only mean "unset" in practice.
- group_id: set only when the ticket has no assignee (a human's routing choice wins) and the
  ticket is not already in that group.
- comment: the suggested reply is always an internal note (`public: false`).
- safe_update: with the ticket's `updated_at` as `updated_stamp`, Zendesk answers 409 if
  anyone changed the ticket since that state was read, so the merge is never stale.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from helpdesk_empathy.helpdesks.merge import api_id, clean_id, group_change, merge_tags, raised
from helpdesk_empathy.models import PRIORITIES, Decision, TicketEvent

# Keys that change the ticket; a body with none of them is not worth a request.
CHANGE_KEYS = ("tags", "priority", "group_id", "comment", "custom_fields")

# Zendesk's API timestamps carry seconds ("2024-05-02T10:14:09Z"). The trigger placeholder
# {{ticket.updated_at_with_timestamp}} only has minutes ("2013-12-12T05:35Z"): as an
# updated_stamp it would never match, so such a value is not usable for safe_update.
_EXACT_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")


def _clean_priority(value: object) -> str | None:
    text = str(value or "").strip().lower()
    return text if text in PRIORITIES else None


def _clean_tags(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):  # "{{ticket.tags}}" renders space-separated
        value = value.split()
    return tuple(str(tag).strip() for tag in value if str(tag).strip())


def is_exact_stamp(updated_at: str | None) -> bool:
    """True when the timestamp has second precision, as safe_update needs."""
    return bool(updated_at) and bool(_EXACT_STAMP.match(str(updated_at).strip()))


@dataclass(frozen=True)
class TicketState:
    """The parts of a ticket a write-back merges with."""

    tags: tuple[str, ...] = ()
    priority: str | None = None
    group_id: str | None = None
    assignee_id: str | None = None
    updated_at: str | None = None

    @classmethod
    def from_event(cls, event: TicketEvent) -> TicketState:
        return cls(
            tags=_clean_tags(event.tags),
            priority=_clean_priority(event.priority),
            group_id=clean_id(event.group_id),
            assignee_id=clean_id(event.assignee_id),
            updated_at=(event.updated_at or "").strip() or None,
        )

    @classmethod
    def from_api(cls, ticket_json: Mapping[str, Any]) -> TicketState:
        """Accept either the `ticket` object or the whole `{"ticket": {...}}` response."""
        ticket = ticket_json.get("ticket", ticket_json)
        return cls(
            tags=_clean_tags(ticket.get("tags")),
            priority=_clean_priority(ticket.get("priority")),
            group_id=clean_id(ticket.get("group_id")),
            assignee_id=clean_id(ticket.get("assignee_id")),
            updated_at=clean_id(ticket.get("updated_at")),
        )


def priority_rank(priority: str | None) -> int:
    """-1 for unset/unknown, then 0..3 for low..urgent."""
    return PRIORITIES.index(priority) if priority in PRIORITIES else -1


def build_ticket_update(
    current: TicketState, decision: Decision, *, safe_update: bool = True
) -> dict[str, Any]:
    """The `{"ticket": {...}}` body for PUT /api/v2/tickets/{id}."""
    body: dict[str, Any] = {}
    tags = merge_tags(current.tags, decision.add_tags, decision.remove_tags)
    if tags != list(current.tags):
        body["tags"] = tags
    wanted = _clean_priority(decision.min_priority)
    if wanted and raised(priority_rank(current.priority), priority_rank(wanted)):
        body["priority"] = wanted
    route = clean_id(decision.route_group_id)
    if group_change(route, current.assignee_id, current.group_id):
        body["group_id"] = api_id(route)
    if decision.note.strip():
        body["comment"] = {"body": decision.note, "public": False}
    if safe_update and current.updated_at:
        body["safe_update"] = True
        body["updated_stamp"] = current.updated_at
    return {"ticket": body}


def has_changes(update: Mapping[str, Any]) -> bool:
    """False when the update would only carry safe_update bookkeeping."""
    ticket = update.get("ticket", {})
    return any(key in ticket for key in CHANGE_KEYS)


def applied_fields(update: Mapping[str, Any]) -> dict[str, object]:
    """The changed fields for audit, without the note's text (it may quote the customer)."""
    ticket = update.get("ticket", {})
    applied: dict[str, object] = {
        k: ticket[k] for k in ("tags", "priority", "group_id", "custom_fields") if k in ticket
    }
    if "comment" in ticket:
        applied["internal_note"] = True
    return applied
