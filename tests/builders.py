"""Builders the tests share: settings pointed at a helpdesk stub, ticket events, decisions."""

from __future__ import annotations

from typing import Any

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.stubs.state import StubState
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.models import Decision, TicketEvent


def settings_for(
    redis_url: str, stub_url: str, state: StubState, *, api_token: str = "t", **overrides: Any
) -> Settings:
    """Settings for the Zendesk stub at `stub_url` (its API user is ours) and Redis."""
    zendesk = ZendeskSettings(
        base_url=stub_url,
        email="tests@example.com",
        api_token=api_token,
        api_user_id=str(state.api_user["id"]),
    )
    return Settings(zendesk=zendesk, redis_url=redis_url, **overrides)


def event_for(ticket: dict, text: str, event_id: str, **fields: Any) -> TicketEvent:
    """A Zendesk event for a stub ticket, carrying the ticket's state as the webhook would."""
    values: dict[str, Any] = {
        "helpdesk": "zendesk",
        "event_id": event_id,
        "ticket_id": str(ticket["id"]),
        "text": text,
        "requester_id": str(ticket["requester_id"]),
        "tags": tuple(ticket["tags"]),
        "priority": ticket["priority"],
        "updated_at": ticket["updated_at"],
    }
    return TicketEvent(**{**values, **fields})


def decision(
    *tags: str,
    priority: str | None = None,
    route: str | None = None,
    escalate: bool = False,
    note: str = "note",
) -> Decision:
    return Decision(
        add_tags=tags,
        min_priority=priority,
        route_group_id=route,
        escalate=escalate,
        note=note,
        reasons=tuple(f"r-{tag}" for tag in tags),
    )
