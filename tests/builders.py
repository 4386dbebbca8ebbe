"""Builders the tests share: settings pointed at a helpdesk stub, ticket events, analyses,
decisions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import responses

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.stubs.state import StubState
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.models import Analysis, Decision, Signal, TicketEvent

FIXTURES = Path(__file__).parent / "fixtures"  # what each helpdesk really sends, by folder


def fixture_bytes(folder: str, name: str) -> bytes:
    return (FIXTURES / folder / name).read_bytes()


def receiver_settings(redis_url: str, **fields: Any) -> Settings:
    """Settings for the webhook receiver on Redis, with a 64 KiB body limit."""
    return Settings(redis_url=redis_url, max_body_bytes=64 * 1024, **fields)


def headers_with(headers: dict[str, str], changes: dict[str, str | None]) -> dict[str, str]:
    """`headers` with a test's changes: a None value leaves that header out."""
    merged = {**headers, **changes}
    return {name: value for name, value in merged.items() if value is not None}


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


def message_event(**fields: Any) -> TicketEvent:
    """A Zendesk customer message with a requester and a subject; `fields` override any."""
    values: dict[str, Any] = {
        "helpdesk": "zendesk",
        "event_id": "e1",
        "ticket_id": "7",
        "text": "...",
        "requester_name": "Dana Smith",
        "subject": "Order 88412",
    }
    return TicketEvent(**{**values, **fields})


COMPOUND_AT = {"very_negative": -0.8, "negative": -0.4, "neutral": 0.0}  # else positive: 0.6


def analysis_at(
    level: str = "neutral",
    *,
    frustration: int = 0,
    signals: tuple[str, ...] | list[str] = (),
    contact: int = 1,
    language: str = "en",
) -> Analysis:
    """An analysis at `level` with the named signals fired, as the analyser reports them."""
    return Analysis(
        language=language,
        compound=COMPOUND_AT.get(level, 0.6),
        level=level,
        frustration=frustration,
        signals=tuple(Signal(name, 12.0, f"the {name} cue fired") for name in signals),
        contact_number=contact,
    )


def decision(
    *tags: str,
    priority: str | None = None,
    route: str | None = None,
    escalate: bool = False,
    note: str = "note",
    **fields: Any,
) -> Decision:
    """A decision adding `tags`, each with a reason; `fields` sets any other field."""
    return Decision(
        add_tags=tags,
        min_priority=priority,
        route_group_id=route,
        escalate=escalate,
        note=note,
        reasons=tuple(f"r-{tag}" for tag in tags),
        **fields,
    )


def escalation(level_tag: str, *, priority: str, note: str, **changes: Any) -> Decision:
    """A decision that escalates: a level tag and empathy_escalated, a raised priority, the
    ticket routed to group 9 and an internal note; `changes` override any field."""
    values: dict[str, Any] = {
        "add_tags": (level_tag, "empathy_escalated"),
        "min_priority": priority,
        "route_group_id": "9",
        "escalate": True,
        "note": note,
    }
    return Decision(**{**values, **changes})


def sent_bodies(method: str, url: str) -> list[dict]:
    """The JSON bodies sent with `method` to `url` (query string aside) to `responses` mocks."""
    return [
        json.loads(call.request.body)
        for call in responses.calls
        if call.request.method == method and call.request.url.split("?")[0] == url
    ]


def assert_ignored(response: Any, queue: Any, reason: str = "") -> None:
    """The receiver answered 200 "ignored" (with `reason` in its reason) and queued nothing."""
    assert response.status_code == 200, response.json
    assert response.json["status"] == "ignored"
    assert reason in response.json.get("reason", "")
    assert len(queue) == 0
