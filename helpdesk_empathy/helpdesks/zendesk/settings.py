"""Zendesk's settings section: account address, API credentials, our own API user."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from helpdesk_empathy.errors import ConfigError
from helpdesk_empathy.helpdesks.section import PREFIX, HostedSection

# Numeric variables: field -> type.
_NUMBERS = {
    "update_ticket_per_minute": int,
    "ticket_updates_per_window": int,
    "limit_time_scale": float,
}


@dataclass(frozen=True)
class ZendeskSettings(HostedSection):
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

    ENV_PREFIX = "ZENDESK"
    HOST = "https://{account}.zendesk.com"
    ACCOUNT_FIELD = "subdomain"
    TICKET_PAGE = "/agent/tickets/{id}"

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
    def configured(self) -> bool:
        return bool(self.subdomain or self.base_url or self.api_token or self.oauth_token)

    @property
    def receives(self) -> bool:
        return True  # always mounted: Zendesk's test sends need no API credentials

    def problems(self) -> list[str]:
        problems = self.address_problems()
        if not (self.email and self.api_token) and not self.oauth_token:
            problems.append(
                f"set {PREFIX}ZENDESK_EMAIL and {PREFIX}ZENDESK_API_TOKEN, "
                f"or {PREFIX}ZENDESK_OAUTH_TOKEN, so the worker can update tickets"
            )
        return problems
