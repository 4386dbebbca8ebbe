"""Every helpdesk kind we support, in one list that config, the worker and the web app iterate.

Adding a helpdesk means adding its package (client, payloads, webhook, settings section), one
`HelpdeskKind` here and its section's field on `config.Settings`; nothing else chooses
between helpdesks by name. Packages are imported only when used,
so the web app never loads a client and the worker never loads Flask views it does not mount.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from helpdesk_empathy.helpdesks.freshdesk.settings import FreshdeskSettings
from helpdesk_empathy.helpdesks.section import Section
from helpdesk_empathy.helpdesks.zammad.settings import ZammadSettings
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings

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
    section: type[Section]  # its settings (Settings.<name>): variables, checks

    def settings(self, settings: Settings) -> Section:
        return settings.section(self.name)

    def is_configured(self, settings: Settings) -> bool:
        """Credentials are set: the worker writes back to this helpdesk."""
        return self.settings(settings).configured

    def receives(self, settings: Settings) -> bool:
        """The webhook receiver is mounted."""
        return self.settings(settings).receives

    def make_client(self, settings: Settings, connection: redis.Redis | None = None) -> Helpdesk:
        """The write-back client; with Redis, its API budget is shared by every worker."""
        from helpdesk_empathy.helpdesks.http import limiter_hook
        from helpdesk_empathy.helpdesks.ratelimit import SharedRateLimiter

        module = import_module(f"helpdesk_empathy.helpdesks.{self.package}.client")
        client: Helpdesk = getattr(module, self.client_class)(settings)
        share_budget = getattr(client, "share_budget", None)
        if connection is not None and share_budget is not None:
            share_budget(connection)  # its own budgets (Zendesk: per endpoint and per ticket)
        elif connection is not None:
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
        section=ZendeskSettings,
    ),
    HelpdeskKind(
        name="zammad",
        title="Zammad",
        package="zammad",
        client_class="ZammadClient",
        section=ZammadSettings,
    ),
    HelpdeskKind(
        name="freshdesk",
        title="Freshdesk",
        package="freshdesk",
        client_class="FreshdeskClient",
        section=FreshdeskSettings,
    ),
)

BY_NAME = {kind.name: kind for kind in KINDS}


def kind(name: str) -> HelpdeskKind:
    """The kind called `name`; KeyError for a helpdesk we do not support."""
    return BY_NAME[name]


def configured(settings: Settings) -> list[HelpdeskKind]:
    """The helpdesks whose credentials are set, in registry order."""
    return [k for k in KINDS if k.is_configured(settings)]
