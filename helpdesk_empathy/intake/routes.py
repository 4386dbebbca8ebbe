"""Mounts the webhook receiver of every helpdesk in the registry that is set up to receive."""

from __future__ import annotations

from flask import Flask

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks import registry


def register_blueprints(app: Flask, settings: Settings) -> list[str]:
    """Mount each helpdesk's receiver (Zammad, Freshdesk: only with their secret set)."""
    mounted = []
    for kind in registry.KINDS:
        if kind.receives(settings):
            app.register_blueprint(kind.blueprint())
            mounted.append(kind.name)
    return mounted
