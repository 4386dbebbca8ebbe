"""The sidebar app's request token: an HS256 JWT signed by Zendesk's proxy with the app's secret.

The panel asks ZAF to sign a short-lived token (`client.request({jwt: {algorithm: 'HS256',
secret_key: '{{setting.shared_secret}}', ...}})`); the secure setting never reaches the browser.
We accept HS256 only (never `none`, never a public-key algorithm fed a shared secret), require
`exp` and `iat`, refuse a token that lives longer than MAX_LIFETIME_SECONDS, and, when the
token carries `body_sha256`, refuse a body that is not the one that was signed.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from typing import Any

import jwt

ALGORITHM = "HS256"
MAX_LIFETIME_SECONDS = 300  # `exp` at most five minutes ahead
CLOCK_SKEW_SECONDS = 30  # Zendesk's clock and ours may differ a little
BODY_HASH_CLAIM = "body_sha256"


class TokenError(Exception):
    """The request's token is missing, malformed, badly signed, expired or not yet valid."""


def bearer_token(header: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` header; TokenError if there is none."""
    if not header or not header.strip():
        raise TokenError("missing Authorization: Bearer token")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise TokenError("Authorization must be 'Bearer <token>'")
    return token.strip()


def _check_header(token: str) -> None:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise TokenError("token is not a well-formed JWT") from None
    if header.get("alg") != ALGORITHM:
        raise TokenError(f"token algorithm must be {ALGORITHM}, got {header.get('alg')!r}")


def _decode(token: str, secret: str, now: float) -> dict[str, Any]:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "iat"], "verify_exp": False, "verify_iat": False},
        )
    except jwt.InvalidSignatureError:
        raise TokenError("token signature does not match") from None
    except jwt.MissingRequiredClaimError as error:
        raise TokenError(f"token has no {error.claim!r} claim") from None
    except jwt.PyJWTError as error:
        raise TokenError(f"token is not valid: {error}") from None
    return claims


def _check_times(claims: Mapping[str, Any], now: float) -> None:
    """Our own, explicit time checks (the library's are off so every case has one reason)."""
    exp, iat = claims.get("exp"), claims.get("iat")
    for name, value in (("exp", exp), ("iat", iat)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TokenError(f"token {name!r} must be a number of seconds")
    if exp <= now - CLOCK_SKEW_SECONDS:
        raise TokenError("token has expired")
    if iat > now + CLOCK_SKEW_SECONDS:
        raise TokenError("token is issued in the future (iat)")
    if exp > now + MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS:
        raise TokenError(f"token expires more than {MAX_LIFETIME_SECONDS} seconds ahead")
    if exp - iat > MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS:
        raise TokenError(f"token lives longer than {MAX_LIFETIME_SECONDS} seconds")


def verify(token: str, secrets: Iterable[str], *, now: float) -> dict[str, Any]:
    """The claims of a token signed by one of `secrets` (rotation), or TokenError why not."""
    secrets = [secret for secret in secrets if secret]
    if not secrets:
        raise TokenError("the app secret is not configured")
    _check_header(token)
    claims: dict[str, Any] | None = None
    mismatch: TokenError | None = None
    for secret in secrets:
        try:
            claims = _decode(token, secret, now)
            break
        except TokenError as error:
            mismatch = error
    if claims is None:
        raise mismatch or TokenError("token signature does not match")
    _check_times(claims, now)
    return claims


def check_body(claims: Mapping[str, Any], body: bytes) -> None:
    """If the token names a body (sha256 hex), the request must carry exactly that body."""
    expected = claims.get(BODY_HASH_CLAIM)
    if expected is None:
        return
    actual = hashlib.sha256(body).hexdigest()
    if not isinstance(expected, str) or not hmac.compare_digest(expected.lower(), actual):
        raise TokenError("the request body is not the one the token was signed for")


def sign(claims: Mapping[str, Any], secret: str) -> str:
    """An HS256 token, as Zendesk's proxy makes them (for tests, benchmarks and local try-outs)."""
    return jwt.encode(dict(claims), secret, algorithm=ALGORITHM)
