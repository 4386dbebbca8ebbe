"""A local Freshdesk-compatible helpdesk over real HTTP (API v2 tickets and notes) for tests."""

from __future__ import annotations

import base64
import html
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, jsonify, request

from helpdesk_empathy.dev.stubs.base import (
    ApiError,
    RecordingState,
    create_app,
    json_object,
    json_response,
    thread_runner,
)

PRIORITIES = {1: "Low", 2: "Medium", 3: "High", 4: "Urgent"}
STATUSES = {2: "Open", 3: "Pending", 4: "Resolved", 5: "Closed"}


class FreshdeskStubError(ApiError):
    def __init__(self, status: int, description: str, errors: list | None = None):
        super().__init__(status, description, description=description, errors=errors or [])


def _invalid_json() -> FreshdeskStubError:
    return FreshdeskStubError(400, "Validation failed", [{"code": "invalid_json"}])


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class FreshdeskState(RecordingState):
    """Tickets, conversations and a request log, behind one lock."""

    def __init__(self, api_key: str = "stub-key", agent_id: int = 77000001):
        super().__init__(first_id=500)
        self.api_key = api_key
        self.agent = {"id": agent_id, "contact": {"name": "Helpdesk Empathy API"}}

    def new_ticket(self, ticket_id: int, text: str, fields: dict[str, Any]) -> dict[str, Any]:
        now = _now()
        return {
            "id": ticket_id,
            "subject": fields.get("subject", "Help"),
            "description": f"<div>{text}</div>",
            "description_text": text,
            "priority": fields.get("priority", 1),
            "status": fields.get("status", 2),
            "source": 1,
            "group_id": fields.get("group_id"),
            "responder_id": fields.get("responder_id"),
            "requester_id": fields.get("requester_id", 66000001),
            "requester_name": fields.get("requester_name", "Customer"),
            "tags": list(fields.get("tags", [])),
            "custom_fields": {},
            "created_at": now,
            "updated_at": now,
        }

    def not_found(self) -> FreshdeskStubError:
        return FreshdeskStubError(404, "not found")

    def get_ticket(self, ticket_id: int | str, *, requester: bool = False) -> dict[str, Any]:
        with self.lock:
            ticket = dict(self._ticket(ticket_id))
            name = ticket.pop("requester_name")
            if requester:  # ?include=requester
                ticket["requester"] = {"id": ticket["requester_id"], "name": name}
            return dict(ticket, tags=list(ticket["tags"]))

    def get_conversations(self, ticket_id: int | str) -> list[dict[str, Any]]:
        return self.messages_of(ticket_id)

    def update_ticket(self, ticket_id: int | str, changes: dict[str, Any]) -> dict[str, Any]:
        """PUT semantics: `tags` replaces the whole list, as Freshdesk does."""
        with self.lock:
            ticket = self._ticket(ticket_id)
            errors = []
            if "priority" in changes and changes["priority"] not in PRIORITIES:
                errors.append({"field": "priority", "code": "invalid_value"})
            tags = changes.get("tags", ticket["tags"])
            if not isinstance(tags, list) or any(len(str(t)) > 32 for t in tags):
                errors.append({"field": "tags", "code": "invalid_value"})
            if errors:
                raise FreshdeskStubError(400, "Validation failed", errors)
            for key in ("priority", "group_id", "responder_id", "status", "subject"):
                if key in changes:
                    ticket[key] = changes[key]
            ticket["tags"] = [str(t) for t in tags]
            ticket["updated_at"] = _now()
            return dict(ticket, tags=list(ticket["tags"]))

    def add_reply(self, ticket_id: int | str, text: str) -> dict[str, Any]:
        """The customer replies (by e-mail or the portal): a public, incoming conversation."""
        with self.lock:
            ticket = self._ticket(ticket_id)
            reply = {
                "id": self.next_id(),
                "ticket_id": ticket["id"],
                "body": f"<div>{html.escape(text)}</div>",
                "body_text": text,
                "private": False,
                "incoming": True,
                "source": 0,
                "user_id": ticket["requester_id"],
                "created_at": _now(),
            }
            self.messages[ticket["id"]].append(reply)
            ticket["updated_at"] = reply["created_at"]
            return dict(reply)

    def add_note(self, ticket_id: int | str, body: str, private: bool) -> dict[str, Any]:
        with self.lock:
            ticket = self._ticket(ticket_id)
            note = {
                "id": self.next_id(),
                "ticket_id": ticket["id"],
                "body": body,
                "private": private,
                "incoming": False,
                "user_id": self.agent["id"],
                "created_at": _now(),
            }
            self.messages[ticket["id"]].append(note)
            return dict(note)

    def webhook_body(
        self, ticket_id: int | str, reply: str | None = None, *, created: bool = False
    ) -> dict:
        """What our recommended automation rule sends (ids and metadata only).

        With `reply`, the customer's reply is added to the ticket first, as it happens in
        Freshdesk before the rule runs.
        """
        with self.lock:
            if reply is not None:
                self.add_reply(ticket_id, reply)
            ticket = self._ticket(ticket_id)
            return {
                "ticket": {
                    "id": str(ticket["id"]),
                    "priority": PRIORITIES[ticket["priority"]],
                    "status": STATUSES.get(ticket["status"], ""),
                },
                "triggered_event": "{ticket_action:created}" if created else "{reply_sent:sent}",
            }


