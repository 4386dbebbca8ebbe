"""`helpdesk-empathy worker`: process queued ticket events."""

from __future__ import annotations

import argparse

from helpdesk_empathy import config
from helpdesk_empathy.cli import checks
from helpdesk_empathy.pipeline.worker_main import run_worker


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("worker", help="run a background worker")
    parser.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    parser.add_argument("--fork", action="store_true", help="fork a child process per job")
    parser.add_argument("--name", help="worker name (default: generated)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = config.from_env()
    checks.validate_redis_url(settings.redis_url)
    config.validate_for_worker(settings)
    # No Redis check here: a worker waits for Redis and carries on (see worker_main).
    checks.require_rules(settings)
    ok = run_worker(settings, burst=args.burst, fork=args.fork, name=args.name)
    return 0 if ok else 1
