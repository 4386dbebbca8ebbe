"""A local Zammad-compatible helpdesk over real HTTP (tickets, tags, articles) for tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Flask, jsonify, request

from helpdesk_empathy.dev.stubs.base import (
    ApiError,
    RecordingState,
    create_app,
    json_object,
    json_response,
    thread_runner,
)

PRIORITY_NAMES = {1: "1 low", 2: "2 normal", 3: "3 high"}
SYSTEM_USER_ID = 1  # Zammad's "-" user: owner of unassigned tickets


class ZammadStubError(ApiError):
    def __init__(self, status: int, error: str):
        super().__init__(status, error, error=error, error_human=error)


def _invalid_json() -> ZammadStubError:
    return ZammadStubError(422, "a JSON object body is required")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class ZammadState(RecordingState):
    """Tickets, tags, articles and a request log, behind one lock."""

    def __init__(self, api_user_id: int = 3, token: str = "stub-token"):
        super().__init__(first_id=100)
        self.api_user = {"id": api_user_id, "login": "api@example.com", "firstname": "API"}
        self.token = token
        self.tags: dict[int, list[str]] = {}
        self.first_names: dict[int, str] = {}

    def new_ticket(self, ticket_id: int, text: str, fields: dict[str, Any]) -> dict[str, Any]:
        now = _now()
        return {
            "id": ticket_id,
            "number": str(30000 + ticket_id),
            "title": fields.get("title", "Help"),
            "group_id": fields.get("group_id", 1),
            "priority_id": fields.get("priority_id", 2),
            "state_id": 1,
            "state": "new",
            "owner_id": fields.get("owner_id", SYSTEM_USER_ID),
            "customer_id": fields.get("customer_id", 8),
            "article_count": 0,
            "created_at": now,
            "updated_at": now,
        }

    def ticket_added(self, ticket_id: int, text: str, fields: dict[str, Any]) -> None:
        """Its tags, the customer's first name, and one customer article: the first message."""
        self.tags[ticket_id] = [str(t) for t in fields.get("tags", [])]
        self.first_names[ticket_id] = fields.get("customer_firstname", "")
        self.add_article(ticket_id, text, sender="Customer", created_by_id=8)

    def add_article(
        self, ticket_id: int, body: str, *, sender: str, created_by_id: int, internal: bool = False
    ) -> dict[str, Any]:
        with self.lock:
            ticket = self._ticket(ticket_id)
            article = {
                "id": self.next_id(),
                "ticket_id": ticket["id"],
                "body": body,
                "content_type": "text/plain",
                "internal": internal,
                "sender": sender,
                "type": "note" if internal else "email",
                "created_by_id": created_by_id,
                "created_at": _now(),
            }
            self.messages[ticket["id"]].append(article)
            ticket["article_count"] += 1
            ticket["updated_at"] = article["created_at"]
            return dict(article)

    def not_found(self) -> ZammadStubError:
        return ZammadStubError(404, "Couldn't find Ticket")

    def get_ticket(self, ticket_id: int | str) -> dict[str, Any]:
        with self.lock:
            return dict(self._ticket(ticket_id))

    def get_tags(self, ticket_id: int | str) -> list[str]:
        with self.lock:
            return list(self.tags[self._ticket(ticket_id)["id"]])

    def get_articles(self, ticket_id: int | str) -> list[dict[str, Any]]:
        return self.messages_of(ticket_id)

    def update_ticket(self, ticket_id: int | str, changes: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            ticket = self._ticket(ticket_id)
            if "priority_id" in changes and changes["priority_id"] not in PRIORITY_NAMES:
                raise ZammadStubError(422, "Priority is invalid")
            for key in ("priority_id", "group_id", "owner_id", "title"):
                if key in changes:
                    ticket[key] = changes[key]
            ticket["updated_at"] = _now()
            return dict(ticket)

    def webhook_payload(self, ticket_id: int | str) -> dict[str, Any]:
        """What a Zammad trigger's webhook sends for the ticket's latest article.

        Like Zammad's TriggerWebhookJob: the ticket's attributes and associations, no tags.
        """
        with self.lock:
            ticket = dict(self._ticket(ticket_id))
            article = dict(self.messages[ticket["id"]][-1])
            ticket["priority"] = {"id": ticket["priority_id"], "name": ""}
            ticket["priority"]["name"] = PRIORITY_NAMES.get(ticket["priority_id"], "")
            first_name = self.first_names.get(ticket["id"], "")
            ticket["customer"] = {"id": ticket["customer_id"], "firstname": first_name}
            return {"ticket": ticket, "article": article}


def create_zammad_stub(state: ZammadState | None = None) -> Flask:
    state = state or ZammadState()
    expected = f"Token token={state.token}"
    app = create_app(
        "zammad_stub",
        state,
        authorized=lambda header: header == expected,
        refusal=lambda: json_response(401, error="authentication failed"),
        failure=lambda status: json_response(status, error="stub failure"),
    )

    def body() -> dict[str, Any]:
        return json_object(_invalid_json)

    def ticket_tags() -> tuple[list[str], str]:
        """The ticket's tag list and the tag a tags/add or tags/remove request names."""
        data = body()
        if data.get("object") != "Ticket" or not str(data.get("item", "")).strip():
            raise ZammadStubError(422, "item and object=Ticket are required")
        return state.tags[state._ticket(data.get("o_id"))["id"]], str(data["item"])

    @app.get("/api/v1/tickets/<int:ticket_id>")
    def show_ticket(ticket_id: int):
        return jsonify(state.get_ticket(ticket_id))

    @app.put("/api/v1/tickets/<int:ticket_id>")
    def update_ticket(ticket_id: int):
        return jsonify(state.update_ticket(ticket_id, body()))

    @app.get("/api/v1/tags")
    def list_tags():
        if request.args.get("object") != "Ticket":
            raise ZammadStubError(422, "object must be Ticket")
        return jsonify(tags=state.get_tags(request.args.get("o_id", "")))

    @app.post("/api/v1/tags/add")
    def add_tag():
        with state.lock:
            tags, item = ticket_tags()
            if item not in tags:
                tags.append(item)
        return jsonify(True), 201

    @app.delete("/api/v1/tags/remove")
    def remove_tag():
        with state.lock:
            tags, item = ticket_tags()
            if item in tags:
                tags.remove(item)
        return jsonify(True), 200

    @app.post("/api/v1/ticket_articles")
    def create_article():
        data = body()
        if not str(data.get("body", "")).strip():
            raise ZammadStubError(422, "body is required")
        article = state.add_article(
            data.get("ticket_id"),
            data["body"],
            sender=data.get("sender", "Agent"),
            created_by_id=state.api_user["id"],
            internal=bool(data.get("internal", False)),
        )
        return jsonify(article), 201

    @app.get("/api/v1/ticket_articles/by_ticket/<int:ticket_id>")
    def articles(ticket_id: int):
        return jsonify(state.get_articles(ticket_id))

    @app.get("/api/v1/users/me")
    def me():
        return jsonify(state.api_user)

    return app


run_zammad_stub_in_thread = thread_runner(create_zammad_stub, ZammadState, "zammad-stub")
