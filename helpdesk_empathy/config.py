"""Settings read from environment variables and validated once at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

from helpdesk_empathy.errors import ConfigError

# The secret Zendesk's webhook builder uses for its "Test webhook" sends.
ZENDESK_TEST_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="


@dataclass(frozen=True)
class Settings:
    """Everything the web app, the worker and the CLI need to run."""

    # Helpdesk access.
    zendesk_subdomain: str = ""
    zendesk_email: str = ""
    zendesk_api_token: str = ""
    zendesk_oauth_token: str = ""
    zendesk_base_url: str = ""  # overrides https://{subdomain}.zendesk.com (stubs, proxies)
    zendesk_api_user_id: str = ""  # our own API user: events it causes are ignored
    zendesk_field_ids: str = ""  # "sentiment_level=ID,frustration=ID,escalated=ID"
    zammad_url: str = ""  # e.g. https://support.example.com (self-hosted or *.zammad.com)
    zammad_token: str = ""  # an agent's API access token
    zammad_webhook_secret: str = ""  # the webhook's HMAC SHA1 signature token (comma = rotation)
    zammad_api_user_id: str = ""  # the token's user id: articles it writes are ignored
    zammad_escalation_group_id: str = ""  # Zammad's own group id; else ESCALATION_GROUP_ID
    freshdesk_domain: str = ""  # e.g. "acme" for acme.freshdesk.com
    freshdesk_base_url: str = ""  # overrides https://{domain}.freshdesk.com (stubs, proxies)
    freshdesk_api_key: str = ""
    freshdesk_webhook_token: str = ""  # shared secret the automation rule sends (comma = rotation)
    freshdesk_escalation_group_id: str = ""  # Freshdesk's own group id; else ESCALATION_GROUP_ID
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
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def zendesk_url(self) -> str:
        if self.zendesk_base_url:
            return self.zendesk_base_url.rstrip("/")
        return f"https://{self.zendesk_subdomain}.zendesk.com"

    @property
    def freshdesk_url(self) -> str:
        if self.freshdesk_base_url:
            return self.freshdesk_base_url.rstrip("/")
        return f"https://{self.freshdesk_domain}.freshdesk.com"

    @property
    def zendesk_configured(self) -> bool:
        return bool(
            self.zendesk_subdomain
            or self.zendesk_base_url
            or self.zendesk_api_token
            or self.zendesk_oauth_token
        )

    @property
    def zammad_configured(self) -> bool:
        return bool(self.zammad_url or self.zammad_token)

    @property
    def freshdesk_configured(self) -> bool:
        return bool(self.freshdesk_domain or self.freshdesk_base_url or self.freshdesk_api_key)

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)


# Environment variable -> Settings field. Every variable is documented in README.md.
ENV_VARS = {
    "ZENDESK_SUBDOMAIN": "zendesk_subdomain",
    "ZENDESK_EMAIL": "zendesk_email",
    "ZENDESK_API_TOKEN": "zendesk_api_token",
    "ZENDESK_OAUTH_TOKEN": "zendesk_oauth_token",
    "ZENDESK_BASE_URL": "zendesk_base_url",
    "ZENDESK_API_USER_ID": "zendesk_api_user_id",
    "ZENDESK_FIELD_IDS": "zendesk_field_ids",
    "ZAMMAD_URL": "zammad_url",
    "ZAMMAD_TOKEN": "zammad_token",
    "ZAMMAD_WEBHOOK_SECRET": "zammad_webhook_secret",
    "ZAMMAD_API_USER_ID": "zammad_api_user_id",
    "ZAMMAD_ESCALATION_GROUP_ID": "zammad_escalation_group_id",
    "FRESHDESK_DOMAIN": "freshdesk_domain",
    "FRESHDESK_BASE_URL": "freshdesk_base_url",
    "FRESHDESK_API_KEY": "freshdesk_api_key",
    "FRESHDESK_WEBHOOK_TOKEN": "freshdesk_webhook_token",
    "FRESHDESK_ESCALATION_GROUP_ID": "freshdesk_escalation_group_id",
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
    for name, attr in ENV_VARS.items():
        raw = environ.get(PREFIX + name)
        if raw is None and name == "REDIS_URL":
            raw = environ.get("REDIS_URL")
        if raw is not None:
            kind = {"bool": bool, "int": int, "float": float}.get(str(kinds[attr]), str)
            values[attr] = _convert(name, raw, kind)
    return Settings(**values)


def validate_for_web(settings: Settings) -> None:
    """Fail fast, with the variable to set, before the receiver accepts traffic."""
    other_receivers = settings.zammad_webhook_secret or settings.freshdesk_webhook_token
    if not (settings.webhook_signing_secret or settings.allow_test_secret or other_receivers):
        raise ConfigError(
            f"{PREFIX}WEBHOOK_SIGNING_SECRET is not set: copy the webhook's signing secret "
            f"from Zendesk (or set {PREFIX}ALLOW_TEST_SECRET=true for test sends only)"
        )
    if settings.replay_window_seconds < 1:
        raise ConfigError(f"{PREFIX}REPLAY_WINDOW_SECONDS must be at least 1")


def validate_for_worker(settings: Settings) -> None:
    """Fail fast if the worker could not write back: at least one helpdesk, each one complete."""
    if settings.zammad_configured:
        if not settings.zammad_url:
            raise ConfigError(f"{PREFIX}ZAMMAD_URL is not set (e.g. https://support.example.com)")
        if not settings.zammad_token:
            raise ConfigError(f"{PREFIX}ZAMMAD_TOKEN is not set (an agent's API access token)")
    if settings.freshdesk_configured:
        if not settings.freshdesk_domain and not settings.freshdesk_base_url:
            raise ConfigError(
                f"{PREFIX}FRESHDESK_DOMAIN is not set (e.g. 'acme' for acme.freshdesk.com)"
            )
        if not settings.freshdesk_api_key:
            raise ConfigError(f"{PREFIX}FRESHDESK_API_KEY is not set")
    others = settings.zammad_configured or settings.freshdesk_configured
    if others and not settings.zendesk_configured:
        return
    if not settings.zendesk_subdomain and not settings.zendesk_base_url:
        if others:
            raise ConfigError(
                f"{PREFIX}ZENDESK_SUBDOMAIN is not set (e.g. 'acme' for acme.zendesk.com)"
            )
        raise ConfigError(
            f"no helpdesk is configured: set {PREFIX}ZENDESK_SUBDOMAIN (e.g. 'acme' for "
            f"acme.zendesk.com), {PREFIX}ZAMMAD_URL or {PREFIX}FRESHDESK_DOMAIN"
        )
    has_token = settings.zendesk_email and settings.zendesk_api_token
    if not has_token and not settings.zendesk_oauth_token:
        raise ConfigError(
            f"set {PREFIX}ZENDESK_EMAIL and {PREFIX}ZENDESK_API_TOKEN, "
            f"or {PREFIX}ZENDESK_OAUTH_TOKEN, so the worker can update tickets"
        )


def to_env(settings: Settings) -> dict[str, str]:
    """The environment that makes from_env() rebuild these settings (for child processes)."""
    env = {}
    for name, attr in ENV_VARS.items():
        value = getattr(settings, attr)
        env[PREFIX + name] = str(value).lower() if isinstance(value, bool) else str(value)
    return env
