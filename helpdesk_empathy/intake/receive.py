"""The receive sequence every helpdesk webhook shares: type -> authenticity -> JSON -> schema
-> loop guard -> optional guard -> dedupe + enqueue, with the same status codes for every
helpdesk."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable

import redis
from flask import current_app, jsonify, request

from helpdesk_empathy.analysis.text import latest_message
from helpdesk_empathy.errors import InvalidPayload
from helpdesk_empathy.helpdesks.zendesk.signature import SignatureError
from helpdesk_empathy.intake.outcome import Ignored, Rejected
from helpdesk_empathy.models import TicketEvent
from helpdesk_empathy.ops import logs, metrics
from helpdesk_empathy.pipeline.queue import QueueUnavailable, enqueue_event, job_id_for

log = logging.getLogger(__name__)

OWN_USER_REASON = "event caused by our own API user"
NO_MESSAGE_REASON = "event carries no customer message to score"
# Helpdesks give up after ~12 s; a 503 with a short Retry-After makes them deliver again.
RETRY_AFTER_SECONDS = "5"

# authenticate(raw body) raises SignatureError; parse(document, received_at) returns an event,
# an Ignored (valid, nothing to score) or raises Rejected / InvalidPayload.
Authenticate = Callable[[bytes], None]
Parse = Callable[[dict, float], "TicketEvent | Ignored"]
# guard(redis, event) returns a reason to ignore the event, or None; may raise RedisError.
Guard = Callable[[redis.Redis, TicketEvent], "str | None"]


def reply(status: int, outcome: str, **details: object):
    """Every answer is JSON with an outcome; errors also carry a human-readable reason."""
    metrics.observe_webhook(outcome)
    response = jsonify({"status": outcome, **details})
    response.status_code = status
    if status == 503:
        response.headers["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def single_header(name: str) -> str | None:
    """A duplicated header is ambiguous: treat it as absent rather than guess which one counts."""
    values = request.headers.getlist(name)
    return values[0] if len(values) == 1 else None


def parse_json(body: bytes) -> object:
    """json.loads, refusing "\\ud800"-style escapes: lone surrogates break every later encode."""
    document = json.loads(body)
    if b"\\u" in body:
        json.dumps(document, ensure_ascii=False).encode()  # UnicodeEncodeError if any
    return document


def receive(
    helpdesk: str,
    authenticate: Authenticate,
    parse: Parse,
    own_actor_ids: Iterable[str] = (),
    guard: Guard | None = None,
):
    """Run the whole sequence for the current request and return the JSON response."""
    if request.mimetype != "application/json":
        return reply(415, "rejected", reason="Content-Type must be application/json")
    body = request.get_data(cache=True)  # raises 413 past MAX_CONTENT_LENGTH
    try:
        authenticate(body)
    except SignatureError as error:
        log.info("rejected %s webhook: %s", helpdesk, error)
        return reply(401, "rejected", reason=str(error))

    try:
        document = parse_json(body)
    except RecursionError:
        return reply(400, "rejected", reason="body is nested too deeply")
    except (UnicodeError, ValueError):
        return reply(400, "rejected", reason="body is not valid JSON")
    if not isinstance(document, dict):
        return reply(400, "rejected", reason="body must be a JSON object")

    try:
        outcome = parse(document, time.time())
    except InvalidPayload as error:
        return reply(
            400, "rejected", reason="payload does not match the schema", errors=error.args[0]
        )
    except Rejected as error:
        return reply(error.status, "rejected", reason=error.reason)
    if isinstance(outcome, Ignored):
        return reply(200, "ignored", reason=outcome.reason)
    if not outcome.fetch_text and not latest_message(outcome.text):
        # Nothing left once quoted history and signature are removed (an ids-only event's
        # message is read by the worker).
        return reply(200, "ignored", reason=NO_MESSAGE_REASON)
    logs.set_request_id(job_id_for(outcome))  # from here on, log lines carry the delivery id
    own = {str(actor).strip() for actor in own_actor_ids if str(actor).strip()}
    if outcome.actor_id and outcome.actor_id in own:
        # Our own write-back fired the helpdesk's trigger again: answering it would loop forever.
        return reply(200, "ignored", reason=OWN_USER_REASON)

    settings = current_app.config["SETTINGS"]
    connection = current_app.extensions["redis"]
    try:
        reason = guard(connection, outcome) if guard else None
        if reason:
            log.info("ignored ticket %s %s event: %s", outcome.ticket_id, outcome.kind, reason)
            return reply(200, "ignored", reason=reason)
        result = enqueue_event(connection, settings, outcome)
    except (QueueUnavailable, redis.RedisError) as error:
        if not isinstance(error, QueueUnavailable):  # enqueue_event logs its own failures
            log.warning(
                "could not check ticket %s event: %s", outcome.ticket_id, type(error).__name__
            )
        return reply(503, "unavailable", reason="queue is unavailable, retry later")
    if result.duplicate:
        return reply(200, "duplicate", job_id=result.job_id)
    return reply(202, "queued", job_id=result.job_id)
