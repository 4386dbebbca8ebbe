"""The worker's long-lived collaborators (settings, Redis, rules, helpdesk client), built once."""

from __future__ import annotations

from dataclasses import dataclass

import redis

from . import config
from .helpdesks.base import Helpdesk
from .queue import connect
from .rules import Rules, load_rules


@dataclass
class Runtime:
    settings: config.Settings
    redis: redis.Redis
    rules: Rules
    helpdesks: dict[str, Helpdesk]  # by TicketEvent.helpdesk name, e.g. "zendesk"


_current: Runtime | None = None


def helpdesk_clients(settings: config.Settings) -> dict[str, Helpdesk]:
    """A write-back client for every helpdesk the settings configure."""
    from .helpdesks.zendesk import ZendeskClient

    config.validate_for_worker(settings)
    return {"zendesk": ZendeskClient(settings)}


def build(settings: config.Settings, connection: redis.Redis | None = None) -> Runtime:
    return Runtime(
        settings=settings,
        redis=connection or connect(settings),
        rules=load_rules(settings),
        helpdesks=helpdesk_clients(settings),
    )


def install(runtime: Runtime | None) -> None:
    """Set (or clear) the runtime jobs use; the worker calls this once before working."""
    global _current
    _current = runtime


def current() -> Runtime:
    """The installed runtime, or one built from the environment on first use."""
    global _current
    if _current is None:
        _current = build(config.from_env())
    return _current
