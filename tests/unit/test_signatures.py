"""Signature vectors: valid, tampered body, wrong secret, stale or future timestamp, no headers."""

import base64
import hashlib
import hmac

import pytest

from helpdesk_empathy.config import ZENDESK_TEST_SECRET
from helpdesk_empathy.helpdesks.zendesk.signature import (
    SignatureError,
    parse_timestamp,
    sign,
    signed_headers,
    verify,
)

BODY = b'{"ticket": {"id": "1", "latest_comment": "hello"}}'
TIMESTAMP = "2026-11-23T18:00:00Z"
NOW = parse_timestamp(TIMESTAMP) + 10


def check(signature, *, secrets=(ZENDESK_TEST_SECRET,), timestamp=TIMESTAMP, body=BODY, now=NOW):
    verify(
        secrets=secrets,
        signature=signature,
        timestamp=timestamp,
        body=body,
        now=now,
        window_seconds=300,
    )


def test_sign_matches_an_independent_computation():
    expected = base64.b64encode(
        hmac.new(ZENDESK_TEST_SECRET.encode(), TIMESTAMP.encode() + BODY, hashlib.sha256).digest()
    ).decode()
    assert sign(ZENDESK_TEST_SECRET, TIMESTAMP, BODY) == expected


def test_valid_signature_passes():
    check(sign(ZENDESK_TEST_SECRET, TIMESTAMP, BODY))


def test_any_of_several_secrets_passes_for_rotation():
    check(sign("new-secret", TIMESTAMP, BODY), secrets=("old-secret", "new-secret"))


def test_tampered_body_fails():
    signature = sign(ZENDESK_TEST_SECRET, TIMESTAMP, BODY)
    with pytest.raises(SignatureError, match="does not match"):
        check(signature, body=BODY.replace(b"hello", b"hellO"))


def test_wrong_secret_fails():
    with pytest.raises(SignatureError, match="does not match"):
        check(sign("not-the-secret", TIMESTAMP, BODY))


def test_signature_over_other_timestamp_fails():
    with pytest.raises(SignatureError, match="does not match"):
        check(sign(ZENDESK_TEST_SECRET, "2026-11-23T18:00:01Z", BODY))


def test_stale_timestamp_fails_even_when_correctly_signed():
    signature = sign(ZENDESK_TEST_SECRET, TIMESTAMP, BODY)
    with pytest.raises(SignatureError, match="replay window"):
        check(signature, now=NOW + 301)


def test_timestamp_far_in_the_future_fails():
    signature = sign(ZENDESK_TEST_SECRET, TIMESTAMP, BODY)
    with pytest.raises(SignatureError, match="replay window"):
        check(signature, now=NOW - 200)


@pytest.mark.parametrize("signature,timestamp", [(None, TIMESTAMP), ("abc", None), ("", "")])
def test_missing_headers_fail(signature, timestamp):
    with pytest.raises(SignatureError, match="missing"):
        check(signature, timestamp=timestamp)


def test_unparseable_timestamp_fails():
    with pytest.raises(SignatureError, match="ISO 8601"):
        check("abc", timestamp="yesterday")


def test_no_configured_secret_never_passes():
    with pytest.raises(SignatureError):
        check(sign("", TIMESTAMP, BODY), secrets=())


def test_signed_headers_verify():
    headers = signed_headers("s3cret", BODY, invocation_id="inv-1", at=NOW)
    check(
        headers["X-Zendesk-Webhook-Signature"],
        secrets=("s3cret",),
        timestamp=headers["X-Zendesk-Webhook-Signature-Timestamp"],
        now=NOW,
    )
    assert headers["X-Zendesk-Webhook-Invocation-Id"] == "inv-1"
