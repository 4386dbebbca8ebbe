"""install / uninstall: the pure plan, the trigger body, and the commands against the stub."""

from __future__ import annotations

import argparse
import io
import json
import re

import pytest

from helpdesk_empathy.cli import install as install_command
from helpdesk_empathy.cli.install import install
from helpdesk_empathy.cli.uninstall import uninstall
from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.stubs import run_stub_in_thread
from helpdesk_empathy.dev.stubs.admin_objects import create_trigger, create_webhook
from helpdesk_empathy.helpdesks.zendesk.install import (
    EVENT_SUBSCRIPTIONS,
    TRIGGER_TITLE,
    WEBHOOK_NAME,
    delivery_of,
    plan_install,
    plan_uninstall,
    trigger_body_template,
    trigger_conditions,
    trigger_spec,
    webhook_spec,
)
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings

HOOK = "https://support-tools.example.com/webhooks/zendesk"
EVENT_TYPES = ["zen:event-type:ticket.comment_added", "zen:event-type:ticket.created"]
# Placeholders checked against Zendesk's placeholder reference (see docs/zendesk-setup.md).
KNOWN_PLACEHOLDERS = {
    "ticket.id",
    "ticket.title",
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
        Settings(zendesk=ZendeskSettings(base_url=url, email="bot@acme.test", api_token="t")),
        state,
    )
    shutdown()


def writes(state, since: int = 0) -> list[tuple[str, str]]:
    return [(r["method"], r["path"]) for r in state.request_log()[since:] if r["method"] != "GET"]


def run_install(settings, delivery: str | None = None, url: str = HOOK, **options) -> str:
    out = io.StringIO()
    extra = {"delivery": delivery} if delivery else {}
    assert install(settings, url, dry_run=False, out=out, **extra, **options) == 0, out.getvalue()
    return out.getvalue()


def foreign_objects(state) -> tuple[dict, dict]:
    """A webhook and a trigger someone else made: nothing of ours may ever touch them."""
    webhook = create_webhook(state, {"webhook": dict(webhook_spec(HOOK), name="slack-bridge")})
    hook = create_webhook(
        state, {"webhook": dict(webhook_spec(HOOK, "trigger"), name="crm-sync", status="inactive")}
    )
    trigger = create_trigger(
        state,
        {
            "trigger": {
                "title": "Notify CRM",
                "conditions": {"all": [{"field": "status", "operator": "is", "value": "solved"}]},
                "actions": [{"field": "notification_webhook", "value": [hook["id"], "{}"]}],
            }
        },
    )
    return webhook, trigger


def snapshot(state) -> tuple[dict, dict]:
    return dict(state.webhooks), dict(state.triggers)


# -- the pure plan ---------------------------------------------------------------------------


def test_trigger_body_is_the_documented_shape():
    body = json.loads(trigger_body_template())
    assert set(body) == {"ticket", "account"}
    assert set(body["ticket"]["requester"]) == {"id", "first_name", "locale"}
    placeholders = set(re.findall(r"\{\{([^}]+)\}\}", trigger_body_template()))
    assert placeholders == KNOWN_PLACEHOLDERS
    # Ids and metadata only: no customer text inside a JSON string (no escaping is documented).
    assert not any("comment" in name or "description" in name for name in placeholders)


def test_loop_guard_conditions_never_match_our_own_update():
    conditions = trigger_conditions()
    fields = {(c["field"], c["operator"], c["value"]) for c in conditions["all"]}
    assert ("role", "is", "end_user") in fields  # our API user is an agent/admin
    assert ("comment_is_public", "is", "true") in fields  # our note is internal
    assert not any("tag" in c["field"] for c in conditions["all"] + conditions["any"])


def test_the_two_webhook_specs():
    events, trigger = webhook_spec(HOOK, "events"), webhook_spec(HOOK, "trigger")
    assert sorted(events["subscriptions"]) == EVENT_TYPES == sorted(EVENT_SUBSCRIPTIONS)
    assert trigger["subscriptions"] == ["conditional_ticket_events"]
    assert webhook_spec(HOOK) == events  # events is the default
    for spec in (events, trigger):
        assert (spec["name"], spec["http_method"], spec["request_format"]) == (
            WEBHOOK_NAME,
            "POST",
            "json",
        )
    assert (delivery_of(events), delivery_of(trigger)) == ("events", "trigger")
    assert delivery_of({"subscriptions": EVENT_TYPES[:1]}) is None
    with pytest.raises(ValueError):
        webhook_spec(HOOK, "email")


