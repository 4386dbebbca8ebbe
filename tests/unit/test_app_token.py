"""The sidebar app's HS256 tokens: only a fresh, short-lived token signed with our secret passes."""

import base64
import hashlib
import hmac
import json

import jwt
import pytest

from helpdesk_empathy.intake import app_token
from helpdesk_empathy.intake.app_token import TokenError, bearer_token, check_body, verify

SECRET = "the-shared-secret-0123456789abcdef-0123456789"
NOW = 1_760_000_000.0


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def raw_token(header: dict, claims: dict, secret: str = SECRET) -> str:
    """A token built by hand, so tests can forge what a library would refuse to make."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


def good_claims(**changes) -> dict:
    claims = {"iat": int(NOW) - 2, "exp": int(NOW) + 58, "account": "acme"}
    claims.update(changes)
    return claims


def test_a_fresh_token_signed_with_the_secret_passes():
    claims = verify(app_token.sign(good_claims(), SECRET), [SECRET], now=NOW)
    assert claims["account"] == "acme"


def test_either_secret_passes_while_rotating():
    token = app_token.sign(good_claims(), "new-secret-0123456789abcdef-0123456789abcdef")
    assert (
        verify(
            token,
            [
                "old-secret-0123456789abcdef-0123456789abcdef",
                "new-secret-0123456789abcdef-0123456789abcdef",
            ],
            now=NOW,
        )["account"]
        == "acme"
    )


@pytest.mark.parametrize("header", [None, "", "   ", "Basic dXNlcjpwYXNz", "Bearer", "Bearer  "])
def test_a_missing_or_non_bearer_header_is_refused(header):
    with pytest.raises(TokenError):
        bearer_token(header)


def test_bearer_header_gives_the_token():
    assert bearer_token("Bearer abc.def.ghi") == "abc.def.ghi"
    assert bearer_token("bearer abc.def.ghi") == "abc.def.ghi"


def test_a_token_signed_with_another_secret_is_refused():
    with pytest.raises(TokenError, match="signature"):
        verify(
            app_token.sign(good_claims(), "someone-else-0123456789abcdef-0123456789abcd"),
            [SECRET],
            now=NOW,
        )


def test_no_secret_configured_refuses_everything():
    with pytest.raises(TokenError, match="not configured"):
        verify(app_token.sign(good_claims(), SECRET), ["", ""], now=NOW)


def test_alg_none_is_refused_even_without_a_signature():
    header = b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    body = b64(json.dumps(good_claims()).encode())
    for token in (f"{header}.{body}.", f"{header}.{body}"):
        with pytest.raises(TokenError):
            verify(token, [SECRET], now=NOW)


@pytest.mark.parametrize("alg", ["HS512", "HS384", "RS256", "ES256", "None", "hs256"])
def test_any_algorithm_but_hs256_is_refused_even_when_hmac_signed(alg):
    # Signed with the right secret (HMAC-SHA256), only the header's alg differs.
    token = raw_token({"alg": alg, "typ": "JWT"}, good_claims())
    with pytest.raises(TokenError, match="algorithm"):
        verify(token, [SECRET], now=NOW)


@pytest.mark.filterwarnings("ignore:The HMAC key")  # a 64-byte key is not the point here
def test_hs512_signed_with_the_secret_is_refused():
    token = jwt.encode(good_claims(), SECRET, algorithm="HS512")
    with pytest.raises(TokenError, match="algorithm"):
        verify(token, [SECRET], now=NOW)


def test_an_expired_token_is_refused():
    token = app_token.sign(good_claims(iat=int(NOW) - 200, exp=int(NOW) - 100), SECRET)
    with pytest.raises(TokenError, match="expired"):
        verify(token, [SECRET], now=NOW)


def test_a_token_issued_in_the_future_is_refused():
    token = app_token.sign(good_claims(iat=int(NOW) + 600, exp=int(NOW) + 660), SECRET)
    with pytest.raises(TokenError, match="future"):
        verify(token, [SECRET], now=NOW)


def test_small_clock_skew_is_tolerated():
    token = app_token.sign(good_claims(iat=int(NOW) + 10, exp=int(NOW) + 70), SECRET)
    assert verify(token, [SECRET], now=NOW)


@pytest.mark.parametrize("lifetime", [3600, 86400 * 365])
def test_a_token_that_expires_more_than_five_minutes_ahead_is_refused(lifetime):
    token = app_token.sign(good_claims(exp=int(NOW) + lifetime), SECRET)
    with pytest.raises(TokenError, match="300 seconds"):
        verify(token, [SECRET], now=NOW)


def test_exp_and_iat_are_required_and_numeric():
    for claims in ({"iat": int(NOW)}, {"exp": int(NOW) + 60}):
        with pytest.raises(TokenError, match="claim"):
            verify(app_token.sign(claims, SECRET), [SECRET], now=NOW)
    token = raw_token({"alg": "HS256", "typ": "JWT"}, good_claims(exp="tomorrow"))
    with pytest.raises(TokenError):
        verify(token, [SECRET], now=NOW)


def test_a_tampered_payload_breaks_the_signature():
    header, _, signature = app_token.sign(good_claims(), SECRET).split(".")
    forged = b64(json.dumps(good_claims(account="other-account")).encode())
    with pytest.raises(TokenError, match="signature"):
        verify(f"{header}.{forged}.{signature}", [SECRET], now=NOW)


@pytest.mark.parametrize("token", ["", "abc", "a.b", "a.b.c", "!!!.???.***", "e30.e30.e30"])
def test_garbage_is_refused_with_a_reason(token):
    with pytest.raises(TokenError):
        verify(token, [SECRET], now=NOW)


def test_a_body_other_than_the_signed_one_is_refused():
    body = b'{"ticket_id": 1, "comments": []}'
    claims = good_claims(body_sha256=hashlib.sha256(body).hexdigest())
    check_body(claims, body)
    with pytest.raises(TokenError, match="body"):
        check_body(claims, body.replace(b"1", b"2"))
    with pytest.raises(TokenError, match="body"):
        check_body(good_claims(body_sha256=12345), body)


def test_a_token_without_a_body_hash_accepts_any_body():
    check_body(good_claims(), b"anything")
