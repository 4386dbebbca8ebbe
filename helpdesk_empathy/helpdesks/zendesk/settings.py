"""Zendesk's settings section: account address, API credentials, our own API user."""

from __future__ import annotations

from dataclasses import dataclass

from helpdesk_empathy.helpdesks.section import PREFIX, Section


@dataclass(frozen=True)
class ZendeskSettings(Section):
    subdomain: str = ""
    email: str = ""
    api_token: str = ""
    oauth_token: str = ""
    base_url: str = ""  # overrides https://{subdomain}.zendesk.com (stubs, proxies)
    api_user_id: str = ""  # our own API user: events it causes are ignored
    field_ids: str = ""  # "sentiment_level=ID,frustration=ID,escalated=ID" (install --fields)

    ENV = {
        "ZENDESK_SUBDOMAIN": "subdomain",
        "ZENDESK_EMAIL": "email",
        "ZENDESK_API_TOKEN": "api_token",
        "ZENDESK_OAUTH_TOKEN": "oauth_token",
        "ZENDESK_BASE_URL": "base_url",
        "ZENDESK_API_USER_ID": "api_user_id",
        "ZENDESK_FIELD_IDS": "field_ids",
    }

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
