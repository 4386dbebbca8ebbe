"""A local Zendesk-compatible helpdesk over real HTTP, for the demo and end-to-end tests."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, jsonify, request

from helpdesk_empathy.dev.serving import serve_in_thread
from helpdesk_empathy.dev.stubs import admin_objects as admin
from helpdesk_empathy.dev.stubs import records, ticket_fields
from helpdesk_empathy.dev.stubs.export import export_page
from helpdesk_empathy.dev.stubs.limits import UpdateLimits
from helpdesk_empathy.dev.stubs.state import StubError, StubState

log = logging.getLogger(__name__)


def create_stub_app(state: StubState | None = None, *, require_auth: bool = True) -> Flask:
    """The Flask app; `app.config["STUB_STATE"]` is the state it serves."""
    state = state or StubState()
    app = Flask("zendesk_stub")
    app.config["STUB_STATE"] = state
    app.url_map.strict_slashes = False

    @app.before_request
    def gate() -> Response | tuple | None:
        if request.path.startswith("/_stub"):
            return None
        if require_auth and not request.headers.get("Authorization", "").startswith(
            ("Basic ", "Bearer ")
        ):
            return jsonify(error="Couldn't authenticate you"), 401
        allowed, remaining, reset = state.rate_check()
        request.environ["stub.remaining"] = remaining
        request.environ["stub.reset"] = reset
        if not allowed:
            response = jsonify(error="TooManyRequests", description="Rate limit exceeded")
            response.status_code = 429
            response.headers["Retry-After"] = str(reset)
            return response
        failure = state.take_failure()
        if failure is not None:
            time.sleep(failure.delay)
            return jsonify(error="InternalError", description="stub failure"), failure.status
        return None

    @app.after_request
    def record(response: Response) -> Response:
        if request.method in ("PUT", "POST", "DELETE") and not request.path.startswith("/_stub"):
            time.sleep(state.take_late_answer())  # committed already: only the answer is late
        remaining = request.environ.get("stub.remaining")
        if state.rate_limit is not None and remaining is not None:
            # Zendesk's account-wide headers, legacy and IETF draft names. An endpoint's own
            # 429 (Update Ticket) still reports what is left of the account's budget.
            account_spent = response.status_code == 429 and remaining <= 0
            left = 0 if account_spent else remaining
            response.headers["X-Rate-Limit"] = str(state.rate_limit[0])
            response.headers["X-Rate-Limit-Remaining"] = str(left)
            response.headers["ratelimit-limit"] = str(state.rate_limit[0])
            response.headers["ratelimit-remaining"] = str(left)
            response.headers["ratelimit-reset"] = str(request.environ.get("stub.reset", 1))
        state.record(request.method, request.path, response.status_code)
        return response

    @app.errorhandler(StubError)
    def stub_error(error: StubError) -> tuple[Response, int]:
        return jsonify(error=error.error, description=error.description), error.status

    # -- tickets --------------------------------------------------------------------------
    @app.get("/api/v2/tickets/show_many")
    @app.get("/api/v2/tickets/show_many.json")
    def show_many():
        ids = [part for part in request.args.get("ids", "").split(",") if part.strip()]
        if not ids or len(ids) > 100 or not all(part.strip().isdigit() for part in ids):
            raise StubError(400, "InvalidValue", "ids: 1 to 100 comma-separated ticket ids")
        found = []
        for part in ids:
            try:
                found.append(state.get_ticket(int(part)))
            except StubError:
                continue  # like Zendesk: missing tickets are left out, not an error
        return jsonify(tickets=found, count=len(found))

    @app.get("/api/v2/tickets/<int:ticket_id>")
    @app.get("/api/v2/tickets/<int:ticket_id>.json")
    def show_ticket(ticket_id: int):
        return jsonify(ticket=state.get_ticket(ticket_id))

    @app.put("/api/v2/tickets/<int:ticket_id>")
    @app.put("/api/v2/tickets/<int:ticket_id>.json")
    def update_ticket(ticket_id: int):
        changes = records.json_body().get("ticket")
        if not isinstance(changes, dict):
            raise StubError(400, "InvalidValue", "ticket object is required")
        with state.lock:
            state.get_ticket(ticket_id)
            now = time.time()
            wait = state.limits.take_put(now) or state.limits.take_ticket(ticket_id, now)
        if wait > 0:
            response = jsonify(error="TooManyRequests", description="Update Ticket rate limit")
            response.status_code = 429
            response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
            return response
        ticket = state.update_ticket(ticket_id, changes)
        return jsonify(ticket=ticket, audit={"ticket_id": ticket_id, "events": []})

    @app.put("/api/v2/tickets/<int:ticket_id>/tags")
    @app.put("/api/v2/tickets/<int:ticket_id>/tags.json")
    def add_tags(ticket_id: int):
        return jsonify(tags=state.add_tags(ticket_id, list(records.json_body().get("tags", []))))

    @app.get("/api/v2/tickets/<int:ticket_id>/comments")
    @app.get("/api/v2/tickets/<int:ticket_id>/comments.json")
    def comments(ticket_id: int):
        items = state.get_comments(ticket_id)
        if request.args.get("sort_order") == "desc":
            items.reverse()
        extra = {}
        if "users" in request.args.get("include", "").split(","):
            authors = dict.fromkeys(str(c["author_id"]) for c in items)
            extra["users"] = [state.user(int(author)) for author in authors]
        return jsonify(
            comments=items, next_page=None, previous_page=None, count=len(items), **extra
        )

    @app.put("/api/v2/tickets/update_many")
    @app.put("/api/v2/tickets/update_many.json")
    def update_many():
        body = records.json_body()
        if "tickets" in body:
            updates = list(body["tickets"])
        else:  # ?ids=1,2 with one shared {"ticket": {...}}
            ids = [int(i) for i in request.args.get("ids", "").split(",") if i.strip()]
            updates = [dict(body.get("ticket", {}), id=i) for i in ids]
        return jsonify(job_status=state.update_many(updates))

    @app.get("/api/v2/job_statuses/<job_id>")
    def job_status(job_id: str):
        return jsonify(job_status=state.get_job_status(job_id.removesuffix(".json")))

    @app.get("/api/v2/users/me")
    @app.get("/api/v2/users/me.json")
    def me():
        return jsonify(user=dict(state.api_user))

    @app.get("/api/v2/incremental/tickets/cursor")
    @app.get("/api/v2/incremental/tickets/cursor.json")
    def incremental_tickets():
        with state.lock:
            tickets = [dict(ticket) for ticket in state.tickets.values()]
        return jsonify(
            export_page(tickets, request.args.to_dict(), base_url=request.host_url.rstrip("/"))
        )

    # -- webhooks and triggers --------------------------------------------------------------
    @app.post("/api/v2/webhooks")
    def create_webhook():
        return jsonify(webhook=admin.create_webhook(state, records.json_body())), 201

    @app.get("/api/v2/webhooks")
    def list_webhooks():
        with state.lock:
            items = list(state.webhooks.values())
        links = {"prev": None, "next": None}
        meta = {"has_more": False, "after_cursor": None, "before_cursor": None}
        return jsonify(webhooks=items, meta=meta, links=links)

    @app.get("/api/v2/webhooks/<webhook_id>")
    def show_webhook(webhook_id: str):
        return jsonify(webhook=admin.get_webhook(state, webhook_id))

    @app.patch("/api/v2/webhooks/<webhook_id>")
    def patch_webhook(webhook_id: str):
        admin.update_webhook(state, webhook_id, records.json_body())
        return Response(status=204)

    @app.delete("/api/v2/webhooks/<webhook_id>")
    def delete_webhook(webhook_id: str):
        admin.delete_webhook(state, webhook_id)
        return Response(status=204)

    @app.get("/api/v2/webhooks/<webhook_id>/signing_secret")
    def signing_secret(webhook_id: str):
        return jsonify(signing_secret=admin.webhook_secret(state, webhook_id))

    @app.post("/api/v2/triggers")
    @app.post("/api/v2/triggers.json")
    def create_trigger():
        return jsonify(trigger=admin.create_trigger(state, records.json_body())), 201

    @app.get("/api/v2/triggers")
    @app.get("/api/v2/triggers.json")
    def list_triggers():
        return records.listing(state, state.triggers, "triggers")

    @app.get("/api/v2/triggers/<int:trigger_id>")
    def show_trigger(trigger_id: int):
        return jsonify(trigger=admin.get_trigger(state, trigger_id))

    @app.put("/api/v2/triggers/<int:trigger_id>")
    def update_trigger(trigger_id: int):
        return jsonify(trigger=admin.update_trigger(state, trigger_id, records.json_body()))

    @app.delete("/api/v2/triggers/<int:trigger_id>")
    def delete_trigger(trigger_id: int):
        admin.delete_trigger(state, trigger_id)
        return Response(status=204)

    ticket_fields.register_routes(app, state)

    # -- test hooks -------------------------------------------------------------------------
    @app.post("/_stub/tickets")
    def seed_ticket():
        body = records.json_body()
        ticket = state.add_ticket(body.pop("id", None), body.pop("text", ""), **body)
        return jsonify(ticket=ticket), 201

    @app.post("/_stub/tickets/<int:ticket_id>/agent_edit")
    def agent_edit(ticket_id: int):
        return jsonify(ticket=state.agent_edit(ticket_id, **records.json_body()))

    @app.post("/_stub/tickets/<int:ticket_id>/customer_comment")
    def customer_comment(ticket_id: int):
        text = records.json_body().get("text", "")
        return jsonify(ticket=state.add_customer_comment(ticket_id, text))

    @app.get("/_stub/requests")
    def request_log():
        return jsonify(requests=state.request_log())

    def configure(hook: object, **defaults: float) -> Response:
        """Set a test hook's fields from the JSON body, each as the type of its default."""
        body = records.json_body()
        with state.lock:
            for name, default in defaults.items():
                setattr(hook, name, type(default)(body.get(name, default)))
        return jsonify(ok=True)

    @app.post("/_stub/fail")
    def fail():
        return configure(state.failure, count=1, status=500, delay=0.0)

    @app.post("/_stub/late_answers")
    def late_answers():
        return configure(state.late_answers, count=1, delay=0.0)

    @app.post("/_stub/limits")
    def update_limits():
        body = records.json_body()
        with state.lock:
            state.limits = UpdateLimits(
                per_minute=body.get("update_ticket_per_minute"),
                per_ticket=body.get("ticket_updates_per_window"),
                time_scale=float(body.get("time_scale", 1.0)),
            )
        return jsonify(ok=True)

    @app.post("/_stub/rate_limit")
    def rate_limit():
        body = records.json_body()
        with state.lock:
            limit = body.get("limit")
            state.rate_limit = (int(limit), float(body.get("window", 60))) if limit else None
        return jsonify(ok=True)

    return app


def run_stub_in_thread(
    port: int = 0, state: StubState | None = None, host: str = "127.0.0.1", **app_options: Any
) -> tuple[str, StubState, Callable[[], None]]:
    """Serve the stub from a daemon thread; returns (base URL, state, shutdown)."""
    state = state or StubState()
    app = create_stub_app(state, **app_options)
    url, shutdown = serve_in_thread(app, host=host, port=port, name="zendesk-stub")
    log.info("zendesk stub listening on %s", url)
    return url, state, shutdown
