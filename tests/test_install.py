"""install / uninstall: the pure plan, the trigger body, and the commands against the stub."""

from __future__ import annotations

import argparse
import io
import json
import re

import pytest

from helpdesk_empathy.commands import install as install_command
from helpdesk_empathy.commands.install import install
from helpdesk_empathy.commands.uninstall import uninstall
from helpdesk_empathy.config import Settings
from helpdesk_empathy.install import (
    TRIGGER_TITLE,
    WEBHOOK_NAME,
    plan_install,
    plan_uninstall,
    trigger_body_template,
    trigger_conditions,
    trigger_spec,
    webhook_spec,
)
from helpdesk_empathy.stub import run_stub_in_thread

HOOK = "https://support-tools.example.com/webhooks/zendesk"
# Placeholders checked against Zendesk's placeholder reference (see docs/zendesk-setup.md).
KNOWN_PLACEHOLDERS = {
    "ticket.id",
    "ticket.title",
    "ticket.latest_comment",
    "ticket.latest_public_comment",
    "ticket.tags",
    "ticket.priority",
    "ticket.status",
    "ticket.group.id",
    "ticket.assignee.id",
    "ticket.updated_at_with_timestamp",
    "ticket.via",
    "ticket.requester.id",
    "ticket.requester.first_name",
    "ticket.requester.locale",
    "current_user.id",
    "ticket.account",
}


@pytest.fixture
def stub():
    url, state, shutdown = run_stub_in_thread()
    yield (
        Settings(zendesk_base_url=url, zendesk_email="bot@acme.test", zendesk_api_token="t"),
        state,
    )
    shutdown()


def writes(state, since: int = 0) -> list[tuple[str, str]]:
    return [(r["method"], r["path"]) for r in state.request_log()[since:] if r["method"] != "GET"]


def test_trigger_body_is_the_documented_shape():
    body = json.loads(trigger_body_template())
    assert set(body) == {"ticket", "account"}
    assert set(body["ticket"]["requester"]) == {"id", "first_name", "locale"}
    placeholders = set(re.findall(r"\{\{([^}]+)\}\}", trigger_body_template()))
    assert placeholders == KNOWN_PLACEHOLDERS


def test_loop_guard_conditions_never_match_our_own_update():
    conditions = trigger_conditions()
    fields = {(c["field"], c["operator"], c["value"]) for c in conditions["all"]}
    assert ("role", "is", "end_user") in fields  # our API user is an agent/admin
    assert ("comment_is_public", "is", "true") in fields  # our note is internal
    assert not any("tag" in c["field"] for c in conditions["all"] + conditions["any"])


def test_plan_on_an_empty_account_creates_both():
    plan = plan_install([], [], HOOK)
    assert [(s.action, s.kind) for s in plan.steps] == [
        ("create", "webhook"),
        ("create", "trigger"),
    ]
    assert plan.webhook.body == {"webhook": webhook_spec(HOOK)}


def test_plan_against_its_own_result_keeps_everything():
    webhook = dict(webhook_spec(HOOK), id="W1")
    trigger = dict(trigger_spec("W1"), id=7)
    plan = plan_install([webhook], [trigger], HOOK)
    assert plan.changes == []


def test_plan_updates_only_what_drifted():
    webhook = dict(webhook_spec("https://old.example.com/webhooks/zendesk"), id="W1")
    trigger = dict(trigger_spec("W1"), id=7, conditions={"all": [], "any": []})
    plan = plan_install([webhook], [trigger], HOOK)
    assert plan.webhook.method == "PATCH" and plan.webhook.body == {"webhook": {"endpoint": HOOK}}
    assert plan.trigger.method == "PUT" and plan.trigger.path == "/api/v2/triggers/7"


def test_uninstall_plan_only_touches_our_objects():
    webhooks = [dict(webhook_spec(HOOK), id="W1"), {"id": "W2", "name": "slack-bridge"}]
    triggers = [dict(trigger_spec("W1"), id=7), {"id": 8, "title": "Notify requester"}]
    steps = plan_uninstall(webhooks, triggers)
    assert [(s.kind, s.existing_id) for s in steps] == [("trigger", "7"), ("webhook", "W1")]