def test_events_plan_on_an_empty_account_creates_only_the_webhook():
    plan = plan_install([], [], HOOK)
    assert plan.delivery == "events"
    assert [(s.action, s.kind) for s in plan.steps] == [("create", "webhook")]
    assert plan.webhook.body == {"webhook": webhook_spec(HOOK, "events")}
    assert plan.trigger is None and not plan.replaces_webhook


def test_trigger_plan_on_an_empty_account_creates_both():
    plan = plan_install([], [], HOOK, "trigger")
    assert [(s.action, s.kind) for s in plan.steps] == [
        ("create", "webhook"),
        ("create", "trigger"),
    ]
    assert plan.webhook.body == {"webhook": webhook_spec(HOOK, "trigger")}


@pytest.mark.parametrize("delivery", ["events", "trigger"])
def test_plan_against_its_own_result_keeps_everything(delivery):
    webhook = dict(webhook_spec(HOOK, delivery), id="W1")
    triggers = [dict(trigger_spec("W1"), id=7)] if delivery == "trigger" else []
    assert plan_install([webhook], triggers, HOOK, delivery).changes == []


def test_plan_updates_only_what_drifted():
    webhook = dict(webhook_spec("https://old.example.com/webhooks/zendesk", "trigger"), id="W1")
    trigger = dict(trigger_spec("W1"), id=7, conditions={"all": [], "any": []})
    plan = plan_install([webhook], [trigger], HOOK, "trigger")
    assert plan.webhook.method == "PATCH" and plan.webhook.body == {"webhook": {"endpoint": HOOK}}
    assert plan.trigger.method == "PUT" and plan.trigger.path == "/api/v2/triggers/7"
    assert plan.removals == []


def test_switching_to_events_removes_the_trigger_then_replaces_the_webhook():
    webhook = dict(webhook_spec(HOOK, "trigger"), id="W1")
    other = {"id": 8, "title": "Notify requester"}
    plan = plan_install([webhook], [dict(trigger_spec("W1"), id=7), other], HOOK, "events")
    assert [(s.method, s.path) for s in plan.steps] == [
        ("DELETE", "/api/v2/triggers/7"),
        ("DELETE", "/api/v2/webhooks/W1"),
        ("POST", "/api/v2/webhooks"),
    ]
    assert plan.replaces_webhook and any("NEW signing secret" in n for n in plan.notes)


def test_switching_to_trigger_replaces_the_webhook_and_adds_the_trigger():
    webhook = dict(webhook_spec(HOOK, "events"), id="W1")
    plan = plan_install([webhook], [], HOOK, "trigger")
    assert [(s.method, s.path) for s in plan.steps] == [
        ("DELETE", "/api/v2/webhooks/W1"),
        ("POST", "/api/v2/webhooks"),
        ("POST", "/api/v2/triggers"),
    ]
    assert plan.replaces_webhook


def test_a_leftover_trigger_is_removed_in_events_mode():
    webhook = dict(webhook_spec(HOOK, "events"), id="W1")
    plan = plan_install([webhook], [dict(trigger_spec("W0"), id=7)], HOOK, "events")
    assert [(s.action, s.kind) for s in plan.steps] == [("delete", "trigger"), ("keep", "webhook")]
    assert not plan.replaces_webhook


def test_a_webhook_missing_one_event_type_is_replaced():
    webhook = dict(webhook_spec(HOOK, "events"), id="W1", subscriptions=EVENT_TYPES[1:])
    plan = plan_install([webhook], [], HOOK, "events")
    assert [s.action for s in plan.steps] == ["delete", "create"]


def test_uninstall_plan_only_touches_our_objects():
    webhooks = [dict(webhook_spec(HOOK), id="W1"), {"id": "W2", "name": "slack-bridge"}]
    triggers = [dict(trigger_spec("W1"), id=7), {"id": 8, "title": "Notify requester"}]
    steps = plan_uninstall(webhooks, triggers)
    assert [(s.kind, s.existing_id) for s in steps] == [("trigger", "7"), ("webhook", "W1")]


