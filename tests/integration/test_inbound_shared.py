"""What every helpdesk's webhook does alike, for each kind in the helpdesk registry: bad input
is refused with a JSON reason and enqueues nothing, a Redis outage answers 503 to retry."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks import registry
from helpdesk_empathy.helpdesks.zendesk.signature import signed_headers
from helpdesk_empathy.intake.app import create_app
from helpdesk_empathy.intake.auth import hub_signature

FIXTURES = Path(__file__).parents[1] / "fixtures"
ZENDESK_SECRET = "c2hhcmVkLWluYm91bmQtc2VjcmV0"
ZAMMAD_SECRET = "shared-inbound-zammad"
FRESHDESK_TOKEN = "shared-inbound-freshdesk"
MAX_BODY = 64 * 1024


def zendesk_headers(body: bytes) -> dict[str, str]:
    return signed_headers(ZENDESK_SECRET, body, invocation_id=uuid.uuid4().hex, at=time.time())


def zammad_headers(body: bytes) -> dict[str, str]:
    return {
        "X-Hub-Signature": hub_signature(ZAMMAD_SECRET, body),
        "X-Zammad-Delivery": uuid.uuid4().hex,
    }


def freshdesk_headers(body: bytes) -> dict[str, str]:
    return {"X-Helpdesk-Empathy-Token": FRESHDESK_TOKEN}


# Per kind: how a genuine delivery is authenticated, the header that proves it, a real body.
GENUINE: dict[str, tuple[Callable[[bytes], dict[str, str]], str, str]] = {
    "zendesk": (zendesk_headers, "X-Zendesk-Webhook-Signature", "webhooks/trigger_comment_en.json"),
    "zammad": (zammad_headers, "X-Hub-Signature", "zammad/article_customer_en.json"),
    "freshdesk": (
        freshdesk_headers,
        "X-Helpdesk-Empathy-Token",
        "freshdesk/reply_customer_en.json",
    ),
}
KINDS = [kind.name for kind in registry.KINDS]
BAD_INPUTS = {
    "malformed json": (b'{"ticket": ', {}, 400),
    "json array": (b"[1]", {}, 400),
    "nested too deeply": (b"[" * 30_000 + b"]" * 30_000, {}, 400),
    "lone surrogate": (b'{"ticket": "\\ud800"}', {}, 400),
    "wrong content type": (b"{}", {"Content-Type": "text/plain"}, 415),
    "no proof of origin": (b"{}", {"proof": None}, 401),
    "wrong proof of origin": (b"{}", {"proof": "sha1=" + "0" * 40}, 401),
    "oversized body": (b'{"x": "' + b"a" * 70_000 + b'"}', {}, 413),
}

# Each kind's own refusals (its schema, its headers), checked the same way.
OWN_BAD_INPUTS = {
    "zendesk": {
        "invalid utf-8": (b'{"ticket": "\xff\xfe"}', {}, 400),
        "schema: missing ticket": (b'{"account": "x"}', {}, 400),
        "schema: bad id": (b'{"ticket": {"id": "DROP TABLE"}}', {}, 400),
        "schema: empty ticket id": (b'{"ticket": {"id": ""}}', {}, 400),
        "schema: tags wrong type": (
            b'{"ticket": {"id": "1", "tags": 5}}',
            {},
            400,
        ),
        "envelope without detail id": (
            b'{"type": "zen:event-type:ticket.created", "id": "e", "detail": {}}',
            {},
            400,
        ),
        "missing invocation id": (
            b'{"ticket": {"id": "1"}}',
            {"X-Zendesk-Webhook-Invocation-Id": None},
            400,
        ),
        "missing timestamp": (b"{}", {"X-Zendesk-Webhook-Signature-Timestamp": None}, 401),
    },
    "zammad": {
        "schema: missing ticket": (b'{"article": {"body": "x"}}', {}, 400),
        "schema: bad ticket id": (b'{"ticket": {"id": "DROP"}, "article": {"body": "x"}}', {}, 400),
        "schema: article without body": (b'{"ticket": {"id": 1}, "article": {"id": 2}}', {}, 400),
        "schema: tags wrong type": (b'{"ticket": {"id": 1, "tags": 5}}', {}, 400),
        "missing delivery id": (b'{"ticket": {"id": 1}}', {"X-Zammad-Delivery": None}, 400),
        "sha256 is not sha1": (b"{}", {"X-Hub-Signature": "sha256=abcd"}, 401),
    },
    "freshdesk": {
        "schema: missing ticket": (b'{"triggered_event": ""}', {}, 400),
        "schema: bad id": (b'{"ticket": {"id": "{{ticket.id}}", "description": "x"}}', {}, 400),
        "schema: tags wrong type": (
            b'{"ticket": {"id": "1", "description": "x", "tags": 3}}',
            {},
            400,
        ),
    },
}


@pytest.fixture
def settings(redis_server):
    return Settings(redis_url=redis_server.url, max_body_bytes=MAX_BODY).with_overrides(
        webhook_signing_secret=ZENDESK_SECRET,
        zammad_webhook_secret=ZAMMAD_SECRET,
        freshdesk_webhook_token=FRESHDESK_TOKEN,
    )


def post(client, kind: str, body: bytes, **overrides: str | None):
    sign, proof, _ = GENUINE[kind]
    headers = {"Content-Type": "application/json", **sign(body)}
    if "proof" in overrides:
        overrides[proof] = overrides.pop("proof")
    headers.update(overrides)
    headers = {name: value for name, value in headers.items() if value is not None}
    return client.post(f"/webhooks/{kind}", data=body, headers=headers)


def test_every_kind_in_the_registry_is_covered():
    assert set(KINDS) == set(GENUINE) == set(OWN_BAD_INPUTS)


@pytest.mark.parametrize("case", list(BAD_INPUTS))
@pytest.mark.parametrize("kind", KINDS)
def test_bad_input_gets_a_json_reason_and_enqueues_nothing(client, queue, redis_client, kind, case):
    body, overrides, status = BAD_INPUTS[case]
    response = post(client, kind, body, **overrides)
    assert response.status_code == status
    assert response.is_json and response.json["reason"]
    assert len(queue) == 0
    assert not redis_client.keys("he:delivery:*")


@pytest.mark.parametrize("kind", KINDS)
def test_a_genuine_delivery_is_queued(client, queue, kind):
    body = (FIXTURES / GENUINE[kind][2]).read_bytes()
    response = post(client, kind, body)
    assert response.status_code == 202, response.json
    assert len(queue) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_redis_down_answers_503_so_the_helpdesk_retries(settings, kind):
    client = create_app(settings.with_overrides(redis_url="redis://127.0.0.1:1/0")).test_client()
    response = post(client, kind, (FIXTURES / GENUINE[kind][2]).read_bytes())
    assert response.status_code == 503
    assert response.headers["Retry-After"]
