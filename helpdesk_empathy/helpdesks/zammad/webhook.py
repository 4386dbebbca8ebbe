"""The Zammad webhook blueprint: X-Hub-Signature -> schema -> loop guard -> dedupe + enqueue."""

from __future__ import annotations

from flask import Blueprint, current_app

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.zammad.webhook_schema import parse_zammad
from helpdesk_empathy.intake.auth import split_secrets, verify_hub_signature
from helpdesk_empathy.intake.outcome import Rejected
from helpdesk_empathy.intake.receive import receive, single_header

bp = Blueprint("zammad_webhooks", __name__)

SIGNATURE_HEADER = "X-Hub-Signature"
DELIVERY_HEADER = "X-Zammad-Delivery"
MAX_DELIVERY_ID_CHARS = 200


@bp.post("/webhooks/zammad")
def zammad_webhook():
    settings: Settings = current_app.config["SETTINGS"]
    secrets = split_secrets(settings.zammad.webhook_secret)

    def authenticate(body: bytes) -> None:
        verify_hub_signature(secrets, single_header(SIGNATURE_HEADER), body)

    def parse(document: dict, received_at: float):
        delivery_id = (single_header(DELIVERY_HEADER) or "").strip()
        if not delivery_id or len(delivery_id) > MAX_DELIVERY_ID_CHARS:
            raise Rejected(400, f"missing or invalid {DELIVERY_HEADER} header")
        return parse_zammad(document, delivery_id=delivery_id, received_at=received_at)

    return receive("zammad", authenticate, parse, own_actor_ids=[settings.zammad.api_user_id])
