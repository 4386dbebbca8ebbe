"""Pure mapping from a Decision onto a Zendesk ticket update body (no I/O).

Rules (from the product principles):
- tags: in a PUT, Zendesk's `tags` REPLACES every tag, so we send the current tags merged with
  ours under safe_update; existing tags are never dropped. update_many items use
  `additional_tags` / `remove_tags` instead, which Zendesk merges itself (no read needed).
  Tags are compared lower-cased, as Zendesk stores them.
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

from helpdesk_empathy.helpdesks.merge import (
    api_id,
    clean_id,
    group_change,
    merge_tags,
    normalise_tag,
    raised,
)
from helpdesk_empathy.models import PRIORITIES, Decision, TicketEvent

# Keys that change the ticket; a body with none of them is not worth a request.
CHANGE_KEYS = (
    "tags",
    "additional_tags",
    "remove_tags",
    "priority",
    "group_id",
    "comment",
    "custom_fields",
)

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


def field_changes(current: TicketState, decision: Decision) -> dict[str, Any]:
    """Priority (only ever raised) and group (only while nobody owns the ticket). Pure."""
    changes: dict[str, Any] = {}
    wanted = _clean_priority(decision.min_priority)
    if wanted and raised(priority_rank(current.priority), priority_rank(wanted)):
        changes["priority"] = wanted
    route = clean_id(decision.route_group_id)
    if group_change(route, current.assignee_id, current.group_id):
        changes["group_id"] = api_id(route)
    return changes


def internal_note(body: str) -> dict[str, Any]:
    return {"body": body, "public": False}


def build_ticket_update(
    current: TicketState,
    decision: Decision,
    *,
    safe_update: bool = True,
    note: str | None = None,
) -> dict[str, Any]:
    """The `{"ticket": {...}}` body for PUT /api/v2/tickets/{id}.

    `note` is the comment text as posted (the decision's note with its delivery reference);
    by default the decision's note itself, and "" leaves the note out (already posted).
    """
    body: dict[str, Any] = {}
    tags = merge_tags(current.tags, decision.add_tags, decision.remove_tags)
    if tags != list(current.tags):
        body["tags"] = tags
    body.update(field_changes(current, decision))
    text = decision.note if note is None else note
    if text.strip():
        body["comment"] = internal_note(text)
    if safe_update and current.updated_at:
        body["safe_update"] = True
        body["updated_stamp"] = current.updated_at
    return {"ticket": body}


def tag_changes(
    known: TicketState, decision: Decision, *, tags_known: bool
) -> tuple[list[str], list[str]]:
    """`additional_tags` and `remove_tags` for an update_many item. Pure.

    Zendesk merges them into the ticket's tags as they are when the job runs, so no read is
    needed and an agent's tags added meanwhile stay. Tags the event says are already right are
    left out; when the event did not list the tags, every intent is sent (both are no-ops
    when already true).
    """
    have = {normalise_tag(tag) for tag in known.tags}
    add = [
        tag
        for tag in dict.fromkeys(normalise_tag(t) for t in decision.add_tags)
        if tag and not (tags_known and tag in have)
    ]
    remove = [
        tag
        for tag in dict.fromkeys(normalise_tag(t) for t in decision.remove_tags)
        if tag and tag not in add and (not tags_known or tag in have)
    ]
    return add, remove


def build_batch_item(
    ticket_id: str,
    known: TicketState,
    decision: Decision,
    *,
    tags_known: bool,
    fresh: TicketState | None = None,
    note: str = "",
) -> dict[str, Any]:
    """One `tickets` item of PUT update_many (`TicketsUpdateRequest`). Pure.

    Priority and group are set only from a `fresh` state read just before, and then guarded
    by `safe_update` + `updated_stamp`: if an agent changed the ticket in between, that item
    fails alone and is retried through the single-ticket path, which re-reads and re-merges.
    """
    item: dict[str, Any] = {"id": api_id(ticket_id)}
    add, remove = tag_changes(known, decision, tags_known=tags_known)
    if add:
        item["additional_tags"] = add
    if remove:
        item["remove_tags"] = remove
    if fresh is not None:
        changes = field_changes(fresh, decision)
        if changes:
            item.update(changes)
            if fresh.updated_at:
                item["safe_update"] = True
                item["updated_stamp"] = fresh.updated_at
    if note.strip():
        item["comment"] = internal_note(note)
    return item


def has_changes(update: Mapping[str, Any]) -> bool:
    """False when the update (a PUT body or an update_many item) only carries bookkeeping."""
    ticket = update.get("ticket", update)
    return any(key in ticket for key in CHANGE_KEYS)


def applied_fields(update: Mapping[str, Any]) -> dict[str, object]:
    """The changed fields for audit, without the note's text (it may quote the customer)."""
    ticket = update.get("ticket", update)
    keys = ("tags", "additional_tags", "remove_tags", "priority", "group_id", "custom_fields")
    applied: dict[str, object] = {k: ticket[k] for k in keys if k in ticket}
    if "comment" in ticket:
        applied["internal_note"] = True
    return applied
