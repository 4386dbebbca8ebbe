"""The Zendesk webhook blueprint: verify -> parse -> loop guard -> dedupe + enqueue -> 202."""

from __future__ import annotations

import json
import logging
import time

from flask import Blueprint, current_app, jsonify, request

from . import logs, metrics, schemas, signatures
from .analysis.text import latest_message
from .config import ZENDESK_TEST_SECRET, Settings
from .errors import InvalidPayload
from .queue import QueueUnavailable, enqueue_event, job_id_for

log = logging.getLogger(__name__)

bp = Blueprint("webhooks", __name__)

SIGNATURE_HEADER = "X-Zendesk-Webhook-Signature"
TIMESTAMP_HEADER = "X-Zendesk-Webhook-Signature-Timestamp"
INVOCATION_HEADER = "X-Zendesk-Webhook-Invocation-Id"
# Zendesk gives up after ~12 s; a 503 with a short Retry-After makes it deliver again.
RETRY_AFTER_SECONDS = "5"
# Zendesk's invocation ids are short; a longer one is not from Zendesk and would bloat the job.
MAX_DELIVERY_ID_CHARS = 200


def reply(status: int, outcome: str, **details: object):
    """Every answer is JSON with an outcome; errors also carry a human-readable reason."""
    metrics.observe_webhook(outcome)
    response = jsonify({"status": outcome, **details})
    response.status_code = status
    if status == 503:
        response.headers["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def signing_secrets(settings: Settings) -> list[str]:
    """Comma-separated secrets allow rotation; the test secret only when explicitly enabled."""
    secrets = [s.strip() for s in settings.webhook_signing_secret.split(",") if s.strip()]
    if settings.allow_test_secret:
        secrets.append(ZENDESK_TEST_SECRET)
    return secrets


def _header(name: str) -> str | None:
    # A duplicated header is ambiguous: treat it as absent rather than guess which one counts.
    values = request.headers.getlist(name)
    return values[0] if len(values) == 1 else None


def parse_json(body: bytes) -> object:
    """json.loads, refusing "\\ud800"-style escapes: lone surrogates break every later encode."""
    document = json.loads(body)
    if b"\\u" in body:
        json.dumps(document, ensure_ascii=False).encode()  # UnicodeEncodeError if any
    return document


@bp.post("/webhooks/zendesk")
def zendesk_webhook():
    settings: Settings = current_app.config["SETTINGS"]
    if request.mimetype != "application/json":
        return reply(415, "rejected", reason="Content-Type must be application/json")
    body = request.get_data(cache=True)  # raises 413 past MAX_CONTENT_LENGTH
    try:
        signatures.verify(
            secrets=signing_secrets(settings),
            signature=_header(SIGNATURE_HEADER),
            timestamp=_header(TIMESTAMP_HEADER),
            body=body,
            now=time.time(),
            window_seconds=settings.replay_window_seconds,
        )
    except signatures.SignatureError as error:
        log.info("rejected webhook: %s", error)
        return reply(401, "rejected", reason=str(error))

    try:
        document = parse_json(body)
    except RecursionError:
        return reply(400, "rejected", reason="body is nested too deeply")
    except (UnicodeError, ValueError):
        return reply(400, "rejected", reason="body is not valid JSON")
    if not isinstance(document, dict):
        return reply(400, "rejected", reason="body must be a JSON object")

    received_at = time.time()
    try:
        if schemas.is_envelope(document):
            event = schemas.parse_envelope(document, received_at=received_at)
        else:
            delivery_id = _header(INVOCATION_HEADER)
            if not delivery_id or len(delivery_id) > MAX_DELIVERY_ID_CHARS:
                return reply(400, "rejected", reason=f"missing or invalid {INVOCATION_HEADER}")
            event = schemas.parse_trigger_body(
                document, delivery_id=delivery_id, received_at=received_at
            )
    except InvalidPayload as error:
        return reply(
            400, "rejected", reason="payload does not match the schema", errors=error.args[0]
        )

    if event is None or not latest_message(event.text):
        # No message at all, or nothing left once quoted history and signature are removed.
        return reply(200, "ignored", reason="event carries no customer message to score")
    logs.set_request_id(job_id_for(event))  # from here on, log lines carry the job's id
    api_user = settings.zendesk_api_user_id
    if api_user and event.actor_id == api_user:
        # Our own update fired the trigger again: answering it would loop forever.
        return reply(200, "ignored", reason="event caused by our own API user")

    try:
        result = enqueue_event(current_app.extensions["redis"], settings, event)
    except QueueUnavailable:
        return reply(503, "unavailable", reason="queue is unavailable, retry later")
    if result.duplicate:
        return reply(200, "duplicate", job_id=result.job_id)
    return reply(202, "queued", job_id=result.job_id)
