"""`helpdesk-empathy demo`: the whole pipeline on this machine, with no set-up at all."""

from __future__ import annotations

import argparse

from helpdesk_empathy.dev.demo import run_demo


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo", help="run Redis, a helpdesk stub, the web app and a worker locally; send tickets"
    )
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds to wait for work")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return run_demo(timeout=args.timeout)
