"""Freshdesk's settings section: account address, API key, the rule's shared token."""

from __future__ import annotations

from dataclasses import dataclass

from helpdesk_empathy.helpdesks.section import PREFIX, Section


@dataclass(frozen=True)
class FreshdeskSettings(Section):
    domain: str = ""  # e.g. "acme" for acme.freshdesk.com
    base_url: str = ""  # overrides https://{domain}.freshdesk.com (stubs, proxies)
    api_key: str = ""
    webhook_token: str = ""  # shared secret the automation rule sends (comma = rotation)
    escalation_group_id: str = ""  # Freshdesk's own group id; else ESCALATION_GROUP_ID

    ENV_PREFIX = "FRESHDESK"

    @property
    def url(self) -> str:
        if self.base_url:
            return self.base_url.rstrip("/")
        return f"https://{self.domain}.freshdesk.com"

    @property
    def configured(self) -> bool:
        return bool(self.domain or self.base_url or self.api_key)

    @property
    def receives(self) -> bool:
        return bool(self.webhook_token.strip())

    def ticket_page(self, ticket_id: str) -> str | None:
        if not self.domain:
            return None
        return f"https://{self.domain}.freshdesk.com/a/tickets/{ticket_id}"

    def problems(self) -> list[str]:
        problems = []
        if not self.domain and not self.base_url:
            problems.append(
                f"{PREFIX}FRESHDESK_DOMAIN is not set (e.g. 'acme' for acme.freshdesk.com)"
            )
        if not self.api_key:
            problems.append(f"{PREFIX}FRESHDESK_API_KEY is not set")
        return problems
