"""The receive sequence every helpdesk webhook shares, with the same status codes for all.

`accept(kind, headers, body, now, settings=...)` is pure, in the manner of gidgethub's
sans-I/O `Event.from_http`: type -> authenticity -> JSON -> schema -> message -> loop guard,
answering Accepted, Ignored or Rejected. `store` is the I/O that follows (an optional Redis
guard, then dedupe + enqueue); `webhook_view` is the thin Flask view around both.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import redis
from flask import current_app, jsonify, request

from helpdesk_empathy.analysis.text import latest_message
from helpdesk_empathy.config import Settings
from helpdesk_empathy.errors import InvalidPayload
from helpdesk_empathy.helpdesks.zendesk.signature import SignatureError
from helpdesk_empathy.intake.outcome import Accepted, Ignored, Rejected
from helpdesk_empathy.models import TicketEvent
from helpdesk_empathy.ops import logs, metrics
from helpdesk_empathy.pipeline.queue import QueueUnavailable, enqueue_event, job_id_for

log = logging.getLogger(__name__)

OWN_USER_REASON = "event caused by our own API user"
NO_MESSAGE_REASON = "event carries no customer message to score"
# Helpdesks give up after ~12 s; a 503 with a short Retry-After makes them deliver again.
RETRY_AFTER_SECONDS = "5"


@dataclass(frozen=True)
class WebhookRequest:
    """An HTTP delivery as plain data: what the checks read, with no web framework."""

    headers: Mapping[str, Sequence[str]]  # lower-case names -> every value sent
    body: bytes
    params: Mapping[str, Sequence[str]] = field(default_factory=dict)  # the URL's query

    def header(self, name: str) -> str | None:
        """A duplicated header is ambiguous: treat it as absent rather than guess which counts."""
        values = self.headers.get(name.lower(), ())
        return values[0] if len(values) == 1 else None

    def has_header(self, name: str) -> bool:
        return name.lower() in self.headers

    def param(self, name: str) -> str | None:
        values = self.params.get(name, ())
        return values[0] if len(values) == 1 else None


# authenticate(request, settings, now) raises SignatureError; parse(document, request,
# received_at) returns an event or an Ignored, or raises Rejected / InvalidPayload.
Authenticate = Callable[[WebhookRequest, Settings, float], None]
Parse = Callable[[dict, WebhookRequest, float], "TicketEvent | Ignored"]
# guard(redis, event) returns a reason to ignore the event, or None; may raise RedisError.
Guard = Callable[[redis.Redis, TicketEvent], "str | None"]


def _no_actors(settings: Settings) -> Iterable[str]:
    return ()


@dataclass(frozen=True)
class WebhookKind:
    """How one helpdesk's webhook is checked and read."""

    helpdesk: str
    authenticate: Authenticate
    parse: Parse
    own_actor_ids: Callable[[Settings], Iterable[str]] = _no_actors
    guard: Guard | None = None  # a Redis check run before enqueueing (I/O: not in accept)


def parse_json(body: bytes) -> object:
    """json.loads, refusing "\\ud800"-style escapes: lone surrogates break every later encode."""
    document = json.loads(body)
    if b"\\u" in body:
        json.dumps(document, ensure_ascii=False).encode()  # UnicodeEncodeError if any
    return document


def accept(
    kind: WebhookKind,
    headers: Mapping[str, Sequence[str]],
    body: bytes,
    now: float,
    *,
    settings: Settings,
    params: Mapping[str, Sequence[str]] | None = None,
) -> Accepted | Ignored | Rejected:
    """What to do with one delivery, from its headers and raw body alone: no I/O."""
    delivery = WebhookRequest({k.lower(): v for k, v in headers.items()}, body, params or {})
    mimetype = (delivery.header("Content-Type") or "").split(";")[0].strip().lower()
    if mimetype != "application/json":
        return Rejected(415, "Content-Type must be application/json")
    try:
        kind.authenticate(delivery, settings, now)
    except SignatureError as error:
        log.info("rejected %s webhook: %s", kind.helpdesk, error)
        return Rejected(401, str(error))
    try:
        document = parse_json(body)
    except RecursionError:
        return Rejected(400, "body is nested too deeply")
    except (UnicodeError, ValueError):
        return Rejected(400, "body is not valid JSON")
    if not isinstance(document, dict):
        return Rejected(400, "body must be a JSON object")
    try:
        outcome = kind.parse(document, delivery, now)
    except InvalidPayload as error:
        return Rejected(400, "payload does not match the schema", errors=error.args[0])
    except Rejected as rejected:
        return rejected
    if isinstance(outcome, Ignored):
        return outcome
    if not outcome.fetch_text:
        # Only the customer's new words are kept and scored: quoted history and signature go.
        message = latest_message(outcome.text)
        if not message:
            return Ignored(NO_MESSAGE_REASON)
        outcome = replace(outcome, text=message)
    own = {str(actor).strip() for actor in kind.own_actor_ids(settings) if str(actor).strip()}
    if outcome.actor_id and outcome.actor_id in own:
        # Our own write-back fired the helpdesk's trigger again: answering it would loop forever.
        return Ignored(OWN_USER_REASON)
    return Accepted(outcome)


def store(
    kind: WebhookKind, event: TicketEvent, connection: redis.Redis, settings: Settings
) -> tuple[int, str, dict]:
    """Guard, dedupe and enqueue an accepted event: (HTTP status, outcome, details)."""
    try:
        reason = kind.guard(connection, event) if kind.guard else None
        if reason:
            log.info("ignored ticket %s %s event: %s", event.ticket_id, event.kind, reason)
            return 200, "ignored", {"reason": reason}
        result = enqueue_event(connection, settings, event)
    except (QueueUnavailable, redis.RedisError) as error:
        if not isinstance(error, QueueUnavailable):  # enqueue_event logs its own failures
            log.warning(
                "could not check ticket %s event: %s", event.ticket_id, type(error).__name__
            )
        return 503, "unavailable", {"reason": "queue is unavailable, retry later"}
    if result.duplicate:
        return 200, "duplicate", {"job_id": result.job_id}
    return 202, "queued", {"job_id": result.job_id}


def reply(status: int, outcome: str, **details: object):
    """Every answer is JSON with an outcome; errors also carry a human-readable reason."""
    metrics.observe_webhook(outcome)
    response = jsonify({"status": outcome, **details})
    response.status_code = status
    if status == 503:
        response.headers["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def webhook_view(kind: WebhookKind) -> Callable[[], object]:
    """The Flask view: the request as plain data -> accept -> store -> a JSON answer."""

    def view():
        settings: Settings = current_app.config["SETTINGS"]
        # A wrong Content-Type is refused without reading a body (415 before any 413).
        json_body = request.mimetype == "application/json"
        body = request.get_data(cache=True) if json_body else b""  # 413 past the limit
        headers: dict[str, list[str]] = {}
        for name, value in request.headers.items():
            headers.setdefault(name.lower(), []).append(value)
        params = request.args.to_dict(flat=False)
        outcome = accept(kind, headers, body, time.time(), settings=settings, params=params)
        if isinstance(outcome, Rejected):
            return reply(outcome.status, "rejected", reason=outcome.reason, **outcome.details)
        if isinstance(outcome, Ignored):
            return reply(200, "ignored", reason=outcome.reason)
        logs.set_request_id(job_id_for(outcome.event))  # log lines carry the delivery id
        connection = current_app.extensions["redis"]
        status, answer, details = store(kind, outcome.event, connection, settings)
        return reply(status, answer, **details)

    view.__name__ = f"{kind.helpdesk}_webhook"
    return view
