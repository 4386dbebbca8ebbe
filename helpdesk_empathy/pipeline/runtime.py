"""The worker's long-lived collaborators (settings, Redis, rules, helpdesk client), built once."""

from __future__ import annotations

from dataclasses import dataclass

import redis

from helpdesk_empathy import config
from helpdesk_empathy.decision.rules import Rules, load_rules
from helpdesk_empathy.helpdesks import registry
from helpdesk_empathy.helpdesks.base import Helpdesk
from helpdesk_empathy.pipeline.queue import connect


@dataclass
class Runtime:
    settings: config.Settings
    redis: redis.Redis
    rules: Rules
    helpdesks: dict[str, Helpdesk]  # by TicketEvent.helpdesk name, e.g. "zendesk"


_current: Runtime | None = None


def helpdesk_clients(
    settings: config.Settings, connection: redis.Redis | None = None
) -> dict[str, Helpdesk]:
    """A write-back client for every helpdesk the settings configure, by name."""
    config.validate_for_worker(settings)
    kinds = registry.configured(settings)
    return {kind.name: kind.make_client(settings, connection) for kind in kinds}


def build(settings: config.Settings, connection: redis.Redis | None = None) -> Runtime:
    connection = connection or connect(settings)
    return Runtime(
        settings=settings,
        redis=connection,
        rules=load_rules(settings),
        helpdesks=helpdesk_clients(settings, connection),
    )


def install(runtime: Runtime | None) -> None:
    """Set (or clear) the runtime jobs use; the worker calls this once before working."""
    global _current
    _current = runtime


class NoRuntime(RuntimeError):
    """A job ran in a process that did not install a runtime (run_worker does)."""


def current() -> Runtime:
    """The installed runtime; jobs run only in a worker that installed one."""
    if _current is None:
        raise NoRuntime("no runtime is installed: start workers with run_worker()")
    return _current
