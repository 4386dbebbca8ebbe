"""`helpdesk-empathy install`: create (or confirm) our webhook, and in trigger mode our trigger."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from helpdesk_empathy import config
from helpdesk_empathy.errors import ConfigError, HelpdeskError
from helpdesk_empathy.helpdesks.zendesk import fields as ticket_fields
from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient
from helpdesk_empathy.helpdesks.zendesk.install import (
    DEFAULT_DELIVERY,
    DELIVERY_MODES,
    EVENTS,
    NEW_WEBHOOK_ID,
    InstallPlan,
    Step,
    plan_install,
    plan_trigger,
)


def add_zendesk_args(parser: argparse.ArgumentParser) -> None:
    """Credentials flags shared by install, uninstall and doctor (environment as fallback)."""
    parser.add_argument("--subdomain", help="e.g. 'acme' for acme.zendesk.com")
    parser.add_argument("--email", help="the API user's e-mail (with --token)")
    parser.add_argument("--token", help="a Zendesk API token")
    parser.add_argument("--oauth-token", help="an OAuth access token (instead of e-mail/token)")
    parser.add_argument("--base-url", help=argparse.SUPPRESS)  # a local stub or proxy


def settings_from_args(args: argparse.Namespace) -> config.Settings:
    overrides = {
        "zendesk_subdomain": args.subdomain,
        "zendesk_email": args.email,
        "zendesk_api_token": args.token,
        "zendesk_oauth_token": args.oauth_token,
        "zendesk_base_url": args.base_url,
    }
    settings = config.from_env()
    return settings.with_overrides(**{k: v for k, v in overrides.items() if v})


def require_zendesk_access(settings: config.Settings) -> None:
    """Name the flag and the variable that are missing, before any request is made."""
    if not settings.zendesk.subdomain and not settings.zendesk.base_url:
        raise ConfigError(
            "no Zendesk subdomain: pass --subdomain acme (for acme.zendesk.com) "
            f"or set {config.PREFIX}ZENDESK_SUBDOMAIN"
        )
    has_token = settings.zendesk.email and settings.zendesk.api_token
    if not has_token and not settings.zendesk.oauth_token:
        raise ConfigError(
            "no Zendesk credentials: pass --email and --token (or --oauth-token), or set "
            f"{config.PREFIX}ZENDESK_EMAIL and {config.PREFIX}ZENDESK_API_TOKEN"
        )


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "install", help="create the Zendesk webhook (and trigger, in trigger mode); idempotent"
    )
    add_zendesk_args(parser)
    parser.add_argument("--url", required=True, help="public URL of our /webhooks/zendesk")
    parser.add_argument(
        "--delivery",
        choices=DELIVERY_MODES,
        default=DEFAULT_DELIVERY,
        help="events: event subscriptions, 1 API request per event (default); "
        "trigger: a trigger you can add conditions to, 2 requests per event",
    )
    parser.add_argument(
        "--fields",
        action="store_true",
        help="also create the custom ticket fields (sentiment drop-down, frustration, "
        "escalated checkbox) for views, SLAs and triggers; idempotent",
    )
    parser.add_argument("--dry-run", action="store_true", help="show the requests, change nothing")
    parser.set_defaults(func=run)


def install_fields(
    client: ZendeskClient, prefix: str, *, dry_run: bool, out: TextIO
) -> dict[str, str]:
    """Create (or find, or reactivate) our ticket fields; returns their ids by name."""
    steps = ticket_fields.plan_fields(client.list_ticket_fields(), prefix)
    ids: dict[str, str] = {}
    for step in steps:
        if dry_run:
            print(ticket_fields.describe(step), file=out)
        elif step["action"] == "create":
            created = client.create_ticket_field(step["body"]["ticket_field"])
            ids[step["name"]] = str(created["id"])
        elif step["action"] == "update":
            client.update_ticket_field(step["id"], step["body"]["ticket_field"])
        if step["action"] != "create":
            ids[step["name"]] = step["id"]
    if not dry_run:
        done = ", ".join(f"{s['action']} {ticket_fields.TITLES[s['name']]}" for s in steps)
        print(f"ticket fields: {done}", file=out)
    return ids


def _execute(client: ZendeskClient, step: Step) -> str:
    """Run one step; return the object's id."""
    body = step.body or {}
    if step.action == "keep":
        return str(step.existing_id)
    if step.action == "delete":
        delete = client.delete_webhook if step.kind == "webhook" else client.delete_trigger
        delete(str(step.existing_id))
        return str(step.existing_id)
    if step.kind == "webhook":
        if step.action == "create":
            return str(client.create_webhook(body["webhook"])["id"])
        client.update_webhook(str(step.existing_id), body["webhook"])
        return str(step.existing_id)
    if step.action == "create":
        return str(client.create_trigger(body["trigger"])["id"])
    client.update_trigger(str(step.existing_id), body["trigger"])
    return str(step.existing_id)


