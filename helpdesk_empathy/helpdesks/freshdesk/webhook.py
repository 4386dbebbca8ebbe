"""The Freshdesk webhook blueprint: shared token -> schema -> loop guard -> dedupe + enqueue.

Freshdesk does not sign webhooks. The automation rule sends a shared secret instead, in the
X-Helpdesk-Empathy-Token header (preferred: URLs end up in logs) or as ?token= in the URL.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.freshdesk.webhook_schema import parse_freshdesk
from helpdesk_empathy.intake.auth import split_secrets, verify_token
from helpdesk_empathy.intake.receive import receive, single_header

bp = Blueprint("freshdesk_webhooks", __name__)

TOKEN_HEADER = "X-Helpdesk-Empathy-Token"
TOKEN_PARAM = "token"


def presented_token() -> str | None:
    """The header when sent (a wrong header is not rescued by the URL), else one ?token=."""
    if TOKEN_HEADER in request.headers:
        return single_header(TOKEN_HEADER)
    values = request.args.getlist(TOKEN_PARAM)
    return values[0] if len(values) == 1 else None


@bp.post("/webhooks/freshdesk")
def freshdesk_webhook():
    settings: Settings = current_app.config["SETTINGS"]
    tokens = split_secrets(settings.freshdesk.webhook_token)

    def authenticate(body: bytes) -> None:
        verify_token(tokens, presented_token())

    def parse(document: dict, received_at: float):
        return parse_freshdesk(document, received_at=received_at)

    return receive("freshdesk", authenticate, parse)
