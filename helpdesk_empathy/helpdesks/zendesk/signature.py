"""Zendesk webhook signature checks: pure functions, constant-time comparison."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from datetime import UTC, datetime


class SignatureError(Exception):
    """The delivery is not provably from our helpdesk; the message says why (no secrets)."""


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """base64(HMAC-SHA256(secret, timestamp + body)), exactly as Zendesk computes it."""
    digest = hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def parse_timestamp(timestamp: str) -> float:
    """Zendesk sends ISO 8601 UTC, e.g. 2026-11-23T18:39:27Z; return epoch seconds."""
    try:
        return datetime.fromisoformat(timestamp.strip().replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise SignatureError("signature timestamp is not an ISO 8601 date") from None


def verify(
    *,
    secrets: Iterable[str],
    signature: str | None,
    timestamp: str | None,
    body: bytes,
    now: float,
    window_seconds: int,
) -> None:
    """Raise SignatureError unless one secret signs timestamp+body and the timestamp is fresh."""
    if not signature or not timestamp:
        raise SignatureError("missing signature or signature timestamp header")
    sent_at = parse_timestamp(timestamp)
    # Zendesk documents no replay window; we add one, allowing a little clock skew ahead.
    if now - sent_at > window_seconds or sent_at - now > 60:
        raise SignatureError("signature timestamp is outside the replay window")
    presented = signature.strip().encode()
    matched = False
    for secret in secrets:
        expected = sign(secret, timestamp, body).encode()
        # Check every secret so the timing does not reveal which one (if any) matched.
        matched |= hmac.compare_digest(expected, presented)
    if not matched:
        raise SignatureError("signature does not match")


def signed_headers(secret: str, body: bytes, *, invocation_id: str, at: float) -> dict[str, str]:
    """The headers Zendesk sends with a delivery; used by the demo, benchmarks and tests."""
    timestamp = datetime.fromtimestamp(at, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "Content-Type": "application/json",
        "X-Zendesk-Webhook-Signature": sign(secret, timestamp, body),
        "X-Zendesk-Webhook-Signature-Timestamp": timestamp,
        "X-Zendesk-Webhook-Invocation-Id": invocation_id,
        "X-Zendesk-Webhook-Id": "01HDEMO0000000000000000000",
        "X-Zendesk-Account-Id": "22129848",
    }
