"""Settings read from environment variables and validated once at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

from helpdesk_empathy.errors import ConfigError
from helpdesk_empathy.helpdesks.freshdesk.settings import FreshdeskSettings
from helpdesk_empathy.helpdesks.section import Section
from helpdesk_empathy.helpdesks.zammad.settings import ZammadSettings
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings

# The secret Zendesk's webhook builder uses for its "Test webhook" sends.
ZENDESK_TEST_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="
# Shorter admin tokens can be guessed; `secrets.token_urlsafe(18)` gives 24 characters.
MIN_ADMIN_TOKEN_CHARS = 16


@dataclass(frozen=True)
class Settings:
    """Everything the web app, the worker and the CLI need to run."""

    # One section per helpdesk (helpdesks/<name>/settings.py), each with its own variables.
    zendesk: ZendeskSettings = field(default_factory=ZendeskSettings)
    zammad: ZammadSettings = field(default_factory=ZammadSettings)
    freshdesk: FreshdeskSettings = field(default_factory=FreshdeskSettings)
    # Webhook receiver.
    webhook_signing_secret: str = ""
    allow_test_secret: bool = False
    replay_window_seconds: int = 300
    max_body_bytes: int = 256 * 1024
    request_read_seconds: float = 10.0  # a request's line, headers and body, all together
    dedupe_ttl_seconds: int = 48 * 3600
    # Queue.
    redis_url: str = ""
    queue_name: str = "helpdesk-empathy"
    job_retries: int = 8
    batch_writes: bool = True  # coalesce and batch write-backs while a backlog is queued
    batch_max_delay_seconds: float = 2.0  # longest a pending write waits under steady load
    # Behaviour.
    rules_path: str = ""
    escalation_group_id: str = ""
    tag_prefix: str = "empathy"
    contact_window_days: int = 14
    http_timeout_seconds: float = 10.0
    # Sidebar app (zendesk_app/): the shared secret its requests are signed with (comma =
    # rotation), and how many analyses one helpdesk account may ask for per minute.
    app_secret: str = ""
    app_requests_per_minute: int = 120
    # Operations.
    admin_token: str = ""
    log_json: bool = False

    def section(self, name: str) -> Section:
        """The settings section of the helpdesk called `name` (see helpdesks.registry)."""
        section = getattr(self, name, None)
        if not isinstance(section, Section):
            raise KeyError(name)
        return section

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with some settings changed; a section's field may be named flat, as its
        variable is (`zammad_url=...` for ZAMMAD_URL), or a whole section passed."""
        top: dict[str, object] = {}
        sections: dict[str, dict[str, object]] = {}
        for key, value in changes.items():
            name, _, field_name = key.partition("_")
            if key not in SETTINGS_FIELDS and isinstance(getattr(self, name, None), Section):
                sections.setdefault(name, {})[field_name] = value
            else:
                top[key] = value
        for name, fields_changed in sections.items():
            top[name] = replace(top.get(name, getattr(self, name)), **fields_changed)
        return replace(self, **top)


SETTINGS_FIELDS = frozenset(f.name for f in fields(Settings))

# Environment variable -> Settings field, for settings outside the helpdesk sections (each
# section names its own variables). Every variable is documented in README.md.
GENERAL_VARS = {
    "WEBHOOK_SIGNING_SECRET": "webhook_signing_secret",
    "ALLOW_TEST_SECRET": "allow_test_secret",
    "REPLAY_WINDOW_SECONDS": "replay_window_seconds",
    "MAX_BODY_BYTES": "max_body_bytes",
    "REQUEST_READ_SECONDS": "request_read_seconds",
    "DEDUPE_TTL_SECONDS": "dedupe_ttl_seconds",
    "REDIS_URL": "redis_url",
    "QUEUE_NAME": "queue_name",
    "JOB_RETRIES": "job_retries",
    "BATCH_WRITES": "batch_writes",
    "BATCH_MAX_DELAY_SECONDS": "batch_max_delay_seconds",
    "RULES_PATH": "rules_path",
    "ESCALATION_GROUP_ID": "escalation_group_id",
    "TAG_PREFIX": "tag_prefix",
    "CONTACT_WINDOW_DAYS": "contact_window_days",
    "HTTP_TIMEOUT_SECONDS": "http_timeout_seconds",
    "APP_SECRET": "app_secret",
    "APP_REQUESTS_PER_MINUTE": "app_requests_per_minute",
    "ADMIN_TOKEN": "admin_token",
    "LOG_JSON": "log_json",
}
SECTIONS: dict[str, type[Section]] = {
    "zendesk": ZendeskSettings,
    "zammad": ZammadSettings,
    "freshdesk": FreshdeskSettings,
}
# Every variable we read -> where it goes ("zammad.url" for a section's field).
ENV_VARS = {
    **{
        name: f"{section}.{attr}"
        for section, cls in SECTIONS.items()
        for name, attr in cls.ENV.items()
    },
    **GENERAL_VARS,
}
PREFIX = "HELPDESK_EMPATHY_"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _convert(name: str, raw: str, kind: type) -> object:
    value = raw.strip()
    if kind is bool:
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise ConfigError(f"{PREFIX}{name} must be true or false, got {value!r}")
    if kind in (int, float):
        try:
            number = kind(value)
        except ValueError:
            raise ConfigError(f"{PREFIX}{name} must be a number, got {value!r}") from None
        if number < 0:
            raise ConfigError(f"{PREFIX}{name} must not be negative, got {value!r}")
        return number
    return value