def apply_plan(client: ZendeskClient, plan: InstallPlan, triggers: list) -> tuple[str, str | None]:
    """Run the plan in order; returns (webhook id, trigger id or None in events mode)."""
    for step in plan.removals:
        _execute(client, step)
    webhook_id = _execute(client, plan.webhook)
    if plan.trigger is None:
        return webhook_id, None
    # The trigger's action names the webhook id, known only once the webhook exists.
    return webhook_id, _execute(client, plan_trigger(triggers, webhook_id))


def _print_dry_run(plan: InstallPlan, out: TextIO) -> None:
    print("dry run: nothing will be changed. Planned requests:", file=out)
    for step in plan.steps:
        print(step.describe(), file=out)
    if plan.trigger is not None and plan.webhook.action == "create":
        print(f"(the trigger will name the created webhook instead of {NEW_WEBHOOK_ID})", file=out)


def _summary(plan: InstallPlan, webhook_id: str, trigger_id: str | None) -> str:
    changes = [f"{s.action}d {s.kind} {s.existing_id or ''}".rstrip() for s in plan.changes]
    done = ", ".join(changes) or "nothing to change"
    if plan.delivery == EVENTS:
        return f"delivery: events; webhook {webhook_id}: {done}"
    return f"delivery: trigger; webhook {webhook_id}, trigger {trigger_id}: {done}"


def install(
    settings: config.Settings,
    url: str,
    *,
    dry_run: bool,
    out: TextIO,
    delivery: str = DEFAULT_DELIVERY,
    fields: bool = False,
) -> int:
    if not url.startswith("https://") and not url.startswith("http://127.0.0.1"):
        raise ConfigError("--url must be the public https:// URL of /webhooks/zendesk")
    require_zendesk_access(settings)
    client = ZendeskClient(settings)
    try:
        me = client.get_current_user()
        webhooks, triggers = client.list_webhooks(), client.list_triggers()
        plan = plan_install(webhooks, triggers, url, delivery)
        for note in plan.notes:
            print(f"note: {note}", file=out)
        if dry_run:
            _print_dry_run(plan, out)
            if fields:
                install_fields(client, settings.tag_prefix, dry_run=True, out=out)
            return 0
        webhook_id, trigger_id = apply_plan(client, plan, triggers)
        secret = client.get_webhook_signing_secret(webhook_id)
        field_ids = (
            install_fields(client, settings.tag_prefix, dry_run=False, out=out) if fields else {}
        )
    except HelpdeskError as error:
        print(f"install failed: {error}", file=out)
        return 1
    finally:
        client.close()
    print(_summary(plan, webhook_id, trigger_id), file=out)
    if plan.replaces_webhook:
        print(
            "The webhook was replaced, so its signing secret is NEW: update the receiver now, "
            "until then it rejects every delivery.",
            file=out,
        )
    print("Store these in the receiver's and worker's environment:", file=out)
    print(f"  HELPDESK_EMPATHY_WEBHOOK_SIGNING_SECRET={secret}", file=out)
    print(f"  HELPDESK_EMPATHY_ZENDESK_API_USER_ID={me.get('id')}", file=out)
    if field_ids:
        print(f"  {ticket_fields.env_line(field_ids)}", file=out)
    return 0


def run(args: argparse.Namespace) -> int:
    return install(
        settings_from_args(args),
        args.url,
        dry_run=args.dry_run,
        out=sys.stdout,
        delivery=args.delivery,
        fields=args.fields,
    )
