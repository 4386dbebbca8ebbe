"""The Freshdesk webhook: shared token -> schema -> loop guard -> dedupe + enqueue.

Freshdesk does not sign webhooks. The automation rule sends a shared secret instead, in the
X-Helpdesk-Empathy-Token header (preferred: URLs end up in logs) or as ?token= in the URL.
"""

from __future__ import annotations

from flask import Blueprint

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.freshdesk.webhook_schema import parse_freshdesk
from helpdesk_empathy.intake.auth import split_secrets, verify_token
from helpdesk_empathy.intake.outcome import Ignored
from helpdesk_empathy.intake.receive import WebhookKind, WebhookRequest, webhook_view
from helpdesk_empathy.models import TicketEvent

TOKEN_HEADER = "X-Helpdesk-Empathy-Token"
TOKEN_PARAM = "token"


def presented_token(delivery: WebhookRequest) -> str | None:
    """The header when sent (a wrong header is not rescued by the URL), else one ?token=."""
    if delivery.has_header(TOKEN_HEADER):
        return delivery.header(TOKEN_HEADER)
    return delivery.param(TOKEN_PARAM)


def authenticate(delivery: WebhookRequest, settings: Settings, now: float) -> None:
    verify_token(split_secrets(settings.freshdesk.webhook_token), presented_token(delivery))


def parse(document: dict, delivery: WebhookRequest, received_at: float) -> TicketEvent | Ignored:
    return parse_freshdesk(document, received_at=received_at)


KIND = WebhookKind("freshdesk", authenticate, parse)
bp = Blueprint("freshdesk_webhooks", __name__)
bp.add_url_rule("/webhooks/freshdesk", view_func=webhook_view(KIND), methods=["POST"])
