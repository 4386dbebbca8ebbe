"""doctor: every check passes on a correct set-up and explains each broken one."""

from __future__ import annotations

import io
import socket

import pytest
import responses

from helpdesk_empathy.analysis import compiled
from helpdesk_empathy.cli.doctor import doctor
from helpdesk_empathy.cli.install import install
from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.stubs import run_stub_in_thread
from helpdesk_empathy.dev.stubs.admin_objects import create_trigger, create_webhook
from helpdesk_empathy.helpdesks.zendesk.install import trigger_spec, webhook_spec
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings

HOOK = "https://support-tools.example.com/webhooks/zendesk"


def install_stub(redis_server, delivery: str):
    """A stub account after `install --delivery ...`, and settings as install told us."""
    url, state, shutdown = run_stub_in_thread()
    settings = Settings(zendesk=ZendeskSettings(base_url=url, email="bot@acme.test", api_token="t"))
    install(settings, HOOK, dry_run=False, out=io.StringIO(), delivery=delivery)
    (webhook_id,) = state.webhooks
    settings = settings.with_overrides(
        webhook_signing_secret=state.webhook_secrets[webhook_id],
        zendesk_api_user_id=str(state.api_user["id"]),
        redis_url=redis_server.url,
    )
    return settings, state, shutdown


@pytest.fixture(params=["events", "trigger"])
def installed(request, redis_server):
    settings, state, shutdown = install_stub(redis_server, request.param)
    yield settings, state
    shutdown()


@pytest.fixture
def trigger_mode(redis_server):
    settings, state, shutdown = install_stub(redis_server, "trigger")
    yield settings, state
    shutdown()


@pytest.fixture
def events_mode(redis_server):
    settings, state, shutdown = install_stub(redis_server, "events")
    yield settings, state
    shutdown()


def run_doctor(settings: Settings, url: str | None = HOOK) -> tuple[int, str]:
    out = io.StringIO()
    return doctor(settings, url, out), out.getvalue()


def test_all_good(installed):
    settings, state = installed
    code, text = run_doctor(settings)
    assert code == 0 and "all good" in text
    assert "FAIL" not in text and "warn" not in text
    mode = "trigger" if state.triggers else "events"
    assert f"[ok  ] delivery: {mode}" in text


def test_all_good_in_events_mode_means_no_trigger(events_mode):
    settings, _ = events_mode
    code, text = run_doctor(settings)
    assert code == 0 and "[ok  ] trigger: none" in text and "1 API request" in text


def test_a_second_secret_during_rotation_is_fine(installed):
    settings, _ = installed
    rotating = f"bm9wZQ==,{settings.webhook_signing_secret}"
    code, text = run_doctor(settings.with_overrides(webhook_signing_secret=rotating))
    assert code == 0 and "[ok  ] signing secret" in text


@pytest.mark.parametrize(
    ("overrides", "status", "expected"),
    [
        ({"webhook_signing_secret": "bm9wZQ=="}, 1, ("[FAIL] signing secret", "rejected")),
        # Unset, events our own API user causes would loop: a warning naming the user to set.
        ({"zendesk_api_user_id": ""}, 0, ("[warn] loop guard", "9000001")),
    ],
)
def test_a_wrong_or_missing_setting_is_explained(installed, overrides, status, expected):
    settings, _ = installed
    code, text = run_doctor(settings.with_overrides(**overrides))
    assert code == status
    assert all(words in text for words in expected), text


def test_missing_trigger_and_changed_url(trigger_mode):
    settings, state = trigger_mode
    state.triggers.clear()
    code, text = run_doctor(settings, "https://elsewhere.example.com/webhooks/zendesk")
    assert code == 1
    assert "[FAIL] trigger: no helpdesk-empathy trigger" in text
    # The fix keeps the mode: a plain `install` would switch to event subscriptions.
    assert "[FAIL] webhook" in text and "install --delivery trigger` again" in text


def test_changed_url_in_events_mode(events_mode):
    settings, _ = events_mode
    code, text = run_doctor(settings, "https://elsewhere.example.com/webhooks/zendesk")
    assert code == 1 and "[FAIL] webhook" in text and "`helpdesk-empathy install` again" in text


def test_both_modes_present_is_explained(events_mode):
    settings, state = events_mode
    hook = create_webhook(state, {"webhook": webhook_spec(HOOK, "trigger")})
    create_trigger(state, {"trigger": trigger_spec(hook["id"])})
    code, text = run_doctor(settings)
    assert code == 1
    assert "[FAIL] trigger" in text and "both present" in text
    assert "several webhooks carry our name" in text and "uninstall" in text


@pytest.mark.parametrize(
    "subscriptions,expected",
    [
        (["zen:event-type:ticket.created"], "misses the ticket.comment_added subscription"),
        (["zen:event-type:user.created"], "subscribed to neither"),
        ([], "subscribed to neither"),
    ],
)
def test_webhook_subscribed_to_the_wrong_events(events_mode, subscriptions, expected):
    settings, state = events_mode
    (webhook,) = state.webhooks.values()
    webhook["subscriptions"] = subscriptions
    code, text = run_doctor(settings)
    assert code == 1 and "[FAIL] delivery" in text and expected in text


def test_modified_trigger_is_flagged(trigger_mode):
    settings, state = trigger_mode
    (trigger,) = state.triggers.values()
    trigger["conditions"] = {"all": [{"field": "update_type", "operator": "is", "value": "Change"}]}
    code, text = run_doctor(settings)
    assert code == 1 and "conditions differ" in text


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
        zendesk=ZendeskSettings(subdomain="acme", email="x@y.z", api_token="bad"),
        redis_url=redis_server.url,
    )
    code, text = run_doctor(settings)
    assert code == 1 and "authentication failed" in text and "bad" not in text


def test_missing_credentials(redis_server):
    code, text = run_doctor(
        Settings(zendesk=ZendeskSettings(subdomain="acme"), redis_url=redis_server.url)
    )
    assert code == 1 and "[FAIL] credentials" in text and "ZENDESK_API_TOKEN" in text


def test_the_analysis_build_is_reported_and_plain_python_only_warns(installed, monkeypatch):
    settings, _ = installed
    monkeypatch.setattr(compiled, "is_compiled", lambda: True)
    code, text = run_doctor(settings)
    assert code == 0 and "[ok  ] analysis build: compiled by mypyc" in text
    monkeypatch.setattr(compiled, "is_compiled", lambda: False)
    code, text = run_doctor(settings)
    assert code == 0 and "[warn] analysis build: plain Python" in text
    assert compiled.PURE_PYTHON_SETTING in text
