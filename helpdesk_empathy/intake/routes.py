"""Webhook receivers for helpdesks other than Zendesk; each is mounted only when configured."""

from __future__ import annotations

from flask import Flask

from helpdesk_empathy.config import Settings


def register_blueprints(app: Flask, settings: Settings) -> list[str]:
    """Mount the receiver of every helpdesk whose webhook secret is set; returns their names."""
    from helpdesk_empathy.helpdesks.freshdesk import webhook as freshdesk
    from helpdesk_empathy.helpdesks.zammad import webhook as zammad

    mounted = []
    if settings.zammad_webhook_secret.strip():
        app.register_blueprint(zammad.bp)
        mounted.append("zammad")
    if settings.freshdesk_webhook_token.strip():
        app.register_blueprint(freshdesk.bp)
        mounted.append("freshdesk")
    return mounted
