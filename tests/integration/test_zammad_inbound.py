"""The Zammad webhook receiver: hub signature, schema, loop guard, dedupe, on the real Redis."""

import hashlib
import hmac
import json
from functools import partial

import pytest
from builders import assert_ignored, fixture_bytes, headers_with, receiver_settings

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.zammad.settings import ZammadSettings
from helpdesk_empathy.intake.app import create_app
from helpdesk_empathy.intake.auth import hub_signature
from helpdesk_empathy.pipeline.queue import payload_to_event

SECRET = "zammad-hmac-token"
API_USER = "3"


fixture = partial(fixture_bytes, "zammad")


@pytest.fixture
def settings(redis_server):
    zammad = ZammadSettings(webhook_secret=SECRET, api_user_id=API_USER)
    return receiver_settings(redis_server.url, zammad=zammad)


def post(client, body: bytes, *, secret=SECRET, delivery="d-1", **overrides):
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Zammad User Agent",
        "X-Zammad-Trigger": "helpdesk-empathy",
        "X-Zammad-Delivery": delivery,
        "X-Hub-Signature": hub_signature(secret, body),
    }
    headers = headers_with(headers, overrides)
    return client.post("/webhooks/zammad", data=body, headers=headers)


def test_customer_article_is_queued_as_a_zammad_event(client, queue):
    response = post(client, fixture("article_customer_en.json"))
    assert response.status_code == 202, response.json
    assert response.json["status"] == "queued"
    assert len(queue) == 1
    event = payload_to_event(queue.payloads()[0])
    assert event.helpdesk == "zammad"
    # The event id is the signed article id, not the unsigned X-Zammad-Delivery header.
    assert (event.ticket_id, event.event_id, event.kind) == ("143", "article-419", "comment_added")
    assert event.priority == "normal"
    assert event.assignee_id is None  # owner 1 is Zammad's "unassigned"
    assert (event.group_id, event.requester_id, event.requester_name) == ("2", "27", "Dana")
    assert event.tags == () and not event.tags_known  # Zammad's payload carries no tags
    assert "THIRD time" in event.text
    assert "<div>" not in event.text
    assert "patience" not in event.text  # quoted history is not the customer's words now


def test_first_article_is_a_created_ticket_and_plain_text_is_kept(client, queue):
    assert post(client, fixture("ticket_created_fr.json")).status_code == 202
    event = payload_to_event(queue.payloads()[0])
    assert (event.kind, event.priority, event.requester_name) == ("ticket_created", "low", "Élodie")
    assert "toujours pas reçu" in event.text


def test_bare_hex_signature_is_accepted(client, queue):
    body = fixture("article_customer_en.json")
    bare = hmac.new(SECRET.encode(), body, hashlib.sha1).hexdigest().upper()
    assert post(client, body, **{"X-Hub-Signature": bare}).status_code == 202
    assert len(queue) == 1


def test_rotated_secrets_both_verify(settings, redis_client, queue):
    app = create_app(settings.with_overrides(zammad_webhook_secret=f"old-one, {SECRET}"))
    client = app.test_client()
    body = fixture("article_customer_en.json")
    other_article = body.replace(b'"id": 419', b'"id": 420')
    assert post(client, body, secret="old-one", delivery="a").status_code == 202
    assert post(client, other_article, secret=SECRET, delivery="b").status_code == 202
    assert post(client, body, secret="other", delivery="c").status_code == 401
    assert len(queue) == 2


def test_a_replayed_body_with_a_new_delivery_id_is_a_duplicate(client, queue):
    # X-Zammad-Delivery is not signed: an attacker can send a captured body with new ones.
    body = fixture("article_customer_en.json")
    assert post(client, body, delivery="d-1").status_code == 202
    for delivery in ("d-2", "forged-3", "d-1"):
        replay = post(client, body, delivery=delivery)
        assert (replay.status_code, replay.json["status"]) == (200, "duplicate")
    assert len(queue) == 1
    # The next article of the same ticket is a new message, accepted as usual.
    assert post(client, body.replace(b'"id": 419', b'"id": 420'), delivery="d-2").status_code == 202
    assert len(queue) == 2


@pytest.mark.parametrize(
    "name,reason",
    [
        ("article_agent_reply.json", "agent"),
        ("article_internal_note.json", "internal"),
        ("ticket_updated_no_article.json", "no customer message"),
    ],
)
def test_non_customer_articles_are_ignored(client, queue, name, reason):
    response = post(client, fixture(name))
    assert_ignored(response, queue, reason)


def test_articles_created_by_our_api_user_are_ignored(client, queue):
    body = json.loads(fixture("article_customer_en.json"))
    body["article"]["created_by_id"] = int(API_USER)
    response = post(client, json.dumps(body).encode())
    assert_ignored(response, queue, "own API user")


def test_redelivery_is_deduplicated_by_article_id(client, queue, redis_client):
    body = fixture("article_customer_en.json")
    first = post(client, body, delivery="same")
    second = post(client, body, delivery="same")
    assert (first.status_code, second.status_code) == (202, 200)
    assert second.json["status"] == "duplicate"
    assert len(queue) == 1
    assert len(redis_client.keys("he:delivery:*")) == 1


def test_tampered_body_fails_the_signature(client, queue):
    body = fixture("article_customer_en.json")
    signature = hub_signature(SECRET, body)
    tampered = body.replace(b"THIRD", b"FIRST")
    assert post(client, tampered, **{"X-Hub-Signature": signature}).status_code == 401
    assert len(queue) == 0


def test_route_is_absent_when_zammad_is_not_configured(redis_server, redis_client):
    settings = Settings(redis_url=redis_server.url, webhook_signing_secret="zendesk-only")
    response = post(create_app(settings).test_client(), fixture("article_customer_en.json"))
    assert response.status_code == 404
    assert response.is_json
