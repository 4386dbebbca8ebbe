"""`helpdesk-empathy app package`: check the Zendesk sidebar app and write its upload zip."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from helpdesk_empathy.dev import app_bundle


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "app",
        help="the Zendesk sidebar app (zendesk_app/): check it and package it for upload",
    )
    actions = parser.add_subparsers(dest="app_command", required=True, metavar="ACTION")
    package = actions.add_parser(
        "package",
        help="check the app and write a zip to upload (zcli apps:create or the admin UI)",
        description=(
            "Checks manifest.json, the EN/FR translations, the logos and that the assets load "
            "nothing from other sites, then writes a zip with manifest.json at its root."
        ),
    )
    package.add_argument("--output", "-o", required=True, type=Path, help="the zip to write")
    package.add_argument(
        "--backend-url",
        help="your helpdesk-empathy server (e.g. https://support-tools.example.com): its host "
        "becomes the manifest's domainWhitelist, where Zendesk may send the secure setting",
    )
    package.add_argument("--app-dir", type=Path, default=app_bundle.APP_DIR, help=argparse.SUPPRESS)
    package.set_defaults(func=run_package)


def run_package(args: argparse.Namespace) -> int:
    domains = None
    if args.backend_url:
        parts = urlsplit(args.backend_url)
        if parts.scheme != "https" or not parts.hostname:
            print("error: --backend-url must be an https:// address", file=sys.stderr)
            return 2
        domains = [parts.hostname]
    try:
        names = app_bundle.write_zip(args.output, args.app_dir, domains=domains)
    except app_bundle.AppProblem as error:
        print(f"error: the app is not valid: {error}", file=sys.stderr)
        return 1
    print(f"wrote {args.output} ({len(names)} files, manifest.json at the root)")
    if not domains:
        print(
            f"note: domainWhitelist is still {app_bundle.PLACEHOLDER_DOMAIN}; pass --backend-url "
            "with your server's address so Zendesk sends the secret to it",
            file=sys.stderr,
        )
    return 0
