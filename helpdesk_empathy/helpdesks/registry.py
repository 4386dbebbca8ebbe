"""Every helpdesk kind we support, in one list that config, the worker and the web app iterate.

Adding a helpdesk means adding its package (client, payloads, webhook) and one `HelpdeskKind`
here; nothing else chooses between helpdesks by name. Packages are imported only when used,
so the web app never loads a client and the worker never loads Flask views it does not mount.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import redis
    from flask import Blueprint

    from helpdesk_empathy.config import Settings
    from helpdesk_empathy.helpdesks.base import Helpdesk


@dataclass(frozen=True)
class HelpdeskKind:
    """One helpdesk: how to tell it is configured, build its client and mount its webhook."""

    name: str  # TicketEvent.helpdesk, the webhook route /webhooks/<name>, metrics labels
    title: str  # how people write it, e.g. "Zammad"
    package: str  # helpdesk_empathy.helpdesks.<package>: client.py and webhook.py inside
    client_class: str  # the Helpdesk class in <package>.client
    is_configured: Callable[[Settings], bool]  # credentials set: the worker writes back to it
    receives: Callable[[Settings], bool]  # the webhook receiver is mounted

    def make_client(self, settings: Settings, connection: redis.Redis | None = None) -> Helpdesk:
        """The write-back client; with Redis, its API budget is shared by every worker."""
        from helpdesk_empathy.helpdesks.http import limiter_hook
        from helpdesk_empathy.helpdesks.ratelimit import SharedRateLimiter

        module = import_module(f"helpdesk_empathy.helpdesks.{self.package}.client")
        client: Helpdesk = getattr(module, self.client_class)(settings)
        if connection is not None:
            # One API budget per account: a 429 seen by one worker pauses them all.
            limiter = SharedRateLimiter(connection, f"{self.name}:{client.rest.base_url}")
            client.rest.add_hook(limiter_hook(limiter))
        return client

    def blueprint(self) -> Blueprint:
        """The Flask blueprint serving POST /webhooks/<name>."""
        return import_module(f"helpdesk_empathy.helpdesks.{self.package}.webhook").bp


KINDS: tuple[HelpdeskKind, ...] = (
    HelpdeskKind(
        name="zendesk",
        title="Zendesk",
        package="zendesk",
        client_class="ZendeskClient",
        is_configured=lambda settings: settings.zendesk_configured,
        receives=lambda settings: True,  # always mounted: test sends need no secret set up
    ),
    HelpdeskKind(
        name="zammad",
        title="Zammad",
        package="zammad",
        client_class="ZammadClient",
        is_configured=lambda settings: settings.zammad_configured,
        receives=lambda settings: bool(settings.zammad_webhook_secret.strip()),
    ),
    HelpdeskKind(
        name="freshdesk",
        title="Freshdesk",
        package="freshdesk",
        client_class="FreshdeskClient",
        is_configured=lambda settings: settings.freshdesk_configured,
        receives=lambda settings: bool(settings.freshdesk_webhook_token.strip()),
    ),
)

BY_NAME = {kind.name: kind for kind in KINDS}


def kind(name: str) -> HelpdeskKind:
    """The kind called `name`; KeyError for a helpdesk we do not support."""
    return BY_NAME[name]


def configured(settings: Settings) -> list[HelpdeskKind]:
    """The helpdesks whose credentials are set, in registry order."""
    return [k for k in KINDS if k.is_configured(settings)]
