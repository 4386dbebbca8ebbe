"""doctor: every check passes on a correct set-up and explains each broken one."""

from __future__ import annotations

import io
import socket

import pytest
import responses

from helpdesk_empathy.commands.doctor import doctor
from helpdesk_empathy.commands.install import install
from helpdesk_empathy.config import Settings
from helpdesk_empathy.stub import run_stub_in_thread

HOOK = "https://support-tools.example.com/webhooks/zendesk"


@pytest.fixture
def installed(redis_server):
    """A stub account after `install`, and settings configured as install told us."""
    url, state, shutdown = run_stub_in_thread()
    settings = Settings(zendesk_base_url=url, zendesk_email="bot@acme.test", zendesk_api_token="t")
    install(settings, HOOK, dry_run=False, out=io.StringIO())
    (webhook_id,) = state.webhooks
    settings = settings.with_overrides(
        webhook_signing_secret=state.webhook_secrets[webhook_id],
        zendesk_api_user_id=str(state.api_user["id"]),
        redis_url=redis_server.url,
    )
    yield settings, state
    shutdown()


def run_doctor(settings: Settings, url: str | None = HOOK) -> tuple[int, str]:
    out = io.StringIO()
    return doctor(settings, url, out), out.getvalue()


def test_all_good(installed):
    settings, _ = installed
    code, text = run_doctor(settings)
    assert code == 0 and "all good" in text
    assert "FAIL" not in text and "warn" not in text


def test_wrong_signing_secret_is_explained(installed):
    settings, _ = installed
    code, text = run_doctor(settings.with_overrides(webhook_signing_secret="bm9wZQ=="))
    assert code == 1 and "[FAIL] signing secret" in text and "rejected" in text


def test_missing_trigger_and_changed_url(installed):
    settings, state = installed
    state.triggers.clear()
    code, text = run_doctor(settings, "https://elsewhere.example.com/webhooks/zendesk")
    assert code == 1
    assert "[FAIL] trigger: no helpdesk-empathy trigger" in text
    assert "[FAIL] webhook" in text and "run install again" in text


def test_modified_trigger_is_flagged(installed):
    settings, state = installed
    (trigger,) = state.triggers.values()
    trigger["conditions"] = {"all": [{"field": "update_type", "operator": "is", "value": "Change"}]}
    code, text = run_doctor(settings)
    assert code == 1 and "conditions differ" in text


def test_unset_api_user_is_a_warning_not_a_failure(installed):
    settings, _ = installed
    code, text = run_doctor(settings.with_overrides(zendesk_api_user_id=""))
    assert code == 0 and "[warn] loop guard" in text and "9000001" in text


def test_no_webhook_points_to_install(installed):
    settings, state = installed
    state.triggers.clear()
    state.webhooks.clear()
    code, text = run_doctor(settings)
    assert code == 1 and "run `helpdesk-empathy install`" in text


def test_unreachable_redis(installed):
    settings, _ = installed
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, text = run_doctor(settings.with_overrides(redis_url=f"redis://127.0.0.1:{port}/0"))
    assert code == 1 and "[FAIL] redis: cannot reach Redis" in text


@responses.activate
def test_refused_credentials(redis_server):
    responses.get(
        "https://acme.zendesk.com/api/v2/users/me.json",
        status=401,
        json={"error": "Couldn't authenticate you"},
    )
    settings = Settings(
        zendesk_subdomain="acme",
        zendesk_email="x@y.z",
        zendesk_api_token="bad",
        redis_url=redis_server.url,
    )
    code, text = run_doctor(settings)
    assert code == 1 and "authentication failed" in text and "bad" not in text


def test_missing_credentials(redis_server):
    code, text = run_doctor(Settings(zendesk_subdomain="acme", redis_url=redis_server.url))
    assert code == 1 and "[FAIL] credentials" in text and "ZENDESK_API_TOKEN" in text