def test_install_is_idempotent_against_the_stub(stub):
    settings, state = stub
    out = io.StringIO()
    assert install(settings, HOOK, dry_run=False, out=out) == 0
    assert writes(state) == [("POST", "/api/v2/webhooks"), ("POST", "/api/v2/triggers")]
    (webhook,) = state.webhooks.values()
    (trigger,) = state.triggers.values()
    assert trigger["actions"][0]["value"][0] == webhook["id"]
    assert json.loads(trigger["actions"][0]["value"][1]) == json.loads(trigger_body_template())
    secret = state.webhook_secrets[webhook["id"]]
    assert f"HELPDESK_EMPATHY_WEBHOOK_SIGNING_SECRET={secret}" in out.getvalue()
    assert f"HELPDESK_EMPATHY_ZENDESK_API_USER_ID={state.api_user['id']}" in out.getvalue()
    before = len(state.request_log())
    again = io.StringIO()
    assert install(settings, HOOK, dry_run=False, out=again) == 0
    assert writes(state, before) == [] and "nothing to change" in again.getvalue()


def test_dry_run_shows_requests_and_changes_nothing(stub):
    settings, state = stub
    out = io.StringIO()
    assert install(settings, HOOK, dry_run=True, out=out) == 0
    assert writes(state) == [] and not state.webhooks and not state.triggers
    assert "POST /api/v2/webhooks" in out.getvalue() and "POST /api/v2/triggers" in out.getvalue()


def test_changed_url_patches_the_webhook_only(stub):
    settings, state = stub
    install(settings, HOOK, dry_run=False, out=io.StringIO())
    before = len(state.request_log())
    install(settings, "https://new.example.com/webhooks/zendesk", dry_run=False, out=io.StringIO())
    (webhook,) = state.webhooks.values()
    assert writes(state, before) == [("PATCH", f"/api/v2/webhooks/{webhook['id']}")]
    assert webhook["endpoint"] == "https://new.example.com/webhooks/zendesk"


def test_uninstall_removes_ours_and_nothing_else(stub):
    settings, state = stub
    from helpdesk_empathy.stub.admin_objects import create_trigger, create_webhook

    other = create_webhook(state, {"webhook": dict(webhook_spec(HOOK), name="slack-bridge")})
    create_trigger(
        state,
        {
            "trigger": {
                "title": "Notify requester",
                "conditions": {"all": [{"field": "status", "operator": "is", "value": "solved"}]},
                "actions": [{"field": "status", "value": "closed"}],
            }
        },
    )
    install(settings, HOOK, dry_run=False, out=io.StringIO())
    assert uninstall(settings, dry_run=False, out=io.StringIO()) == 0
    assert [w["id"] for w in state.webhooks.values()] == [other["id"]]
    assert [t["title"] for t in state.triggers.values()] == ["Notify requester"]
    out = io.StringIO()
    assert (
        uninstall(settings, dry_run=False, out=out) == 0 and "nothing to remove" in out.getvalue()
    )


def test_cli_wiring(stub, capsys):
    settings, state = stub
    argv = [
        "install",
        "--base-url",
        settings.zendesk_base_url,
        "--email",
        "bot@acme.test",
        "--token",
        "t",
        "--url",
        HOOK,
    ]
    parser = argparse.ArgumentParser()
    install_command.add_parser(parser.add_subparsers())
    args = parser.parse_args(argv)
    assert args.func(args) == 0
    assert WEBHOOK_NAME in {w["name"] for w in state.webhooks.values()}
    assert TRIGGER_TITLE in {t["title"] for t in state.triggers.values()}
    assert "SIGNING_SECRET=" in capsys.readouterr().out


def test_install_reports_refused_credentials(stub):
    settings, state = stub
    state.failure.count, state.failure.status = 1, 401
    out = io.StringIO()
    assert install(settings, HOOK, dry_run=False, out=out) == 1
    assert "authentication failed" in out.getvalue()
