"""Timing safety of signature checks, shown by behaviour rather than by a stopwatch:
every comparison goes through hmac.compare_digest, and every secret is tried every time."""

from __future__ import annotations

import hmac
import time

import pytest

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.zendesk import signature as signatures
from helpdesk_empathy.helpdesks.zendesk.signature import (
    SignatureError,
    sign,
    signed_headers,
    verify,
)
from helpdesk_empathy.intake.app import create_app

BODY = b'{"ticket": {"id": "1", "latest_comment": "hello"}}'
TIMESTAMP = "2026-11-23T18:39:27Z"
NOW = signatures.parse_timestamp(TIMESTAMP) + 10
SECRETS = ["first-secret", "second-secret", "third-secret"]


@pytest.fixture
def comparisons(monkeypatch):
    """Record each constant-time comparison verify() makes (the real function still runs)."""
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(signatures.hmac, "compare_digest", spy)
    return calls


def run_verify(signature: str | None, **changes) -> bool:
    """Whether verify() accepts `signature` over TIMESTAMP and BODY at NOW, or `changes`."""
    values = {"secrets": SECRETS, "timestamp": TIMESTAMP, "body": BODY, "now": NOW}
    try:
        verify(signature=signature, window_seconds=300, **{**values, **changes})
    except SignatureError:
        return False
    return True


@pytest.mark.parametrize("matching", [None, *SECRETS])
def test_every_secret_is_compared_whichever_matches(comparisons, matching):
    signature = sign(matching, TIMESTAMP, BODY) if matching else "AAAA" + sign("x", TIMESTAMP, BODY)
    assert run_verify(signature) is (matching is not None)
    # Same work whether the first, the last or no secret matches: nothing to time.
    assert len(comparisons) == len(SECRETS)
    expected = {sign(secret, TIMESTAMP, BODY).encode() for secret in SECRETS}
    assert {a for a, _ in comparisons} == expected
    assert all(b == signature.encode() for _, b in comparisons)


def test_a_near_miss_is_compared_in_constant_time_and_refused(comparisons):
    good = sign(SECRETS[0], TIMESTAMP, BODY)
    near = good[:-2] + ("A" if good[-2] != "A" else "B") + good[-1]
    assert run_verify(near) is False
    assert len(comparisons) == len(SECRETS)  # no early exit on a long common prefix


def test_there_is_no_other_equality_test_on_signatures():
    """verify() never compares signatures with == (which stops at the first differing byte)."""
    import inspect

    source = inspect.getsource(signatures.verify)
    assert "compare_digest" in source
    assert "expected ==" not in source and "== expected" not in source
    assert "presented ==" not in source and "== presented" not in source


def test_signature_over_timestamp_and_body_both_matter():
    signature = sign(SECRETS[1], TIMESTAMP, BODY)
    assert run_verify(signature)
    assert not run_verify(signature, body=BODY + b" ")
    assert not run_verify(signature, timestamp="2026-11-23T18:39:28Z")


@pytest.mark.parametrize(
    "age,accepted", [(0, True), (299, True), (301, False), (-30, True), (-120, False)]
)
def test_replay_window_edges(age, accepted):
    """Older than the window is refused; a little clock skew ahead is tolerated, more is not."""
    signature = sign(SECRETS[0], TIMESTAMP, BODY)
    now = signatures.parse_timestamp(TIMESTAMP) + age
    assert run_verify(signature, now=now) is accepted


def test_body_size_limit_is_enforced_before_anything_is_parsed(redis_server, redis_client):
    settings = Settings(
        redis_url=redis_server.url, webhook_signing_secret=SECRETS[0], max_body_bytes=1024
    )
    client = create_app(settings).test_client()
    for size, status in ((1000, 400), (1025, 413), (10 * 1024 * 1024, 413)):
        body = b'{"x": "' + b"a" * (size - 9) + b'"}'
        headers = signed_headers(SECRETS[0], body, invocation_id=f"s{size}", at=time.time())
        response = client.post("/webhooks/zendesk", data=body, headers=headers)
        assert response.status_code == status, size
        assert response.is_json and response.json["reason"]
    assert redis_client.dbsize() == 0
