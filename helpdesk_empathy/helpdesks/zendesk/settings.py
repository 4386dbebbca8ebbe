"""Zendesk's settings section: account address, API credentials, our own API user."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from helpdesk_empathy.errors import ConfigError
from helpdesk_empathy.helpdesks.section import PREFIX, Section

# Numeric variables: field -> type.
_NUMBERS = {
    "update_ticket_per_minute": int,
    "ticket_updates_per_window": int,
    "limit_time_scale": float,
}


@dataclass(frozen=True)
class ZendeskSettings(Section):
    subdomain: str = ""
    email: str = ""
    api_token: str = ""
    oauth_token: str = ""
    base_url: str = ""  # overrides https://{subdomain}.zendesk.com (stubs, proxies)
    api_user_id: str = ""  # our own API user: events it causes are ignored
    field_ids: str = ""  # "sentiment_level=ID,frustration=ID,escalated=ID" (install --fields)
    # Zendesk's Update Ticket limits: 100 PUT /tickets/{id} a minute per account (300 with the
    # High Volume add-on), and 30 updates per ticket per 10 minutes. The time scale shrinks
    # every limit window alike (0.1: a "minute" lasts 6 s), for the local stub and benchmarks.
    update_ticket_per_minute: int = 100
    ticket_updates_per_window: int = 30
    limit_time_scale: float = 1.0

    ENV = {
        "ZENDESK_SUBDOMAIN": "subdomain",
        "ZENDESK_EMAIL": "email",
        "ZENDESK_API_TOKEN": "api_token",
        "ZENDESK_OAUTH_TOKEN": "oauth_token",
        "ZENDESK_BASE_URL": "base_url",
        "ZENDESK_API_USER_ID": "api_user_id",
        "ZENDESK_FIELD_IDS": "field_ids",
        "ZENDESK_UPDATE_TICKET_PER_MINUTE": "update_ticket_per_minute",
        "ZENDESK_TICKET_UPDATES_PER_WINDOW": "ticket_updates_per_window",
        "ZENDESK_LIMIT_TIME_SCALE": "limit_time_scale",
    }

    @classmethod
    def from_values(cls, values: Mapping[str, str]) -> ZendeskSettings:
        section = super().from_values(values)
        numbers = {}
        for name, field_name in cls.ENV.items():
            kind = _NUMBERS.get(field_name)
            if kind is None or name not in values:
                continue
            try:
                number = kind(values[name].strip())
            except ValueError:
                raise ConfigError(
                    f"{PREFIX}{name} must be a number, got {values[name]!r}"
                ) from None
            if number <= 0:
                raise ConfigError(f"{PREFIX}{name} must be above 0, got {values[name]!r}")
            numbers[field_name] = number
        return replace(section, **numbers)

    @property
    def url(self) -> str:
        if self.base_url:
            return self.base_url.rstrip("/")
        return f"https://{self.subdomain}.zendesk.com"

    @property
    def configured(self) -> bool:
        return bool(self.subdomain or self.base_url or self.api_token or self.oauth_token)

    @property
    def receives(self) -> bool:
        return True  # always mounted: Zendesk's test sends need no API credentials

    def ticket_page(self, ticket_id: str) -> str | None:
        if not self.subdomain:
            return None  # a base URL alone (a stub, a proxy) has no agent interface
        return f"https://{self.subdomain}.zendesk.com/agent/tickets/{ticket_id}"

    def problems(self) -> list[str]:
        problems = []
        if not self.subdomain and not self.base_url:
            problems.append(
                f"{PREFIX}ZENDESK_SUBDOMAIN is not set (e.g. 'acme' for acme.zendesk.com)"
            )
        if not (self.email and self.api_token) and not self.oauth_token:
            problems.append(
                f"set {PREFIX}ZENDESK_EMAIL and {PREFIX}ZENDESK_API_TOKEN, "
                f"or {PREFIX}ZENDESK_OAUTH_TOKEN, so the worker can update tickets"
            )
        return problems
