"""Zendesk admin objects in the stub (webhooks, triggers, ticket fields): read, changed,
removed and listed alike, under the state's lock, with Zendesk's 404 and list answers."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from flask import Response, jsonify, request

from helpdesk_empathy.dev.stubs.state import StubError, StubState


def read(state: StubState, table: dict, key: Hashable, missing: str = "Not found") -> dict:
    """A copy of `table[key]`, or Zendesk's 404 RecordNotFound with the `missing` message."""
    with state.lock:
        if key not in table:
            raise StubError(404, "RecordNotFound", missing)
        return dict(table[key])


def change(
    state: StubState,
    table: dict,
    key: Hashable,
    changes: Mapping[str, Any],
    fields: Iterable[str],
    missing: str = "Not found",
) -> dict:
    """Set the given `fields` found in `changes` (the others keep their value); a copy back."""
    with state.lock:
        current = read(state, table, key, missing)
        current.update({name: changes[name] for name in fields if name in changes})
        table[key] = current
        return dict(current)


def remove(state: StubState, table: dict, key: Hashable, missing: str = "Not found") -> None:
    with state.lock:
        read(state, table, key, missing)
        del table[key]


def listing(state: StubState, table: dict, name: str) -> Response:
    """A one-page offset-paginated list, as Zendesk answers GET /api/v2/<name>."""
    with state.lock:
        items = list(table.values())
    return jsonify({name: items, "next_page": None, "previous_page": None, "count": len(items)})


def json_body() -> dict[str, Any]:
    """The request's JSON object body, else Zendesk's 400 InvalidJSON."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise StubError(400, "InvalidJSON", "a JSON object body is required")
    return data