# -- the commands against the stub -----------------------------------------------------------


def test_events_install_is_idempotent_against_the_stub(stub):
    settings, state = stub
    out = run_install(settings)  # the default mode
    assert writes(state) == [("POST", "/api/v2/webhooks")]
    (webhook,) = state.webhooks.values()
    assert sorted(webhook["subscriptions"]) == EVENT_TYPES and not state.triggers
    secret = state.webhook_secrets[webhook["id"]]
    assert "delivery: events" in out
    assert f"HELPDESK_EMPATHY_WEBHOOK_SIGNING_SECRET={secret}" in out
    assert f"HELPDESK_EMPATHY_ZENDESK_API_USER_ID={state.api_user['id']}" in out
    before = len(state.request_log())
    again = run_install(settings, "events")
    assert writes(state, before) == [] and "nothing to change" in again
    assert f"HELPDESK_EMPATHY_WEBHOOK_SIGNING_SECRET={secret}" in again


def test_trigger_install_is_idempotent_against_the_stub(stub):
    settings, state = stub
    out = run_install(settings, "trigger")
    assert writes(state) == [("POST", "/api/v2/webhooks"), ("POST", "/api/v2/triggers")]
    (webhook,) = state.webhooks.values()
    (trigger,) = state.triggers.values()
    assert webhook["subscriptions"] == ["conditional_ticket_events"]
    assert trigger["actions"][0]["value"][0] == webhook["id"]
    assert json.loads(trigger["actions"][0]["value"][1]) == json.loads(trigger_body_template())
    secret = state.webhook_secrets[webhook["id"]]
    assert f"HELPDESK_EMPATHY_WEBHOOK_SIGNING_SECRET={secret}" in out
    before = len(state.request_log())
    again = run_install(settings, "trigger")
    assert writes(state, before) == [] and "nothing to change" in again


@pytest.mark.parametrize("delivery", ["events", "trigger"])
def test_dry_run_shows_requests_and_changes_nothing(stub, delivery):
    settings, state = stub
    out = io.StringIO()
    assert install(settings, HOOK, dry_run=True, out=out, delivery=delivery) == 0
    assert writes(state) == [] and not state.webhooks and not state.triggers
    assert "POST /api/v2/webhooks" in out.getvalue()
    assert ("POST /api/v2/triggers" in out.getvalue()) == (delivery == "trigger")


def test_dry_run_of_a_mode_switch_sends_no_write(stub):
    settings, state = stub
    run_install(settings, "trigger")
    before, objects = len(state.request_log()), snapshot(state)
    out = io.StringIO()
    assert install(settings, HOOK, dry_run=True, out=out, delivery="events") == 0
    assert writes(state, before) == [] and snapshot(state) == objects
    text = out.getvalue()
    assert "DELETE /api/v2/triggers/" in text and "DELETE /api/v2/webhooks/" in text
    assert "NEW signing secret" in text


def test_changed_url_patches_the_webhook_only(stub):
    settings, state = stub
    run_install(settings, "trigger")
    before = len(state.request_log())
    run_install(settings, "trigger", url="https://new.example.com/webhooks/zendesk")
    (webhook,) = state.webhooks.values()
    assert writes(state, before) == [("PATCH", f"/api/v2/webhooks/{webhook['id']}")]
    assert webhook["endpoint"] == "https://new.example.com/webhooks/zendesk"


def test_switching_trigger_to_events_converges(stub):
    settings, state = stub
    webhook, trigger = foreign_objects(state)
    run_install(settings, "trigger")
    (old_id,) = [w["id"] for w in state.webhooks.values() if w["name"] == WEBHOOK_NAME]
    (old_trigger,) = [t["id"] for t in state.triggers.values() if t["title"] == TRIGGER_TITLE]
    old_secret = state.webhook_secrets[old_id]
    before = len(state.request_log())
    out = run_install(settings, "events")
    # The trigger goes before the webhook it points at; then the new webhook is created.
    assert writes(state, before) == [
        ("DELETE", f"/api/v2/triggers/{old_trigger}"),
        ("DELETE", f"/api/v2/webhooks/{old_id}"),
        ("POST", "/api/v2/webhooks"),
    ]
    (ours,) = [w for w in state.webhooks.values() if w["name"] == WEBHOOK_NAME]
    assert sorted(ours["subscriptions"]) == EVENT_TYPES
    assert not [t for t in state.triggers.values() if t["title"] == TRIGGER_TITLE]
    new_secret = state.webhook_secrets[ours["id"]]
    assert new_secret != old_secret and f"SIGNING_SECRET={new_secret}" in out
    assert "replaced" in out and "NEW" in out
    # Foreign objects are exactly as they were.
    assert state.webhooks[webhook["id"]] == webhook
    assert state.triggers[trigger["id"]] == trigger
    # Converged: another run changes nothing.
    before = len(state.request_log())
    assert "nothing to change" in run_install(settings, "events")
    assert writes(state, before) == []


