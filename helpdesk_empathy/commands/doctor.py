"""`helpdesk-empathy doctor`: check credentials, webhook, trigger and Redis; explain problems."""

from __future__ import annotations

import argparse
import hmac
import sys
from dataclasses import dataclass
from typing import TextIO

import redis

from .. import config
from ..errors import ConfigError, HelpdeskError
from ..helpdesks.zendesk import ZendeskClient
from ..install import find_triggers, find_webhooks, trigger_differences
from .install import add_zendesk_args, settings_from_args


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
    if not settings.redis_url:
        return Check("redis", False, "HELPDESK_EMPATHY_REDIS_URL (or REDIS_URL) is not set")
    try:
        client = redis.Redis.from_url(
            settings.redis_url, socket_timeout=3, socket_connect_timeout=3
        )
        client.ping()
        client.close()
    except (redis.RedisError, ValueError) as error:
        return Check("redis", False, f"cannot reach Redis ({type(error).__name__}): is it running?")
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
        if str(me.get("id")) != settings.zendesk_api_user_id:
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


def _check_objects(
    client: ZendeskClient, settings: config.Settings, url: str | None
) -> list[Check]:
    webhooks = find_webhooks(client.list_webhooks())
    if not webhooks:
        return [
            Check("webhook", False, "no helpdesk-empathy webhook: run `helpdesk-empathy install`")
        ]
    webhook = webhooks[0]
    webhook_id = str(webhook["id"])
    checks = []
    problems = []
    if webhook.get("status") != "active":
        problems.append("it is inactive")
    if "conditional_ticket_events" not in (webhook.get("subscriptions") or []):
        problems.append("it is not trigger-connected (delete it and run install again)")
    if url and webhook.get("endpoint") != url:
        problems.append(f"it points at {webhook.get('endpoint')}, not {url} (run install again)")
    checks.append(Check("webhook", not problems, "; ".join(problems) or f"{webhook_id} is active"))
    secret = client.get_webhook_signing_secret(webhook_id)
    if not settings.webhook_signing_secret:
        checks.append(
            Check(
                "signing secret",
                False,
                "HELPDESK_EMPATHY_WEBHOOK_SIGNING_SECRET is not set: copy it from `install` output",
            )
        )
    elif not hmac.compare_digest(secret.encode(), settings.webhook_signing_secret.encode()):
        checks.append(
            Check(
                "signing secret",
                False,
                "HELPDESK_EMPATHY_WEBHOOK_SIGNING_SECRET "
                "differs from the webhook's: every delivery would be rejected",
            )
        )
    else:
        checks.append(Check("signing secret", True, "matches the webhook's"))
    triggers = find_triggers(client.list_triggers())
    if not triggers:
        checks.append(Check("trigger", False, "no helpdesk-empathy trigger: run install again"))
    else:
        differences = trigger_differences(triggers[0], webhook_id)
        detail = (
            "; ".join(differences) + " (run install again)" if differences else "as recommended"
        )
        checks.append(Check("trigger", not differences, f"{triggers[0]['id']}: {detail}"))
    return checks


def doctor(settings: config.Settings, url: str | None, out: TextIO) -> int:
    checks = check_zendesk(settings, url) + [check_redis(settings)]
    for check in checks:
        mark = "ok  " if check.ok else ("warn" if check.warning else "FAIL")
        print(f"[{mark}] {check.name}: {check.detail}", file=out)
    failed = [c for c in checks if not c.ok and not c.warning]
    print("all good" if not failed else f"{len(failed)} problem(s) found", file=out)
    return 0 if not failed else 1


def run(args: argparse.Namespace) -> int:
    return doctor(settings_from_args(args), args.url, sys.stdout)
