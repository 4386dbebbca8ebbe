"""The `helpdesk-empathy` command: one sub-command per module in helpdesk_empathy.cli."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from helpdesk_empathy import __version__, config
from helpdesk_empathy.cli.checks import unknown_variable_warnings
from helpdesk_empathy.errors import ConfigError
from helpdesk_empathy.ops.logs import configure_logging

COMMANDS = (
    "serve",
    "worker",
    "demo",
    "score",
    "eval",
    "preview",
    "install",
    "uninstall",
    "doctor",
    "backfill",
    "dev",
    "app",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="helpdesk-empathy",
        description="Hear how helpdesk customers feel; tag, prioritise, route, draft replies.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"helpdesk_empathy.cli.{name}")
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for warning in unknown_variable_warnings(os.environ):
        print(warning, file=sys.stderr)
    try:
        configure_logging(config.from_env(), verbose=args.verbose, keep_existing=True)
        return int(args.func(args) or 0)
    except ConfigError as error:
        # One line naming the variable or flag and what to do: never a traceback.
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
