"""The Zammad webhook: X-Hub-Signature -> schema -> loop guard -> dedupe + enqueue."""

from __future__ import annotations

from flask import Blueprint

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.zammad.webhook_schema import parse_zammad
from helpdesk_empathy.intake.auth import split_secrets, verify_hub_signature
from helpdesk_empathy.intake.outcome import Ignored, Rejected
from helpdesk_empathy.intake.receive import WebhookKind, WebhookRequest, webhook_view
from helpdesk_empathy.models import TicketEvent

SIGNATURE_HEADER = "X-Hub-Signature"
DELIVERY_HEADER = "X-Zammad-Delivery"
MAX_DELIVERY_ID_CHARS = 200


def authenticate(delivery: WebhookRequest, settings: Settings, now: float) -> None:
    secrets = split_secrets(settings.zammad.webhook_secret)
    verify_hub_signature(secrets, delivery.header(SIGNATURE_HEADER), delivery.body)


def parse(document: dict, delivery: WebhookRequest, received_at: float) -> TicketEvent | Ignored:
    delivery_id = (delivery.header(DELIVERY_HEADER) or "").strip()
    if not delivery_id or len(delivery_id) > MAX_DELIVERY_ID_CHARS:
        raise Rejected(400, f"missing or invalid {DELIVERY_HEADER} header")
    return parse_zammad(document, delivery_id=delivery_id, received_at=received_at)


KIND = WebhookKind(
    "zammad", authenticate, parse, own_actor_ids=lambda settings: [settings.zammad.api_user_id]
)
bp = Blueprint("zammad_webhooks", __name__)
bp.add_url_rule("/webhooks/zammad", view_func=webhook_view(KIND), methods=["POST"])
