"""Custom ticket fields in the local Zendesk stub, with Zendesk's write semantics.

Documented behaviour mirrored here: a drop-down (`tagger`) is set by an option's value, which
is also a tag on the ticket (setting one sets the other); a checkbox adds its `tag` when
checked; values for fields that do not exist, are inactive, or are not valid options are
dropped without an error (Zendesk answers 200 and ignores them).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify

from helpdesk_empathy.dev.stubs import records
from helpdesk_empathy.dev.stubs.state import StubError, StubState

TYPES = ("text", "textarea", "checkbox", "date", "integer", "decimal", "regexp", "tagger")


def create(state: StubState, body: dict[str, Any]) -> dict[str, Any]:
    spec = body.get("ticket_field")
    if not isinstance(spec, dict) or not spec.get("title"):
        raise StubError(422, "RecordInvalid", "Title: cannot be blank")
    if spec.get("type") not in TYPES:
        raise StubError(422, "RecordInvalid", "Type: is not valid")
    options = spec.get("custom_field_options") or []
    if spec["type"] == "tagger" and not options:
        raise StubError(422, "RecordInvalid", "Field options: cannot be blank")
    with state.lock:
        field_id = state._next_id()
        stored = {
            "id": field_id,
            "url": f"https://{state.account}.zendesk.com/api/v2/ticket_fields/{field_id}.json",
            "type": spec["type"],
            "title": spec["title"],
            "raw_title": spec["title"],
            "description": spec.get("description", ""),
            "active": spec.get("active", True),
            "required": False,
            "removable": True,
            "tag": spec.get("tag"),
            "custom_field_options": [
                {
                    "id": state._next_id(),
                    "name": o["name"],
                    "raw_name": o["name"],
                    "value": o["value"],
                    "default": False,
                }
                for o in options
            ],  # fmt: skip
            "created_at": state._stamp(),
            "updated_at": state._stamp(),
        }
        state.ticket_fields[field_id] = stored
        return dict(stored)


def get(state: StubState, field_id: int) -> dict[str, Any]:
    return records.read(state, state.ticket_fields, field_id)


def update(state: StubState, field_id: int, body: dict[str, Any]) -> dict[str, Any]:
    changes = body.get("ticket_field") or {}
    fields = ("title", "description", "active", "tag")
    return records.change(state, state.ticket_fields, field_id, changes, fields)


def delete(state: StubState, field_id: int) -> None:
    records.remove(state, state.ticket_fields, field_id)


def apply_values(state: StubState, ticket: dict[str, Any], entries: Any) -> None:
    """Set `custom_fields` values on a ticket (inside the state lock), syncing their tags."""
    values = {entry["id"]: entry["value"] for entry in ticket.get("custom_fields") or []}
    tags = list(ticket["tags"])
    for entry in entries if isinstance(entries, list) else []:
        field = state.ticket_fields.get(entry.get("id")) if isinstance(entry, dict) else None
        if field is None or not field.get("active", True):
            continue  # unknown or inactive: dropped silently
        value = entry.get("value")
        if field["type"] == "tagger":
            option_tags = [option["value"] for option in field["custom_field_options"]]
            if value is not None and value not in option_tags:
                continue  # not an option: dropped silently
            tags = [tag for tag in tags if tag not in option_tags]
            tags += [value] if value else []
        elif field["type"] == "checkbox":
            value = bool(value)
            if field.get("tag"):
                tags = [tag for tag in tags if tag != field["tag"]]
                tags += [field["tag"]] if value else []
        elif field["type"] == "integer" and (
            isinstance(value, bool) or not isinstance(value, int | type(None))
        ):
            continue
        values[field["id"]] = value
    ticket["custom_fields"] = [{"id": key, "value": value} for key, value in values.items()]
    ticket["tags"] = list(dict.fromkeys(tags))


def register_routes(app: Flask, state: StubState) -> None:
    """GET/POST /api/v2/ticket_fields, GET/PUT/DELETE /api/v2/ticket_fields/{id}."""

    @app.get("/api/v2/ticket_fields")
    def list_ticket_fields():
        return records.listing(state, state.ticket_fields, "ticket_fields")

    @app.post("/api/v2/ticket_fields")
    def create_ticket_field():
        return jsonify(ticket_field=create(state, records.json_body())), 201

    @app.get("/api/v2/ticket_fields/<int:field_id>")
    def show_ticket_field(field_id: int):
        return jsonify(ticket_field=get(state, field_id))

    @app.put("/api/v2/ticket_fields/<int:field_id>")
    def update_ticket_field(field_id: int):
        return jsonify(ticket_field=update(state, field_id, records.json_body()))

    @app.delete("/api/v2/ticket_fields/<int:field_id>")
    def delete_ticket_field(field_id: int):
        delete(state, field_id)
        return Response(status=204)
