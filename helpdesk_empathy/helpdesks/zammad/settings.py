"""Zammad's settings section: instance URL, API token, webhook signature token, our user."""

from __future__ import annotations

from dataclasses import dataclass

from helpdesk_empathy.helpdesks.section import PREFIX, Section


@dataclass(frozen=True)
class ZammadSettings(Section):
    url: str = ""  # e.g. https://support.example.com (self-hosted or *.zammad.com)
    token: str = ""  # an agent's API access token
    webhook_secret: str = ""  # the webhook's HMAC SHA1 signature token (comma = rotation)
    api_user_id: str = ""  # the token's user id: articles it writes are ignored
    escalation_group_id: str = ""  # Zammad's own group id; else ESCALATION_GROUP_ID

    ENV_PREFIX = "ZAMMAD"

    @property
    def configured(self) -> bool:
        return bool(self.url or self.token)

    @property
    def receives(self) -> bool:
        return bool(self.webhook_secret.strip())

    def ticket_page(self, ticket_id: str) -> str | None:
        return f"{self.url.rstrip('/')}/#ticket/zoom/{ticket_id}" if self.url else None

    def problems(self) -> list[str]:
        problems = []
        if not self.url:
            problems.append(f"{PREFIX}ZAMMAD_URL is not set (e.g. https://support.example.com)")
        if not self.token:
            problems.append(f"{PREFIX}ZAMMAD_TOKEN is not set (an agent's API access token)")
        return problems
