"""`helpdesk-empathy doctor`: check credentials, delivery mode, webhook, trigger, Redis and the
analysis build."""

from __future__ import annotations

import argparse
import hmac
import sys
from dataclasses import dataclass
from typing import TextIO

from helpdesk_empathy import config
from helpdesk_empathy.analysis import compiled
from helpdesk_empathy.cli import checks
from helpdesk_empathy.cli.install import add_zendesk_args, settings_from_args
from helpdesk_empathy.errors import ConfigError, HelpdeskError
from helpdesk_empathy.helpdesks.zendesk import fields as ticket_fields
from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient
from helpdesk_empathy.helpdesks.zendesk.install import (
    EVENT_SUBSCRIPTIONS,
    EVENTS,
    TRIGGER,
    delivery_of,
    find_triggers,
    find_webhooks,
    trigger_differences,
)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    warning: bool = False  # works, but worth fixing


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("doctor", help="check the Zendesk and Redis set-up")
    add_zendesk_args(parser)
    parser.add_argument("--url", help="the webhook URL install was given (checked if set)")
    parser.set_defaults(func=run)


def check_redis(settings: config.Settings) -> Check:
    """The same check `serve` makes: a well-formed URL, and a Redis that answers PING."""
    try:
        checks.require_redis(settings)
    except ConfigError as error:
        return Check("redis", False, str(error))
    return Check("redis", True, "Redis answers PING")


def check_zendesk(settings: config.Settings, url: str | None) -> list[Check]:
    try:
        config.validate_for_worker(settings)
        client = ZendeskClient(settings)
    except ConfigError as error:
        return [Check("credentials", False, str(error))]
    checks: list[Check] = []
    try:
        me = client.get_current_user()
        role = me.get("role")
        if role not in ("admin", "agent"):
            checks.append(
                Check("credentials", False, f"the API user is a '{role}': use an agent or admin")
            )
            return checks
        checks.append(Check("credentials", True, f"signed in as user {me.get('id')} ({role})"))
        if str(me.get("id")) != settings.zendesk.api_user_id:
            checks.append(
                Check(
                    "loop guard",
                    False,
                    "set HELPDESK_EMPATHY_ZENDESK_API_USER_ID="
                    f"{me.get('id')} so the receiver ignores our own updates",
                    True,
                )
            )
        checks.extend(_check_objects(client, settings, url))
    except HelpdeskError as error:
        checks.append(Check("zendesk", False, str(error)))
    finally:
        client.close()
    return checks


def _rerun(delivery: str | None) -> str:
    """The install command that repairs a set-up without switching its delivery mode."""
    flag = " --delivery trigger" if delivery == TRIGGER else ""
    return f"run `helpdesk-empathy install{flag}` again"


def check_delivery(webhook: dict) -> Check:
    """Which mode the webhook's subscriptions set up, and what is missing when neither."""
    delivery = delivery_of(webhook)
    if delivery == EVENTS:
        detail = "events: ticket.created + ticket.comment_added (1 API request per event)"
        return Check("delivery", True, detail)
    if delivery == TRIGGER:
        detail = "trigger: conditional_ticket_events (2 API requests per event)"
        return Check("delivery", True, detail)
    subscriptions = set(webhook.get("subscriptions") or [])
    wanted = set(EVENT_SUBSCRIPTIONS)
    if subscriptions & wanted:
        missing = ", ".join(sorted(s.rsplit(":", 1)[-1] for s in wanted - subscriptions))
        detail = f"the webhook misses the {missing} subscription ({_rerun(EVENTS)})"
    else:
        detail = (
            "the webhook is subscribed to neither our ticket events nor a trigger "
            f"({_rerun(EVENTS)}, or add --delivery trigger)"
        )
    return Check("delivery", False, detail)


def check_webhook(webhook: dict, url: str | None) -> Check:
    problems = []
    if webhook.get("status") != "active":
        problems.append("it is inactive")
    if url and webhook.get("endpoint") != url:
        problems.append(f"it points at {webhook.get('endpoint')}, not {url}")
    if problems:
        detail = "; ".join(problems) + f" ({_rerun(delivery_of(webhook))})"
        return Check("webhook", False, detail)
    return Check("webhook", True, f"{webhook['id']} is active")


def check_secret(settings: config.Settings, secret: str) -> Check:
    if not settings.webhook_signing_secret:
        return Check(
            "signing secret",
            False,
            "HELPDESK_EMPATHY_WEBHOOK_SIGNING_SECRET is not set: copy it from `install` output",
        )
    configured = [s.strip() for s in settings.webhook_signing_secret.split(",") if s.strip()]
    if not any(hmac.compare_digest(secret.encode(), s.encode()) for s in configured):
        return Check(
            "signing secret",
            False,
            "HELPDESK_EMPATHY_WEBHOOK_SIGNING_SECRET "
            "differs from the webhook's: every delivery would be rejected",
        )
    return Check("signing secret", True, "matches the webhook's")


