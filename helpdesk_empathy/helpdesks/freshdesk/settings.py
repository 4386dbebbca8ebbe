"""Freshdesk's settings section: account address, API key, the rule's shared token."""

from __future__ import annotations

from dataclasses import dataclass

from helpdesk_empathy.helpdesks.section import PREFIX, HostedSection


@dataclass(frozen=True)
class FreshdeskSettings(HostedSection):
    domain: str = ""  # e.g. "acme" for acme.freshdesk.com
    base_url: str = ""  # overrides https://{domain}.freshdesk.com (stubs, proxies)
    api_key: str = ""
    webhook_token: str = ""  # shared secret the automation rule sends (comma = rotation)
    escalation_group_id: str = ""  # Freshdesk's own group id; else ESCALATION_GROUP_ID

    ENV_PREFIX = "FRESHDESK"
    HOST = "https://{account}.freshdesk.com"
    ACCOUNT_FIELD = "domain"
    TICKET_PAGE = "/a/tickets/{id}"

    @property
    def configured(self) -> bool:
        return bool(self.domain or self.base_url or self.api_key)

    @property
    def receives(self) -> bool:
        return bool(self.webhook_token.strip())

    def problems(self) -> list[str]:
        problems = self.address_problems()
        if not self.api_key:
            problems.append(f"{PREFIX}FRESHDESK_API_KEY is not set")
        return problems
