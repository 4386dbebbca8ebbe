"""Unsafe settings are not accepted silently: the public test secret is warned about at start
and failed by doctor, short admin tokens stop start-up, wrong dashboard tokens lock a client."""

from __future__ import annotations

import io
import logging

import pytest

from helpdesk_empathy.cli.doctor import doctor
from helpdesk_empathy.cli.serve import warn_unsafe
from helpdesk_empathy.config import ZENDESK_TEST_SECRET, Settings, validate_for_web
from helpdesk_empathy.errors import ConfigError
from helpdesk_empathy.intake.app import create_app
from helpdesk_empathy.ops import dashboard_guard

TOKEN = "a-long-enough-admin-token"


@pytest.fixture
def settings(redis_server):
    return Settings(
        redis_url=redis_server.url, webhook_signing_secret="real-secret", admin_token=TOKEN
    )


UNSAFE = {
    "only the test secret": {"allow_test_secret": True, "webhook_signing_secret": ""},
    "test secret beside a real one": {"allow_test_secret": True},
    "test secret as the secret": {"webhook_signing_secret": f"real-secret,{ZENDESK_TEST_SECRET}"},
}


@pytest.mark.parametrize("changes", UNSAFE.values(), ids=UNSAFE.keys())
def test_the_public_test_secret_is_warned_about_at_start(settings, redis_client, changes, caplog):
    unsafe = settings.with_overrides(**changes)
    banner = io.StringIO()
    warn_unsafe(unsafe, banner)
    assert "WARNING" in banner.getvalue() and "test secret" in banner.getvalue()
    with caplog.at_level(logging.WARNING):
        create_app(unsafe)
    assert any("UNSAFE SETTING" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("changes", UNSAFE.values(), ids=UNSAFE.keys())
def test_doctor_fails_the_public_test_secret(settings, changes):
    out = io.StringIO()
    assert doctor(settings.with_overrides(**changes), None, out) == 1
    assert "[FAIL] test secret:" in out.getvalue()


def test_a_real_secret_gives_no_warning(settings, redis_client, caplog):
    banner = io.StringIO()
    warn_unsafe(settings, banner)
    with caplog.at_level(logging.WARNING):
        create_app(settings)
    assert banner.getvalue() == ""
    assert not any("UNSAFE SETTING" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("token", ["short", "fifteen-chars-x", "   padded-15-chars   "])
def test_admin_tokens_need_sixteen_characters(settings, token):
    with pytest.raises(ConfigError, match="ADMIN_TOKEN must be at least 16 characters"):
        validate_for_web(settings.with_overrides(admin_token=token))
    validate_for_web(settings.with_overrides(admin_token="sixteen-chars-ok"))


def test_wrong_dashboard_tokens_lock_the_client_out(settings, redis_client):
    client = create_app(settings).test_client()
    other = {"environ_base": {"REMOTE_ADDR": "10.0.0.9"}}
    assert client.get("/dashboard").status_code == 401  # no token offered: not a guess
    for _ in range(dashboard_guard.MAX_FAILURES):
        assert client.get("/dashboard?token=guess-0123456789").status_code == 401
    locked = client.get(f"/dashboard?token={TOKEN}")
    assert locked.status_code == 429  # even the right token, until the window ends
    assert locked.json["status"] == "rejected"
    assert 0 < int(locked.headers["Retry-After"]) <= dashboard_guard.WINDOW_SECONDS
    # Another client is not affected, and the addresses are not kept in clear.
    assert client.get(f"/dashboard?token={TOKEN}", **other).status_code == 200
    stored = [key.decode() for key in redis_client.keys("he:dashboard:*")]
    assert stored and not any("127.0.0.1" in key for key in stored)


def test_a_right_token_clears_earlier_mistakes(settings, redis_client):
    client = create_app(settings).test_client()
    for _ in range(dashboard_guard.MAX_FAILURES - 1):
        client.get("/dashboard", headers={"Authorization": "Bearer wrong-token-123456"})
    assert client.get("/dashboard", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    for _ in range(dashboard_guard.MAX_FAILURES - 1):
        client.get("/dashboard", headers={"Authorization": "Bearer wrong-token-123456"})
    assert client.get("/dashboard", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
