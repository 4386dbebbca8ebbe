"""`helpdesk-empathy uninstall`: remove exactly what install created (either mode), nothing else."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from helpdesk_empathy import config
from helpdesk_empathy.cli.install import (
    add_zendesk_args,
    require_zendesk_access,
    settings_from_args,
)
from helpdesk_empathy.errors import HelpdeskError
from helpdesk_empathy.helpdesks.zendesk import fields as ticket_fields
from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient
from helpdesk_empathy.helpdesks.zendesk.install import plan_uninstall


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "uninstall",
        help="remove our Zendesk webhook, trigger and ticket fields (either delivery mode)",
    )
    add_zendesk_args(parser)
    parser.add_argument("--dry-run", action="store_true", help="show the requests, change nothing")
    parser.set_defaults(func=run)


def uninstall(settings: config.Settings, *, dry_run: bool, out: TextIO) -> int:
    require_zendesk_access(settings)
    client = ZendeskClient(settings)
    try:
        steps = plan_uninstall(client.list_webhooks(), client.list_triggers())
        # Our ticket fields too (their values go with them; the tags stay on the tickets).
        field_steps = ticket_fields.plan_remove_fields(client.list_ticket_fields())
        if not steps and not field_steps:
            print(
                "nothing to remove: no helpdesk-empathy webhook, trigger or ticket field found",
                file=out,
            )
            return 0
        for step in steps:
            if dry_run:
                print(step.describe(), file=out)
            elif step.kind == "trigger":
                client.delete_trigger(str(step.existing_id))
            else:
                client.delete_webhook(str(step.existing_id))
        for field_step in field_steps:
            if dry_run:
                print(ticket_fields.describe(field_step), file=out)
            else:
                client.delete_ticket_field(field_step["id"])
    except HelpdeskError as error:
        print(f"uninstall failed: {error}", file=out)
        return 1
    finally:
        client.close()
    if not dry_run:
        removed = [f"{s.kind} {s.existing_id}" for s in steps]
        removed += [f"ticket field {f['id']}" for f in field_steps]
        print(f"removed: {', '.join(removed)}", file=out)
    return 0


def run(args: argparse.Namespace) -> int:
    return uninstall(settings_from_args(args), dry_run=args.dry_run, out=sys.stdout)
