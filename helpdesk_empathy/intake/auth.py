"""Authenticity checks for Zammad (HMAC-SHA1 hub signature) and Freshdesk (shared token): pure."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from helpdesk_empathy.helpdesks.zendesk.signature import SignatureError

HUB_PREFIX = "sha1="


def split_secrets(raw: str) -> list[str]:
    """Comma-separated secrets allow rotation: the old and the new one both work meanwhile."""
    return [secret.strip() for secret in raw.split(",") if secret.strip()]


def hub_signature(secret: str, body: bytes) -> str:
    """`sha1=<hex>` of HMAC-SHA1(secret, raw body), as Zammad sends in X-Hub-Signature."""
    return HUB_PREFIX + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()


def verify_hub_signature(secrets: Iterable[str], header: str | None, body: bytes) -> None:
    """Raise SignatureError unless one secret signs the body; `sha1=<hex>` or bare hex."""
    secrets = list(secrets)
    if not secrets:
        raise SignatureError("no signature token is configured for this helpdesk")
    if not header or not header.strip():
        raise SignatureError("missing X-Hub-Signature header")
    presented = header.strip()
    if presented[: len(HUB_PREFIX)].lower() == HUB_PREFIX:
        presented = presented[len(HUB_PREFIX) :]
    presented_bytes = presented.lower().encode()
    matched = False
    for secret in secrets:
        expected = hub_signature(secret, body)[len(HUB_PREFIX) :].encode()
        # Check every secret so the timing does not reveal which one (if any) matched.
        matched |= hmac.compare_digest(expected, presented_bytes)
    if not matched:
        raise SignatureError("signature does not match")


def verify_token(tokens: Iterable[str], presented: str | None) -> None:
    """Raise SignatureError unless `presented` equals one configured token (constant time)."""
    tokens = list(tokens)
    if not tokens:
        raise SignatureError("no webhook token is configured for this helpdesk")
    if not presented:
        raise SignatureError("missing webhook token (header or ?token=)")
    presented_bytes = presented.strip().encode()
    matched = False
    for token in tokens:
        matched |= hmac.compare_digest(token.encode(), presented_bytes)
    if not matched:
        raise SignatureError("webhook token does not match")
