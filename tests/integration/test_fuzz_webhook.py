"""Fuzzing the webhook: hostile bodies and headers get a JSON 4xx or a 2xx, never a 500,
and nothing invalid reaches the queue (hypothesis, plus schemathesis from docs/openapi.yaml)."""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.zendesk.signature import signed_headers
from helpdesk_empathy.helpdesks.zendesk.webhook_schema import MAX_TEXT_CHARS
from helpdesk_empathy.pipeline.queue import payload_to_event

ROOT = Path(__file__).parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures" / "webhooks"
SECRET = "ZnV6ei1zZWNyZXQ="
MAX_BODY = 64 * 1024
EXAMPLES = 300
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    # The same inputs every run: CI must not pass or fail by the draw (e.g. a draw with no
    # oversized body would miss the 413 class that the report test requires).
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ANSWERS = {200, 202, 400, 401, 413, 415}
# How many inputs each test tried, by status: printed with `pytest -s` for the report.
TRIED: dict[str, Counter] = {}


@pytest.fixture
def settings(redis_server):  # for conftest's `client` and `queue`
    return Settings(
        redis_url=redis_server.url, webhook_signing_secret=SECRET, max_body_bytes=MAX_BODY
    )


def assert_valid_job(queue) -> None:
    """What a 202 put in Redis is a well-formed event: digits id, some text (or ids only, to
    be read by the worker), bounded sizes."""
    payload = queue.payloads()[-1]
    event = payload_to_event(payload)
    assert event.ticket_id and event.ticket_id.isascii() and event.ticket_id.isdigit()
    assert isinstance(event.text, str) and (event.text.strip() or event.fetch_text)
    assert len(event.text) <= MAX_TEXT_CHARS
    assert event.event_id and len(event.event_id) <= 200
    json.dumps(payload, ensure_ascii=False).encode()  # storable and sendable as UTF-8


def stored_keys(redis_client) -> set[bytes]:
    """What the receiver could have written: every key but other processes' RQ worker records."""
    return {key for key in redis_client.scan_iter() if not key.startswith(b"rq:worker")}


def check_answer(response, redis_client, queue, keys_before: set, queued_before: int) -> None:
    """The invariants every answer keeps, whatever was sent."""
    assert response.status_code in ANSWERS, (response.status_code, response.get_data()[:300])
    assert response.is_json
    document = response.get_json()
    assert isinstance(document, dict) and document.get("status")
    if response.status_code >= 400:
        assert isinstance(document.get("reason"), str) and document["reason"]
    if response.status_code == 202:
        assert len(queue) == queued_before + 1
        assert_valid_job(queue)
    else:
        # Refused, ignored or duplicate: Redis holds exactly what it held before.
        assert stored_keys(redis_client) == keys_before
        assert len(queue) == queued_before


