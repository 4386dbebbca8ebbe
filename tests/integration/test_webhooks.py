"""The webhook receiver: each bad-input class gets its status and enqueues nothing."""

import json
import time
from functools import partial

import pytest
from builders import assert_ignored, fixture_bytes, headers_with, receiver_settings

from helpdesk_empathy.config import ZENDESK_TEST_SECRET
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.helpdesks.zendesk.signature import signed_headers
from helpdesk_empathy.intake.app import create_app
from helpdesk_empathy.pipeline.queue import payload_to_event

SECRET = "c2VjcmV0LWZvci10ZXN0cw=="
API_USER = "900001"


fixture_body = partial(fixture_bytes, "webhooks")


@pytest.fixture
def settings(redis_server):
    zendesk = ZendeskSettings(api_user_id=API_USER)
    return receiver_settings(redis_server.url, zendesk=zendesk, webhook_signing_secret=SECRET)


def post(client, body: bytes, *, secret=SECRET, invocation="inv-1", at=None, **overrides):
    headers = signed_headers(secret, body, invocation_id=invocation, at=at or time.time())
    headers = headers_with(headers, overrides)
    return client.post("/webhooks/zendesk", data=body, headers=headers)


def test_trigger_body_is_queued_with_ids_only(client, queue):
    response = post(client, fixture_body("trigger_comment_en.json"))
    assert response.status_code == 202
    assert response.json["status"] == "queued"
    assert len(queue) == 1
    event = payload_to_event(queue.payloads()[0])
    assert event.ticket_id == "35436"
    assert event.event_id.startswith("trigger-")  # named from the signed content
    assert event.tags == ("vip", "shipping", "order_issue")
    assert event.priority == "normal"
    assert event.assignee_id is None
    assert event.requester_id == "20978392"
    assert event.updated_at == "2026-11-23T18:02Z"  # as {{ticket.updated_at_with_timestamp}}
    # The message is read by the worker through the API: nothing of it travels in the body.
    assert event.fetch_text is True and event.text == ""


@pytest.mark.parametrize(
    "name,ticket", [("event_ticket_created.json", "5158"), ("event_comment_added.json", "5160")]
)
def test_event_envelopes_are_queued(client, queue, name, ticket):
    response = post(client, fixture_body(name))
    assert response.status_code == 202, response.json
    event = payload_to_event(queue.payloads()[0])
    assert event.ticket_id == ticket
    assert event.priority in {"low", "normal"}  # upper-case enums are normalised
    assert event.text


@pytest.mark.parametrize("name", ["event_comment_private_note.json", "event_status_changed.json"])
def test_events_without_a_customer_message_are_ignored(client, queue, name):
    response = post(client, fixture_body(name))
    assert_ignored(response, queue)


def test_a_ticket_an_agent_opened_for_the_customer_is_not_scored(client, queue):
    # Trigger mode skips these (role is not end user); event subscriptions must too.
    body = json.loads(fixture_body("event_ticket_created.json"))
    body["detail"]["actor_id"] = "8447388090777"  # an agent, not the requester
    response = post(client, json.dumps(body).encode())
    assert_ignored(response, queue)


def test_events_caused_by_our_api_user_are_ignored(client, queue):
    body = json.loads(fixture_body("trigger_comment_en.json"))
    body["ticket"]["current_user_id"] = API_USER
    response = post(client, json.dumps(body).encode())
    assert_ignored(response, queue, "own API user")


def test_a_replay_with_a_new_invocation_id_is_a_duplicate(client, queue):
    """The invocation id is not signed: trigger deliveries are named by the signed content."""
    body = fixture_body("trigger_comment_en.json")
    at = time.time()
    first = post(client, body, invocation="captured", at=at)
    replayed = post(client, body, invocation="forged-new-id", at=at)
    assert (first.status_code, replayed.status_code) == (202, 200)
    assert replayed.json["status"] == "duplicate"
    assert len(queue) == 1
    # A later delivery for the same ticket (signed at another time) is a new one.
    assert post(client, body, invocation="captured", at=at + 2).status_code == 202
    changed = json.loads(body)
    changed["ticket"]["updated_at"] = "2026-11-23T18:03Z"
    assert post(client, json.dumps(changed).encode(), at=at).status_code == 202
    assert len(queue) == 3


def test_envelopes_are_deduplicated_by_event_id(client, queue):
    body = fixture_body("event_comment_added.json")
    assert post(client, body, invocation="a").status_code == 202
    assert post(client, body, invocation="b").json["status"] == "duplicate"
    assert len(queue) == 1


def test_stale_delivery_is_rejected(client, queue):
    response = post(client, fixture_body("trigger_comment_en.json"), at=time.time() - 3600)
    assert response.status_code == 401
    assert "replay window" in response.json["reason"]
    assert len(queue) == 0


def test_test_secret_only_when_enabled(settings, redis_client, queue):
    body = fixture_body("trigger_comment_en.json")
    closed = create_app(settings).test_client()
    assert post(closed, body, secret=ZENDESK_TEST_SECRET).status_code == 401
    opened = create_app(settings.with_overrides(allow_test_secret=True)).test_client()
    assert post(opened, body, secret=ZENDESK_TEST_SECRET).status_code == 202
    assert len(queue) == 1


def test_redis_down_answers_503_quickly_so_the_helpdesk_retries(settings):
    client = create_app(settings.with_overrides(redis_url="redis://127.0.0.1:1/0")).test_client()
    started = time.monotonic()
    response = post(client, fixture_body("trigger_comment_en.json"))
    # Far below Zendesk's ~12 s delivery timeout (a bound on retries, not a speed target).
    assert time.monotonic() - started < 6
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert client.get("/readyz").status_code == 503
    assert client.get("/healthz").status_code == 200


def test_health_and_readiness(client):
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").json == {"status": "ready"}


def test_unknown_route_and_method_are_json(client):
    assert client.get("/nope").status_code == 404
    assert client.get("/nope").is_json
    response = client.get("/webhooks/zendesk")
    assert response.status_code == 405 and response.is_json
