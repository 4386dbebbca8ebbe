"""What the Zammad and Freshdesk stubs share: a locked state with a request log and failure
hooks, an app whose gate checks auth and injected failures, and serving from a thread."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, jsonify, request

from helpdesk_empathy.dev.serving import serve_in_thread


class ApiError(Exception):
    """An API error the stub answers with `status` and `payload` as its JSON body."""

    def __init__(self, status: int, message: str, **payload: Any):
        super().__init__(message)
        self.status, self.payload = status, payload


class RecordingState:
    """The part of a stub's state every stub has, behind one lock."""

    def __init__(self, first_id: int):
        self.lock = threading.RLock()
        self.tickets: dict[int, dict[str, Any]] = {}
        # Each ticket's messages, oldest first (Freshdesk conversations, Zammad articles).
        self.messages: dict[int, list[dict[str, Any]]] = {}
        self.requests: list[dict[str, Any]] = []
        self.fail_next: list[int] = []  # statuses to answer the next API requests with
        self._ids = itertools.count(first_id)

    def next_id(self) -> int:
        return next(self._ids)

    def add_ticket(self, text: str, **fields: Any) -> dict[str, Any]:
        """A new ticket (`fields` set its attributes, `id` its id) with no message yet."""
        with self.lock:
            ticket_id = int(fields.get("id") or self.next_id())
            self.tickets[ticket_id] = self.new_ticket(ticket_id, text, fields)
            self.messages[ticket_id] = []
            self.ticket_added(ticket_id, text, fields)
            return dict(self.tickets[ticket_id])

    def new_ticket(self, ticket_id: int, text: str, fields: dict[str, Any]) -> dict[str, Any]:
        """The helpdesk's own ticket record."""
        raise NotImplementedError

    def ticket_added(self, ticket_id: int, text: str, fields: dict[str, Any]) -> None:
        """What else the helpdesk keeps for a new ticket."""

    def not_found(self) -> ApiError:
        """The helpdesk's answer for an unknown ticket."""
        raise NotImplementedError

    def _ticket(self, ticket_id: int | str) -> dict[str, Any]:
        try:
            return self.tickets[int(ticket_id)]
        except (KeyError, ValueError):
            raise self.not_found() from None

    def messages_of(self, ticket_id: int | str) -> list[dict[str, Any]]:
        """Copies of the ticket's messages, oldest first."""
        with self.lock:
            return [dict(message) for message in self.messages[self._ticket(ticket_id)["id"]]]

    def take_failure(self) -> int | None:
        with self.lock:
            return self.fail_next.pop(0) if self.fail_next else None

    def log(self, method: str, path: str, status: int, body: Any) -> None:
        with self.lock:
            self.requests.append({"method": method, "path": path, "status": status, "json": body})

    def request_log(self) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(r) for r in self.requests]


def create_app(
    name: str,
    state: RecordingState,
    *,
    authorized: Callable[[str], bool],
    refusal: Callable[[], Response],
    failure: Callable[[int], Response],
) -> Flask:
    """A Flask app that refuses bad auth, answers injected failures and logs every request."""
    app = Flask(name)
    app.config["STUB_STATE"] = state

    @app.before_request
    def gate() -> Response | None:
        if not authorized(request.headers.get("Authorization", "")):
            return refusal()
        status = state.take_failure()
        return failure(status) if status is not None else None

    @app.after_request
    def record(response: Response) -> Response:
        state.log(request.method, request.path, response.status_code, request.get_json(silent=True))
        return response

    @app.errorhandler(ApiError)
    def api_error(error: ApiError) -> tuple[Response, int]:
        return jsonify(error.payload), error.status

    return app


def json_object(invalid: Callable[[], ApiError]) -> dict[str, Any]:
    """The request's JSON body, which must be an object (else `invalid()` is raised)."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise invalid()
    return data


def json_response(status: int, headers: dict[str, str] | None = None, **payload: Any) -> Response:
    response = jsonify(payload)
    response.status_code = status
    response.headers.update(headers or {})
    return response


State = TypeVar("State", bound=RecordingState)
Runner = Callable[..., tuple[str, State, Callable[[], None]]]


def thread_runner(
    make_app: Callable[[State], Flask], make_state: Callable[[], State], name: str
) -> Runner:
    """run(state=None, host=...) serving the stub from a daemon thread: (URL, state, shutdown)."""

    def run(state: State | None = None, host: str = "127.0.0.1"):
        state = state or make_state()
        url, shutdown = serve_in_thread(make_app(state), host=host, name=name)
        return url, state, shutdown

    return run
