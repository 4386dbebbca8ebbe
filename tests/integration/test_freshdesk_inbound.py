"""The Freshdesk webhook receiver: shared token, schema, loop guard, dedupe, on the real Redis."""

import json
from functools import partial

import pytest
from builders import assert_ignored, fixture_bytes, headers_with, receiver_settings

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.freshdesk.settings import FreshdeskSettings
from helpdesk_empathy.helpdesks.freshdesk.webhook_schema import is_message_event
from helpdesk_empathy.intake.app import create_app
from helpdesk_empathy.pipeline.queue import payload_to_event

TOKEN = "fd-shared-token-7f3a"
HOOK = "/webhooks/freshdesk"


fixture = partial(fixture_bytes, "freshdesk")


@pytest.fixture
def settings(redis_server):
    return receiver_settings(redis_server.url, freshdesk=FreshdeskSettings(webhook_token=TOKEN))


def post(client, body: bytes, *, token=TOKEN, query="", **overrides):
    headers = {"Content-Type": "application/json", "X-Helpdesk-Empathy-Token": token}
    headers = headers_with(headers, overrides)
    return client.post(HOOK + query, data=body, headers=headers)


def test_the_recommended_ids_only_body_is_queued_for_the_worker_to_read(client, queue):
    response = post(client, fixture("reply_customer_en.json"))
    assert response.status_code == 202, response.json
    assert len(queue) == 1
    event = payload_to_event(queue.payloads()[0])
    assert (event.helpdesk, event.ticket_id, event.kind) == ("freshdesk", "2471", "comment_added")
    assert event.fetch_text and event.text == ""  # the worker reads the conversation
    assert (event.priority, event.status) == ("normal", "open")  # Freshdesk's "Medium"


def test_ids_only_ticket_creation(client, queue):
    assert post(client, fixture("ticket_created_fr.json")).status_code == 202
    event = payload_to_event(queue.payloads()[0])
    assert (event.kind, event.priority, event.fetch_text) == ("ticket_created", "low", True)


def test_ids_only_calls_are_not_deduplicated_at_intake(client, queue):
    # Nothing in the body identifies the message: the worker dedupes on what it reads.
    body = fixture("reply_customer_en.json")
    assert [post(client, body).status_code for _ in range(2)] == [202, 202]
    assert len(queue) == 2


def test_a_body_that_embeds_the_message_is_still_scored_as_sent(client, queue):
    response = post(client, fixture("legacy_reply_with_text.json"))
    assert response.status_code == 202, response.json
    event = payload_to_event(queue.payloads()[0])
    assert (event.helpdesk, event.ticket_id, event.kind) == ("freshdesk", "2471", "comment_added")
    assert not event.fetch_text
    assert event.tags == ("billing", "vip")
    assert event.requester_name == "Priya"
    assert "NOBODY has answered" in event.text and "<div>" not in event.text
    assert event.event_id.startswith("fd-")


def test_a_body_with_the_description_scores_it_at_creation(client, queue):
    assert post(client, fixture("legacy_ticket_created_with_text.json")).status_code == 202
    event = payload_to_event(queue.payloads()[0])
    assert (event.kind, event.priority, event.tags) == ("ticket_created", "low", ())
    assert "toujours mon remboursement" in event.text


def test_token_in_the_url_is_accepted(client, queue):
    headers = {"X-Helpdesk-Empathy-Token": None}
    response = post(client, fixture("reply_customer_en.json"), query=f"?token={TOKEN}", **headers)
    assert response.status_code == 202
    assert len(queue) == 1


def test_a_wrong_header_is_not_rescued_by_a_right_url_token(client, queue):
    response = post(
        client, fixture("reply_customer_en.json"), token="nope", query=f"?token={TOKEN}"
    )
    assert response.status_code == 401
    assert len(queue) == 0


@pytest.mark.parametrize("name", ["private_note.json", "priority_changed.json"])
def test_private_notes_and_property_changes_are_ignored(client, queue, name):
    response = post(client, fixture(name))
    assert_ignored(response, queue)


def test_same_message_is_one_delivery_other_messages_are_not(client, queue):
    body = fixture("legacy_reply_with_text.json")
    assert post(client, body).status_code == 202
    again = post(client, body)
    assert again.status_code == 200 and again.json["status"] == "duplicate"
    changed = json.loads(body)
    changed["ticket"]["latest_public_comment"] = "Still nothing. Please call me."
    assert post(client, json.dumps(changed).encode()).status_code == 202
    assert len(queue) == 2


@pytest.mark.parametrize("name", ["reply_customer_en.json", "legacy_reply_with_text.json"])
def test_a_delivery_id_in_the_body_is_used_for_dedupe(client, queue, name):
    body = json.loads(fixture(name))
    body["delivery_id"] = "rule-7-run-1"
    assert post(client, json.dumps(body).encode()).status_code == 202
    assert post(client, json.dumps(body).encode()).json["status"] == "duplicate"
    assert payload_to_event(queue.payloads()[0]).event_id == "rule-7-run-1"


def test_empty_message_is_ignored(client, queue):
    body = b'{"ticket": {"id": "9", "description": "<div><br></div>", "latest_public_comment": ""}}'
    response = post(client, body)
    assert response.status_code == 200 and response.json["status"] == "ignored"
    assert len(queue) == 0


@pytest.mark.parametrize(
    "event,is_message",
    [
        ("", True),
        ("{ticket_action:created}", True),
        ("{reply_sent:sent}", True),
        ("{note_type:public}", True),
        ("{note_type:private}", False),
        ("{status:{from:2,to:4}}", False),
        ("{responder_id:{from:150006383528,to:150014937111}}", False),
    ],
)
def test_which_triggered_events_carry_a_message(event, is_message):
    assert is_message_event(event) is is_message


def test_route_is_absent_when_freshdesk_is_not_configured(redis_server, redis_client):
    settings = Settings(redis_url=redis_server.url, webhook_signing_secret="zendesk-only")
    response = post(create_app(settings).test_client(), fixture("reply_customer_en.json"))
    assert response.status_code == 404
