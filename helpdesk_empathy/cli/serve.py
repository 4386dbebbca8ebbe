"""`helpdesk-empathy serve`: run the webhook receiver under gunicorn."""

from __future__ import annotations

import argparse
import os

from helpdesk_empathy import config
from helpdesk_empathy.intake.app import create_app


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="run the webhook receiver (gunicorn)")
    parser.add_argument("--bind", default=os.environ.get("BIND", "0.0.0.0:8000"))
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Validate now so a misconfiguration is one clear line, not a gunicorn boot loop.
    create_app(config.from_env())
    argv = [
        "gunicorn",
        "--bind", args.bind,
        "--workers", str(args.workers),
        "--access-logfile", "-",
        "helpdesk_empathy.intake.app:create_app()",
    ]  # fmt: skip
    os.execvp(argv[0], argv)
    return 0  # pragma: no cover - execvp does not return
