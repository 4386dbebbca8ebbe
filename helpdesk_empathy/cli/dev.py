"""`helpdesk-empathy dev`: the whole stack on this machine until Ctrl-C, to look around."""

from __future__ import annotations

import argparse
import errno
import signal
import socket
import sys
import threading
from typing import TextIO

from helpdesk_empathy import config
from helpdesk_empathy.dev.local import WorkerDied
from helpdesk_empathy.dev.stack import Stack, run_stack, wait_until_stopped
from helpdesk_empathy.errors import ConfigError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dev",
        help="run Redis, a Zendesk stub, the web app and a worker locally until Ctrl-C",
    )
    parser.add_argument("--port", type=int, default=8000, help="the web app's port (8000)")
    parser.add_argument("--host", default="127.0.0.1", help="the web app's address")
    parser.add_argument(
        "--simulate", action="store_true", help="keep sending signed English and French webhooks"
    )
    parser.set_defaults(func=run)


def describe(stack: Stack, *, simulate: bool, out: TextIO) -> None:
    settings = stack.settings
    print("helpdesk-empathy dev: everything runs on this machine; Ctrl-C stops it all.", file=out)
    rows = [
        ("receiver", stack.receiver_url),
        ("dashboard", stack.dashboard_url),
        ("Zendesk stub", stack.stub_url),
        ("sidebar assets", stack.assets_url),
        ("Redis", f"{settings.redis_url} (embedded, no persistence: gone when dev stops)"),
        ("signing secret", settings.webhook_signing_secret),
    ]
    for name, value in rows:
        print(f"  {name:<15} {value}", file=out)
    if simulate:
        print("Simulating: signed English and French webhooks every second or two.", file=out)
    else:
        print("Add --simulate to send a steady mix of signed webhooks.", file=out)
    env = " ".join(
        f"{config.PREFIX}{name}={value}"
        for name, value in (
            ("REDIS_URL", settings.redis_url),
            ("ZENDESK_BASE_URL", stack.stub_url),
            ("ZENDESK_EMAIL", settings.zendesk.email),
            ("ZENDESK_API_TOKEN", settings.zendesk.api_token),
        )
    )
    print(f"Try the backfill (the stub holds past tickets):\n  {env} \\", file=out)
    print("  helpdesk-empathy backfill --since 30d", file=out, flush=True)


def require_free_port(host: str, port: int) -> None:
    """Say so before starting anything, rather than after Redis and the stub are up."""
    if not 0 < port < 65536:
        raise ConfigError(f"--port must be between 1 and 65535, got {port}")
    with socket.socket() as probe:
        # As the web server will: a port left in TIME_WAIT by a previous run is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise ConfigError(
                    f"--port {port} is already in use: stop what uses it or pick another --port"
                ) from None
            raise ConfigError(f"--host {host} --port {port}: {error.strerror}") from None


def run(args: argparse.Namespace) -> int:
    require_free_port(args.host, args.port)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    try:
        with run_stack(
            config.from_env(), port=args.port, host=args.host, simulate=args.simulate
        ) as stack:
            describe(stack, simulate=args.simulate, out=sys.stdout)
            wait_until_stopped(stack, stop.is_set)
            print("stopping...", file=sys.stderr)
    except WorkerDied as error:
        print(f"error: {error}; see its log lines above", file=sys.stderr)
        return 1
    return 0
