"""Ids-only Freshdesk webhooks: the worker reads the customer's latest public message."""

import json
from pathlib import Path

import pytest
import responses

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.stubs.freshdesk import FreshdeskState, run_freshdesk_stub_in_thread
from helpdesk_empathy.helpdesks.base import read_messages
from helpdesk_empathy.helpdesks.freshdesk.client import FreshdeskClient
from helpdesk_empathy.helpdesks.freshdesk.conversation import latest_customer_reply
from helpdesk_empathy.helpdesks.freshdesk.settings import FreshdeskSettings
from helpdesk_empathy.helpdesks.freshdesk.webhook_schema import parse_freshdesk

FIXTURES = Path(__file__).parents[1] / "fixtures" / "freshdesk"
BASE = "https://acme.freshdesk.com"


def fixture(name: str):
    return json.loads((FIXTURES / name).read_text())


def ids_only_event(ticket_id, triggered="{reply_sent:sent}"):
    body = {"ticket": {"id": str(ticket_id), "priority": "Low"}, "triggered_event": triggered}
    event = parse_freshdesk(body, received_at=1.0)
    assert event.fetch_text
    return event


@pytest.fixture
def stub():
    url, state, shutdown = run_freshdesk_stub_in_thread(FreshdeskState(api_key="key"))
    yield state, FreshdeskClient(Settings(freshdesk=FreshdeskSettings(base_url=url, api_key="key")))
    shutdown()


@responses.activate
def test_the_documented_answers_give_the_latest_public_customer_message():
    responses.get(f"{BASE}/api/v2/tickets/2471", json=fixture("api_ticket_2471.json"))
    responses.get(
        f"{BASE}/api/v2/tickets/2471/conversations", json=fixture("api_conversations_2471.json")
    )
    client = FreshdeskClient(Settings(freshdesk=FreshdeskSettings(domain="acme", api_key="k")))
    event = client.fetch_message(ids_only_event(2471))

    assert "NOBODY has answered" in event.text  # the customer's reply, not the agent's
    assert "escalate to billing" not in event.text  # a private note is never the message
    assert (event.event_id, event.kind) == ("fd-conversation-77002", "comment_added")
    assert (event.requester_id, event.requester_name) == ("66000001", "Priya")
    assert (event.subject, event.tags, event.priority) == (
        "Charged twice for my subscription",
        ("billing", "vip"),
        "normal",
    )
    assert not event.fetch_text
    assert responses.calls[0].request.params == {"include": "requester"}
    assert responses.calls[1].request.params == {"per_page": "100"}


def test_a_new_ticket_scores_its_description(stub):
    state, client = stub
    ticket = state.add_ticket(
        "Je n'ai toujours pas reçu mon remboursement.", requester_name="Élodie"
    )
    event = client.fetch_message(ids_only_event(ticket["id"], "{ticket_action:created}"))
    assert (event.kind, event.requester_name) == ("ticket_created", "Élodie")
    assert event.event_id == f"fd-description-{ticket['id']}"
    assert "remboursement" in event.text


def test_the_latest_reply_is_found_past_the_first_pages(stub):
    state, client = stub
    ticket = state.add_ticket("first")
    for index in range(230):
        state.add_reply(ticket["id"], f"reply number {index}")
        state.add_note(ticket["id"], "<p>agent note</p>", private=True)
    event = client.fetch_message(ids_only_event(ticket["id"]))
    assert event.text == "reply number 229"
    pages = [r for r in state.request_log() if r["path"].endswith("/conversations")]
    assert len(pages) == 5  # 460 conversations, 100 a page


def test_quotes_and_newlines_in_the_message_never_touch_the_webhook_body(stub):
    state, client = stub
    ticket = state.add_ticket("x")
    message = 'He said "never again",\nand {{ticket.id}} \\ was "the worst"'
    body = state.webhook_body(ticket["id"], message)
    assert message not in json.dumps(body)  # ids and metadata only
    [event] = read_messages({"freshdesk": client}, [parse_freshdesk(body, received_at=1.0)])
    assert event.text == message


def test_a_deleted_ticket_or_no_message_is_skipped_and_repeats_are_read_once(stub):
    state, client = stub
    ticket = state.add_ticket("Where is my order?")
    state.add_reply(ticket["id"], "Still nothing!")
    empty = state.add_ticket("   ")
    events = [
        ids_only_event(ticket["id"]),
        ids_only_event(ticket["id"]),  # the same reply, announced twice
        ids_only_event(999_999),  # deleted: 404
        ids_only_event(empty["id"], "{ticket_action:created}"),
    ]
    ready = read_messages({"freshdesk": client}, events)
    assert [(e.ticket_id, e.text) for e in ready] == [(str(ticket["id"]), "Still nothing!")]


def test_only_public_customer_replies_count():
    conversations = [
        {"id": 1, "incoming": True, "private": False, "created_at": "2024-01-01T10:00:00Z"},
        {"id": 2, "incoming": False, "private": False, "created_at": "2024-01-02T10:00:00Z"},
        {"id": 3, "incoming": True, "private": True, "created_at": "2024-01-03T10:00:00Z"},
    ]
    assert latest_customer_reply(conversations)["id"] == 1
    assert latest_customer_reply(conversations[1:]) is None