def from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from HELPDESK_EMPATHY_* variables (REDIS_URL is also read bare)."""
    environ = os.environ if environ is None else environ
    kinds = {f.name: f.type for f in fields(Settings)}
    values: dict[str, object] = {}
    for name, attr in GENERAL_VARS.items():
        raw = environ.get(PREFIX + name)
        if raw is None and name == "REDIS_URL":
            raw = environ.get("REDIS_URL")
        if raw is not None:
            kind = {"bool": bool, "int": int, "float": float}.get(str(kinds[attr]), str)
            values[attr] = _convert(name, raw, kind)
    given = {
        key.removeprefix(PREFIX): value for key, value in environ.items() if key.startswith(PREFIX)
    }
    for section, cls in SECTIONS.items():
        values[section] = cls.from_values(given)
    return Settings(**values)


def validate_for_web(settings: Settings) -> None:
    """Fail fast, with the variable to set, before the receiver accepts traffic."""
    other_receivers = settings.zammad.receives or settings.freshdesk.receives
    if not (settings.webhook_signing_secret or settings.allow_test_secret or other_receivers):
        raise ConfigError(
            f"{PREFIX}WEBHOOK_SIGNING_SECRET is not set: copy the webhook's signing secret "
            f"from Zendesk (or set {PREFIX}ALLOW_TEST_SECRET=true for test sends only)"
        )
    if settings.replay_window_seconds < 1:
        raise ConfigError(f"{PREFIX}REPLAY_WINDOW_SECONDS must be at least 1")
    if settings.admin_token and len(settings.admin_token.strip()) < MIN_ADMIN_TOKEN_CHARS:
        raise ConfigError(
            f"{PREFIX}ADMIN_TOKEN must be at least {MIN_ADMIN_TOKEN_CHARS} characters (e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(24))')"
        )


def unsafe_settings(settings: Settings) -> list[str]:
    """Settings that work but let anyone send us webhooks: warned about at start and by doctor."""
    problems = []
    secrets = [s.strip() for s in settings.webhook_signing_secret.split(",") if s.strip()]
    if ZENDESK_TEST_SECRET in secrets:
        problems.append(
            f"{PREFIX}WEBHOOK_SIGNING_SECRET is Zendesk's public test secret: anyone can sign "
            "webhooks that get scored and written back. Copy the webhook's own signing secret "
            "(`helpdesk-empathy install` prints it)."
        )
    if settings.allow_test_secret:
        only = "" if secrets else " and no other Zendesk secret is set"
        problems.append(
            f"{PREFIX}ALLOW_TEST_SECRET=true{only}: Zendesk's test secret is public, so anyone "
            "can send webhooks that get scored and written back. Use it only for test sends, "
            f"then unset it and set {PREFIX}WEBHOOK_SIGNING_SECRET."
        )
    return problems


def validate_for_worker(settings: Settings) -> None:
    """Fail fast if the worker could not write back: at least one helpdesk, each one complete."""
    sections = [settings.section(name) for name in SECTIONS]
    if not any(section.configured for section in sections):
        raise ConfigError(
            f"no helpdesk is configured: set {PREFIX}ZENDESK_SUBDOMAIN (e.g. 'acme' for "
            f"acme.zendesk.com), {PREFIX}ZAMMAD_URL or {PREFIX}FRESHDESK_DOMAIN"
        )
    for section in sections:
        section.validate()


def to_env(settings: Settings) -> dict[str, str]:
    """The environment that makes from_env() rebuild these settings (for child processes)."""
    env = {}
    for name, attr in GENERAL_VARS.items():
        value = getattr(settings, attr)
        env[PREFIX + name] = str(value).lower() if isinstance(value, bool) else str(value)
    for section in SECTIONS:
        for name, value in settings.section(section).to_values().items():
            env[PREFIX + name] = value
    return env
