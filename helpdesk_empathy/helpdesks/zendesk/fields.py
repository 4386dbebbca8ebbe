"""Zendesk custom ticket fields for views, SLAs and triggers: what install creates, how we set them.

Three fields, found again by exact title (pure planning; the client does the calls):
- "Sentiment (helpdesk-empathy)": a drop-down (`tagger`) with the five levels plus unknown.
  Each option's value is our level tag ("empathy_sentiment_negative"), so the field and the
  tag always agree: setting one sets the other in Zendesk.
- "Frustration (helpdesk-empathy)": an `integer`, 0-100.
- "Escalated by empathy": a `checkbox` whose tag is our escalated tag.
The worker sets them with `custom_fields: [{id, value}]` in the same request as the tags, using
HELPDESK_EMPATHY_ZENDESK_FIELD_IDS (printed by `install --fields`). A field deleted in Zendesk
or not writable costs nothing: Zendesk drops unknown custom field values, the drop-down and the
checkbox are carried by their tags anyway, and `doctor` warns.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from helpdesk_empathy.errors import ConfigError
from helpdesk_empathy.models import FIELD_NAMES, LEVELS, UNKNOWN_LEVEL, Decision

ENV_NAME = "HELPDESK_EMPATHY_ZENDESK_FIELD_IDS"
DESCRIPTION = "Set by helpdesk-empathy; created by `helpdesk-empathy install --fields`."
TITLES = {
    "sentiment_level": "Sentiment (helpdesk-empathy)",
    "frustration": "Frustration (helpdesk-empathy)",
    "escalated": "Escalated by empathy",
}
TYPES = {"sentiment_level": "tagger", "frustration": "integer", "escalated": "checkbox"}
OPTION_NAMES = {
    "very_negative": "Very negative",
    "negative": "Negative",
    "neutral": "Neutral",
    "positive": "Positive",
    "very_positive": "Very positive",
    UNKNOWN_LEVEL: "Unknown (language not supported)",
}


def field_spec(name: str, prefix: str = "empathy") -> dict[str, Any]:
    """The `ticket_field` object for POST /api/v2/ticket_fields."""
    spec: dict[str, Any] = {
        "type": TYPES[name],
        "title": TITLES[name],
        "description": DESCRIPTION,
        "active": True,
        "visible_in_portal": False,
        "editable_in_portal": False,
    }
    if name == "sentiment_level":
        spec["custom_field_options"] = [
            {"name": OPTION_NAMES[level], "value": f"{prefix}_sentiment_{level}"}
            for level in (*LEVELS, UNKNOWN_LEVEL)
        ]
    elif name == "escalated":
        spec["tag"] = f"{prefix}_escalated"
    elif name == "frustration":
        spec["regexp_for_validation"] = None
    return spec


def find_fields(ticket_fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Our fields among the account's, by FIELD_NAMES key (exact title and type)."""
    found: dict[str, dict[str, Any]] = {}
    for name in FIELD_NAMES:
        for field in ticket_fields:
            if field.get("title") == TITLES[name] and field.get("type") == TYPES[name]:
                found.setdefault(name, field)
    return found


def plan_fields(ticket_fields: list[dict[str, Any]], prefix: str = "empathy") -> list[dict]:
    """Steps as {action, name, method, path, body, id}: create what is missing, keep the rest."""
    ours = find_fields(ticket_fields)
    steps = []
    for name in FIELD_NAMES:
        if name in ours and ours[name].get("active", True):
            steps.append({"action": "keep", "name": name, "id": str(ours[name]["id"])})
        elif name in ours:
            path = f"/api/v2/ticket_fields/{ours[name]['id']}"
            body = {"ticket_field": {"active": True}}
            steps.append(
                {"action": "update", "name": name, "method": "PUT", "path": path, "body": body,
                 "id": str(ours[name]["id"])}
            )  # fmt: skip
        else:
            body = {"ticket_field": field_spec(name, prefix)}
            steps.append(
                {"action": "create", "name": name, "method": "POST",
                 "path": "/api/v2/ticket_fields", "body": body}
            )  # fmt: skip
    return steps


def plan_remove_fields(ticket_fields: list[dict[str, Any]]) -> list[dict]:
    return [
        {"action": "delete", "name": name, "method": "DELETE",
         "path": f"/api/v2/ticket_fields/{field['id']}", "id": str(field["id"])}
        for name, field in find_fields(ticket_fields).items()
    ]  # fmt: skip


def describe(step: Mapping[str, Any]) -> str:
    if step["action"] == "keep":
        return f"keep ticket field {step['id']} ({TITLES[step['name']]}, already there)"
    text = f"{step['method']} {step['path']}"
    if step.get("body") is not None:
        text += "\n" + json.dumps(step["body"], indent=2, ensure_ascii=False)
    return text


def env_line(ids: Mapping[str, str]) -> str:
    value = ",".join(f"{name}={ids[name]}" for name in FIELD_NAMES if name in ids)
    return f"{ENV_NAME}={value}"


def parse_field_ids(raw: str) -> dict[str, int]:
    """ "sentiment_level=123,frustration=456,escalated=789" -> ids; ConfigError names the part."""
    ids: dict[str, int] = {}
    for part in (p.strip() for p in (raw or "").split(",")):
        if not part:
            continue
        name, _, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if name not in FIELD_NAMES or not value.isdigit():
            raise ConfigError(
                f"{ENV_NAME}: {part!r} is not NAME=ID with NAME one of {', '.join(FIELD_NAMES)}"
            )
        ids[name] = int(value)
    return ids


def custom_fields(decision: Decision, ids: Mapping[str, int]) -> list[dict[str, Any]]:
    """`custom_fields` entries for the decision's field values, for the fields we know."""
    # A drop-down is set by its option's value, which is our level tag (the policy's value).
    return [
        {"id": ids[name], "value": decision.fields[name]}
        for name in FIELD_NAMES
        if name in ids and name in decision.fields
    ]


def add_custom_fields(body: dict[str, Any], decision: Decision, ids: Mapping[str, int]) -> None:
    """Put the field values into an update body (or update_many item), next to the tags."""
    entries = custom_fields(decision, ids)
    if entries:
        body["custom_fields"] = entries


def add_to_items(
    items: list[dict[str, Any]], decided: list[tuple[Any, Decision]], ids: Mapping[str, int]
) -> None:
    """add_custom_fields() for each update_many item, matched to its decision by ticket id."""
    if not ids:
        return
    by_ticket = {str(event.ticket_id): decision for event, decision in decided}
    for item in items:
        decision = by_ticket.get(str(item.get("id")))
        if decision is not None:
            add_custom_fields(item, decision, ids)