def test_switching_events_to_trigger_converges(stub):
    settings, state = stub
    webhook, trigger = foreign_objects(state)
    run_install(settings, "events")
    (old_id,) = [w["id"] for w in state.webhooks.values() if w["name"] == WEBHOOK_NAME]
    out = run_install(settings, "trigger")
    ours = [w for w in state.webhooks.values() if w["name"] == WEBHOOK_NAME]
    assert len(ours) == 1 and ours[0]["subscriptions"] == ["conditional_ticket_events"]
    assert ours[0]["id"] != old_id and "replaced" in out
    (our_trigger,) = [t for t in state.triggers.values() if t["title"] == TRIGGER_TITLE]
    assert our_trigger["actions"][0]["value"][0] == ours[0]["id"]
    assert state.webhooks[webhook["id"]] == webhook
    assert state.triggers[trigger["id"]] == trigger
    before = len(state.request_log())
    assert "nothing to change" in run_install(settings, "trigger")
    assert writes(state, before) == []


@pytest.mark.parametrize("delivery", ["events", "trigger"])
def test_uninstall_removes_ours_and_nothing_else(stub, delivery):
    settings, state = stub
    webhook, trigger = foreign_objects(state)
    foreign = snapshot(state)
    run_install(settings, delivery)
    assert uninstall(settings, dry_run=False, out=io.StringIO()) == 0
    assert snapshot(state) == foreign
    assert state.webhooks[webhook["id"]] == webhook
    assert state.triggers[trigger["id"]] == trigger
    out = io.StringIO()
    assert (
        uninstall(settings, dry_run=False, out=out) == 0 and "nothing to remove" in out.getvalue()
    )


def test_uninstall_dry_run_sends_no_write(stub):
    settings, state = stub
    run_install(settings, "trigger")
    before, objects = len(state.request_log()), snapshot(state)
    out = io.StringIO()
    assert uninstall(settings, dry_run=True, out=out) == 0
    assert writes(state, before) == [] and snapshot(state) == objects
    assert "DELETE /api/v2/triggers/" in out.getvalue()


@pytest.mark.parametrize("flags,delivery", [([], "events"), (["--delivery", "trigger"], "trigger")])
def test_cli_wiring(stub, capsys, flags, delivery):
    settings, state = stub
    argv = [
        "install",
        "--base-url",
        settings.zendesk.base_url,
        "--email",
        "bot@acme.test",
        "--token",
        "t",
        "--url",
        HOOK,
        *flags,
    ]
    parser = argparse.ArgumentParser()
    install_command.add_parser(parser.add_subparsers())
    args = parser.parse_args(argv)
    assert args.func(args) == 0
    (webhook,) = state.webhooks.values()
    assert webhook["name"] == WEBHOOK_NAME and delivery_of(webhook) == delivery
    titles = {t["title"] for t in state.triggers.values()}
    assert titles == ({TRIGGER_TITLE} if delivery == "trigger" else set())
    assert "SIGNING_SECRET=" in capsys.readouterr().out


def test_cli_refuses_an_unknown_delivery():
    parser = argparse.ArgumentParser()
    install_command.add_parser(parser.add_subparsers())
    with pytest.raises(SystemExit):
        parser.parse_args(["install", "--url", HOOK, "--delivery", "email"])


def test_install_reports_refused_credentials(stub):
    settings, state = stub
    state.failure.count, state.failure.status = 1, 401
    out = io.StringIO()
    assert install(settings, HOOK, dry_run=False, out=out) == 1
    assert "authentication failed" in out.getvalue()
