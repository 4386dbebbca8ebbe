"""The Zendesk webhook blueprint: signature check and payload parsing for the shared sequence."""

from __future__ import annotations

import hashlib

from flask import Blueprint

from helpdesk_empathy.config import ZENDESK_TEST_SECRET, Settings
from helpdesk_empathy.helpdesks.zendesk import signature as signatures
from helpdesk_empathy.helpdesks.zendesk import webhook_schema as schemas
from helpdesk_empathy.intake.outcome import Ignored, Rejected
from helpdesk_empathy.intake.receive import (
    NO_MESSAGE_REASON,
    WebhookKind,
    WebhookRequest,
    webhook_view,
)
from helpdesk_empathy.intake.same_message import already_announced
from helpdesk_empathy.models import TicketEvent

SIGNATURE_HEADER = "X-Zendesk-Webhook-Signature"
TIMESTAMP_HEADER = "X-Zendesk-Webhook-Signature-Timestamp"
INVOCATION_HEADER = "X-Zendesk-Webhook-Invocation-Id"
# Zendesk's invocation ids are short; a longer one is not from Zendesk and would bloat the job.
MAX_DELIVERY_ID_CHARS = 200


def signing_secrets(settings: Settings) -> list[str]:
    """Comma-separated secrets allow rotation; the test secret only when explicitly enabled."""
    secrets = [s.strip() for s in settings.webhook_signing_secret.split(",") if s.strip()]
    if settings.allow_test_secret:
        secrets.append(ZENDESK_TEST_SECRET)
    return secrets


def parse_zendesk(
    document: dict, delivery: WebhookRequest, received_at: float
) -> TicketEvent | Ignored:
    """Either payload kind: an event-subscription envelope, or our trigger's body."""
    if schemas.is_envelope(document):
        event = schemas.parse_envelope(document, received_at=received_at)
        return event if event is not None else Ignored(NO_MESSAGE_REASON)
    invocation = delivery.header(INVOCATION_HEADER)
    if not invocation or len(invocation) > MAX_DELIVERY_ID_CHARS:
        raise Rejected(400, f"missing or invalid {INVOCATION_HEADER}")
    # The invocation id is not signed: a captured delivery replayed with new ids would pass
    # as new. Name the delivery from what the signature covers instead.
    signed_id = signed_delivery_id(document, delivery.header(TIMESTAMP_HEADER) or "")
    return schemas.parse_trigger_body(document, delivery_id=signed_id, received_at=received_at)


def signed_delivery_id(document: dict, timestamp: str) -> str:
    """From the signed content: the body's ticket id and updated-at, and the signature's
    timestamp (the worker then dedupes on the comment id it reads)."""
    ticket = document.get("ticket")
    ticket = ticket if isinstance(ticket, dict) else {}
    parts = (ticket.get("id"), ticket.get("updated_at"), timestamp)
    signed = "\0".join(str(part) for part in parts)
    return "trigger-" + hashlib.sha256(signed.encode()).hexdigest()[:32]


def authenticate(delivery: WebhookRequest, settings: Settings, now: float) -> None:
    signatures.verify(
        secrets=signing_secrets(settings),
        signature=delivery.header(SIGNATURE_HEADER),
        timestamp=delivery.header(TIMESTAMP_HEADER),
        body=delivery.body,
        now=now,
        window_seconds=settings.replay_window_seconds,
    )


KIND = WebhookKind(
    "zendesk",
    authenticate,
    parse_zendesk,
    own_actor_ids=lambda settings: [settings.zendesk.api_user_id],
    # Event subscriptions announce a new ticket's first message twice (created + comment).
    guard=already_announced,
)
bp = Blueprint("webhooks", __name__)
bp.add_url_rule("/webhooks/zendesk", view_func=webhook_view(KIND), methods=["POST"])
