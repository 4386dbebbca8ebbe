"""The receive sequence every helpdesk webhook shares: type -> authenticity -> JSON -> schema
-> loop guard -> dedupe + enqueue, with the same status codes for every helpdesk."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable

from flask import current_app, request

from ..errors import InvalidPayload
from ..models import TicketEvent
from ..queue import QueueUnavailable, enqueue_event
from ..signatures import SignatureError
from ..webhooks import reply
from .outcome import Ignored, Rejected

log = logging.getLogger(__name__)

OWN_USER_REASON = "event caused by our own API user"


# authenticate(raw body) raises SignatureError; parse(document, received_at) returns an event.
Authenticate = Callable[[bytes], None]
Parse = Callable[[dict, float], "TicketEvent | Ignored"]


def single_header(name: str) -> str | None:
    """A duplicated header is ambiguous: treat it as absent rather than guess which one counts."""
    values = request.headers.getlist(name)
    return values[0] if len(values) == 1 else None


def receive(
    helpdesk: str, authenticate: Authenticate, parse: Parse, own_actor_ids: Iterable[str] = ()
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
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError):
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
    own = {str(actor).strip() for actor in own_actor_ids if str(actor).strip()}
    if outcome.actor_id and outcome.actor_id in own:
        # Our own write-back fired the helpdesk's trigger again: answering it would loop forever.
        return reply(200, "ignored", reason=OWN_USER_REASON)

    settings = current_app.config["SETTINGS"]
    try:
        result = enqueue_event(current_app.extensions["redis"], settings, outcome)
    except QueueUnavailable:
        return reply(503, "unavailable", reason="queue is unavailable, retry later")
    if result.duplicate:
        return reply(200, "duplicate", job_id=result.job_id)
    return reply(202, "queued", job_id=result.job_id)
