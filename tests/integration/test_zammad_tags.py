"""Zammad's webhook carries no tags: the stale level tag is still removed, reading only then."""

import pytest
from builders import decision

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.stubs.zammad import ZammadState, run_zammad_stub_in_thread
from helpdesk_empathy.helpdesks.zammad.client import ZammadClient
from helpdesk_empathy.helpdesks.zammad.settings import ZammadSettings
from helpdesk_empathy.helpdesks.zammad.webhook_schema import parse_zammad
from helpdesk_empathy.models import Decision

LEVELS = ("very_negative", "negative", "neutral", "positive", "very_positive")


@pytest.fixture
def stub():
    url, state, shutdown = run_zammad_stub_in_thread(ZammadState(token="tok"))
    yield url, state
    shutdown()


@pytest.fixture
def client(stub):
    url, _ = stub
    return ZammadClient(Settings(zammad=ZammadSettings(url=url, token="tok")))


def level_decision(level: str, *extra: str) -> Decision:
    """What the policy decides with level tags on: our level tag, the others stale."""
    stale = tuple(f"empathy_sentiment_{other}" for other in LEVELS if other != level)
    return decision(f"empathy_sentiment_{level}", *extra, note="", remove_tags=stale)


def event_from_webhook(state: ZammadState, ticket_id: int):
    """The event our receiver makes of what Zammad sends for the ticket's latest article."""
    payload = state.webhook_payload(ticket_id)
    assert "tags" not in payload["ticket"]  # as Zammad's TriggerWebhookJob builds it
    return parse_zammad(payload, delivery_id="d", received_at=0.0)


def calls(state: ZammadState, since: int) -> list[tuple[str, str]]:
    return [(r["method"], r["path"]) for r in state.request_log()[since:]]


def test_a_new_level_replaces_the_stale_level_tag(stub, client):
    _, state = stub
    ticket = state.add_ticket("fine", tags=["vip", "empathy_sentiment_negative"])
    event = event_from_webhook(state, ticket["id"])
    assert not event.tags_known
    client.apply(event, level_decision("very_negative", "empathy_escalated"))
    assert state.get_tags(ticket["id"]) == [
        "vip",
        "empathy_sentiment_very_negative",
        "empathy_escalated",
    ]


def test_an_unchanged_level_costs_one_read_and_no_tag_writes(stub, client):
    _, state = stub
    ticket = state.add_ticket("x", tags=["empathy_sentiment_negative", "empathy_escalated"])
    before = len(state.request_log())
    client.apply(
        event_from_webhook(state, ticket["id"]), level_decision("negative", "empathy_escalated")
    )
    assert calls(state, before) == [("GET", "/api/v1/tags")]
    assert state.get_tags(ticket["id"]) == ["empathy_sentiment_negative", "empathy_escalated"]


def test_without_level_tags_nothing_is_read_and_tags_are_only_added(stub, client):
    _, state = stub
    ticket = state.add_ticket("x", tags=["vip"])
    before = len(state.request_log())
    escalated = decision("empathy_escalated", escalate=True, note="")
    client.apply(event_from_webhook(state, ticket["id"]), escalated)
    assert calls(state, before) == [("POST", "/api/v1/tags/add")]
    assert state.get_tags(ticket["id"]) == ["vip", "empathy_escalated"]


def test_an_agents_own_tags_survive_every_level_change(stub, client):
    _, state = stub
    ticket = state.add_ticket("x", tags=["vip"])
    for level in ("neutral", "negative", "very_negative", "positive"):
        client.apply(event_from_webhook(state, ticket["id"]), level_decision(level))
        ours = [t for t in state.get_tags(ticket["id"]) if t.startswith("empathy_sentiment_")]
        assert ours == [f"empathy_sentiment_{level}"]
    assert "vip" in state.get_tags(ticket["id"])