# -- strategies ------------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "{{ticket.id}}",
            "\u0000",
            "٣٤",
            "１２３",
            "²",
            "-1",
            "1e3",
            " 42 ",
            "9" * 21,
            "12345",
            "zen:event-type:ticket.created",
            "zen:event-type:ticket.comment_added",
            "-- \nSent from my phone",
            "A" * (MAX_TEXT_CHARS + 1),
        ]
    ),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def _template(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


TEMPLATES = [
    _template(name)
    for name in (
        "trigger_comment_en.json",
        "trigger_comment_fr.json",
        "event_ticket_created.json",
        "event_comment_added.json",
    )
]


@st.composite
def mutated_payloads(draw) -> dict:
    """A real Zendesk payload with some fields deleted or replaced by hostile values."""
    document = json.loads(json.dumps(draw(st.sampled_from(TEMPLATES))))
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        node = document
        # Walk down a random path of nested objects, then damage one key there.
        while isinstance(node, dict) and node and draw(st.booleans()):
            child = node[draw(st.sampled_from(sorted(node)))]
            if not isinstance(child, dict) or not child:
                break
            node = child
        if not isinstance(node, dict) or not node:
            continue
        key = draw(st.sampled_from(sorted(node)))
        if draw(st.integers(min_value=0, max_value=3)) == 0:
            del node[key]
        else:
            node[key] = draw(JSON_VALUES)
    if draw(st.booleans()):
        document["id"] = uuid.uuid4().hex  # a fresh envelope id, so it is not a duplicate
    return document


def _nested(depth: int, kind: str) -> bytes:
    if kind == "list":
        return b"[" * depth + b"]" * depth
    return b'{"ticket": ' * depth + b"1" + b"}" * depth


BODIES = st.one_of(
    st.binary(max_size=300),  # mostly invalid UTF-8 and non-JSON
    JSON_VALUES.map(lambda value: json.dumps(value).encode()),
    mutated_payloads().map(lambda value: json.dumps(value).encode()),
    mutated_payloads().map(lambda value: json.dumps(value, ensure_ascii=False).encode()),
    mutated_payloads().map(lambda value: json.dumps(value).encode().replace(b"e", b"\xff", 1)),
    mutated_payloads().map(lambda v: json.dumps(v).encode().replace(b'"', b'"\\ud800', 1)),
    st.builds(
        _nested, st.integers(min_value=1, max_value=30_000), st.sampled_from(["list", "obj"])
    ),
    st.integers(min_value=MAX_BODY - 10, max_value=MAX_BODY * 2).map(
        lambda n: b'{"pad": "' + b"x" * n + b'"}'
    ),
)

SIGNATURE_BREAKERS = {
    "unsigned",
    "bad signature",
    "stale",
    "future",
    "garbage timestamp",
    "duplicate signature",
    "duplicate timestamp",
    "other secret",
}
HEADER_MODES = st.sampled_from(
    ["signed"] * 6
    + sorted(SIGNATURE_BREAKERS)
    + ["no invocation", "duplicate invocation", "long invocation", "text/plain", "charset"]
)


def build_headers(mode: str, body: bytes) -> list[tuple[str, str]]:
    now = time.time()
    at = now - 3600 if mode == "stale" else now + 600 if mode == "future" else now
    secret = "not-" + SECRET if mode == "other secret" else SECRET
    invocation = "x" * 5000 if mode == "long invocation" else uuid.uuid4().hex
    headers = list(signed_headers(secret, body, invocation_id=invocation, at=at).items())
    drop = {
        "unsigned": "X-Zendesk-Webhook-Signature",
        "no invocation": "X-Zendesk-Webhook-Invocation-Id",
    }.get(mode)
    headers = [(k, v) for k, v in headers if k != drop]
    replace = {
        "bad signature": ("X-Zendesk-Webhook-Signature", "bm90IGEgc2lnbmF0dXJl"),
        "garbage timestamp": ("X-Zendesk-Webhook-Signature-Timestamp", "yesterday"),
        "text/plain": ("Content-Type", "text/plain"),
        "charset": ("Content-Type", "application/json; charset=latin-1"),
    }.get(mode)
    if replace:
        headers = [(k, replace[1] if k == replace[0] else v) for k, v in headers]
    duplicate = {
        "duplicate signature": "X-Zendesk-Webhook-Signature",
        "duplicate timestamp": "X-Zendesk-Webhook-Signature-Timestamp",
        "duplicate invocation": "X-Zendesk-Webhook-Invocation-Id",
    }.get(mode)
    if duplicate:
        headers += [(k, v) for k, v in headers if k == duplicate]
    return headers


@FUZZ
@given(body=BODIES, mode=HEADER_MODES)
def test_hostile_bodies_and_headers_never_500_and_enqueue_nothing_invalid(
    client, redis_client, queue, body, mode
):
    keys_before, queued_before = stored_keys(redis_client), len(queue)
    response = client.post("/webhooks/zendesk", data=body, headers=build_headers(mode, body))
    TRIED.setdefault("hypothesis", Counter())[response.status_code] += 1
    check_answer(response, redis_client, queue, keys_before, queued_before)
    if len(body) > MAX_BODY:
        # Too large is refused before the body is read, whatever its declared type.
        assert response.status_code == 413
    elif mode == "text/plain":
        assert response.status_code == 415
    elif mode in SIGNATURE_BREAKERS:
        # An unproven sender never gets past the signature check, whatever the body.
        assert response.status_code == 401


SCHEMA = schemathesis.openapi.from_path(ROOT / "docs" / "openapi.yaml")
OPERATION = SCHEMA["/webhooks/zendesk"]["POST"]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_openapi_generated_deliveries_conform_and_enqueue_nothing_invalid(
    client, redis_client, queue, mode
):
    """Bodies and headers generated from our OpenAPI description, then signed (mostly)."""

    @hypothesis_settings(FUZZ, max_examples=200)
    @given(case=OPERATION.as_strategy(generation_mode=mode), sign=st.booleans())
    def run(case, sign):
        try:
            body = json.dumps(case.body).encode()
        except (TypeError, ValueError):
            return  # not expressible as JSON: nothing to send
        headers = {k: str(v) for k, v in (case.headers or {}).items()}
        headers["Content-Type"] = "application/json"
        if sign:
            invocation = headers.get("X-Zendesk-Webhook-Invocation-Id") or uuid.uuid4().hex
            headers.update(
                signed_headers(SECRET, body, invocation_id=invocation[:200], at=time.time())
            )
        keys_before, queued_before = stored_keys(redis_client), len(queue)
        response = client.post("/webhooks/zendesk", data=body, headers=headers)
        TRIED.setdefault(f"schemathesis-{mode.value}", Counter())[response.status_code] += 1
        check_answer(response, redis_client, queue, keys_before, queued_before)
        case.validate_response(response, checks=CHECKS)
        if len(body) > MAX_BODY:
            assert response.status_code == 413
        elif not sign:
            assert response.status_code == 401
        elif mode is GenerationMode.POSITIVE:
            # What the description promises is accepted (queued, a duplicate or ignored).
            assert response.status_code in {200, 202}, response.get_json()

    run()


def test_zz_report_how_many_inputs_were_tried():
    """Runs last in this file: the fuzzers really ran and reached every outcome class."""
    for name, counts in sorted(TRIED.items()):
        print(f"\n{name}: {sum(counts.values())} inputs, by status {dict(sorted(counts.items()))}")
    if "hypothesis" not in TRIED:
        pytest.skip("run together with the fuzz tests above")
    seen = TRIED["hypothesis"]
    assert sum(seen.values()) >= EXAMPLES // 2
    assert {202, 400, 401, 413, 415} <= set(seen)