def create_freshdesk_stub(state: FreshdeskState | None = None) -> Flask:
    state = state or FreshdeskState()
    expected = "Basic " + base64.b64encode(f"{state.api_key}:X".encode()).decode()
    app = create_app(
        "freshdesk_stub",
        state,
        authorized=lambda header: header == expected,
        refusal=_refusal,
        failure=_failure,
    )

    @app.after_request
    def remaining(response: Response) -> Response:
        response.headers["X-Ratelimit-Remaining"] = "99"
        return response

    def body() -> dict[str, Any]:
        return json_object(_invalid_json)

    @app.get("/api/v2/tickets/<int:ticket_id>")
    def show_ticket(ticket_id: int):
        include = request.args.get("include", "")
        return jsonify(state.get_ticket(ticket_id, requester="requester" in include.split(",")))

    @app.put("/api/v2/tickets/<int:ticket_id>")
    def update_ticket(ticket_id: int):
        return jsonify(state.update_ticket(ticket_id, body()))

    @app.post("/api/v2/tickets/<int:ticket_id>/notes")
    def add_note(ticket_id: int):
        data = body()
        if not str(data.get("body", "")).strip():
            raise FreshdeskStubError(400, "Validation failed", [{"field": "body"}])
        return jsonify(state.add_note(ticket_id, data["body"], data.get("private", True))), 201

    @app.get("/api/v2/tickets/<int:ticket_id>/conversations")
    def conversations(ticket_id: int):
        # Oldest first, 30 a page by default (at most 100), a Link header to the next page.
        per_page = min(max(request.args.get("per_page", 30, type=int), 1), 100)
        page = max(request.args.get("page", 1, type=int), 1)
        every = state.get_conversations(ticket_id)
        response = jsonify(every[(page - 1) * per_page : page * per_page])
        if page * per_page < len(every):
            next_url = f"{request.base_url}?per_page={per_page}&page={page + 1}"
            response.headers["Link"] = f'<{next_url}>; rel="next"'
        return response

    @app.get("/api/v2/agents/me")
    def me():
        return jsonify(state.agent)

    return app


run_freshdesk_stub_in_thread = thread_runner(
    create_freshdesk_stub, FreshdeskState, "freshdesk-stub"
)


def _refusal() -> Response:
    return json_response(401, code="invalid_credentials", message="You have to be logged in")


def _failure(status: int) -> Response:
    headers = {"Retry-After": "1"} if status == 429 else {}
    return json_response(status, headers, message="stub failure")