def check_trigger(triggers: list[dict], webhook: dict) -> Check:
    delivery = delivery_of(webhook)
    if delivery == EVENTS:
        if not triggers:
            return Check("trigger", True, "none, as wanted with event subscriptions")
        ids = ", ".join(str(t["id"]) for t in triggers)
        return Check(
            "trigger",
            False,
            f"trigger {ids} is left from trigger mode while the webhook uses event "
            f"subscriptions: both present means messages may arrive twice ({_rerun(EVENTS)} "
            "to remove it)",
        )
    if delivery != TRIGGER:
        return Check("trigger", False, "not checked until the webhook's delivery is fixed", True)
    if not triggers:
        return Check("trigger", False, f"no helpdesk-empathy trigger: {_rerun(TRIGGER)}")
    differences = trigger_differences(triggers[0], str(webhook["id"]))
    if differences:
        detail = "; ".join(differences) + f" ({_rerun(TRIGGER)})"
        return Check("trigger", False, f"{triggers[0]['id']}: {detail}")
    return Check("trigger", True, f"{triggers[0]['id']}: as recommended")


def _check_objects(
    client: ZendeskClient, settings: config.Settings, url: str | None
) -> list[Check]:
    webhooks = find_webhooks(client.list_webhooks())
    if not webhooks:
        return [
            Check("webhook", False, "no helpdesk-empathy webhook: run `helpdesk-empathy install`")
        ]
    webhook = webhooks[0]
    checks = [check_delivery(webhook), check_webhook(webhook, url)]
    if len(webhooks) > 1:
        ids = ", ".join(str(w["id"]) for w in webhooks)
        checks.append(
            Check(
                "webhook",
                False,
                f"several webhooks carry our name ({ids}): messages may arrive more than once "
                "(run `helpdesk-empathy uninstall`, then install)",
            )
        )
    checks.append(check_secret(settings, client.get_webhook_signing_secret(str(webhook["id"]))))
    checks.append(check_trigger(find_triggers(client.list_triggers()), webhook))
    checks.append(check_fields(settings, client.list_ticket_fields()))
    return checks


def check_fields(settings: config.Settings, account_fields: list[dict]) -> Check:
    """Our custom ticket fields: configured, present, active. Problems degrade to tags."""
    ours = ticket_fields.find_fields(account_fields)
    try:
        configured = ticket_fields.parse_field_ids(settings.zendesk.field_ids)
    except ConfigError as error:
        return Check("ticket fields", False, str(error))
    if not configured:
        if ours:
            ids = {name: str(field["id"]) for name, field in ours.items()}
            detail = (
                "our fields exist but are not configured, so only tags are written: set "
                + ticket_fields.env_line(ids)
            )
            return Check("ticket fields", False, detail, True)
        return Check("ticket fields", True, "none (tags only; `install --fields` adds them)")
    by_id = {int(field["id"]): field for field in account_fields if str(field.get("id")).isdigit()}
    problems = []
    for name, field_id in configured.items():
        field = by_id.get(field_id)
        title = ticket_fields.TITLES[name]
        if field is None:
            problems.append(f"{title} ({field_id}) was deleted")
        elif not field.get("active", True):
            problems.append(f"{title} ({field_id}) is inactive")
        elif field.get("type") != ticket_fields.TYPES[name]:
            problems.append(
                f"{field_id} is a {field.get('type')}, not a {ticket_fields.TYPES[name]}"
            )
    if problems:
        detail = (
            "; ".join(problems)
            + ": those values are carried by tags only (nothing is rejected); run "
            "`helpdesk-empathy install --fields` and update " + ticket_fields.ENV_NAME
        )
        return Check("ticket fields", False, detail, True)
    return Check("ticket fields", True, f"{len(configured)} configured and active")


def check_unsafe(settings: config.Settings) -> list[Check]:
    """The public test secret accepted: it works, and so does anyone else's delivery."""
    return [Check("test secret", False, problem) for problem in config.unsafe_settings(settings)]


def check_build() -> Check:
    """The analysis hot path compiled, as installs build it, or plain Python (slower)."""
    if compiled.is_compiled():
        return Check("analysis build", True, "compiled by mypyc")
    return Check("analysis build", False, f"plain Python: {compiled.PURE_PYTHON_NOTE}", True)


def doctor(settings: config.Settings, url: str | None, out: TextIO) -> int:
    checks = check_unsafe(settings) + check_zendesk(settings, url) + [check_redis(settings)]
    checks.append(check_build())
    for check in checks:
        mark = "ok  " if check.ok else ("warn" if check.warning else "FAIL")
        print(f"[{mark}] {check.name}: {check.detail}", file=out)
    failed = [c for c in checks if not c.ok and not c.warning]
    print("all good" if not failed else f"{len(failed)} problem(s) found", file=out)
    return 0 if not failed else 1


def run(args: argparse.Namespace) -> int:
    return doctor(settings_from_args(args), args.url, sys.stdout)
