"""`helpdesk-empathy backfill --since 30d`: score past tickets to seed the dashboard."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from typing import IO

from helpdesk_empathy import config
from helpdesk_empathy.cli import checks
from helpdesk_empathy.errors import ConfigError, HelpdeskError
from helpdesk_empathy.ops import metrics
from helpdesk_empathy.ops.backfill import (
    EXPORT_REQUESTS_PER_MINUTE,
    BackfillAuthError,
    Progress,
    parse_since,
    run_backfill,
)
from helpdesk_empathy.pipeline.queue import connect

BAR_WIDTH = 30


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "backfill",
        help="score past tickets (read-only) through the incremental export, for the dashboard",
    )
    parser.add_argument(
        "--since", default="30d", help="how far back: 30d, 12h, 2w or a date like 2024-05-01"
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=EXPORT_REQUESTS_PER_MINUTE,
        help="export requests per minute (Zendesk allows 10; 30 with the high-volume add-on)",
    )
    parser.add_argument("--restart", action="store_true", help="ignore a saved cursor")
    parser.add_argument("--max-pages", type=int, help="stop after this many pages (resumable)")
    parser.set_defaults(func=run)


def progress_line(progress: Progress, *, elapsed: float) -> str:
    """Pure: `[#####.....]  45%  page 3  1,234 scored  56 skipped  up to 2024-05-02`."""
    filled = round(BAR_WIDTH * progress.fraction)
    reached = (
        datetime.fromtimestamp(progress.position, UTC).strftime("%Y-%m-%d %H:%M")
        if progress.position
        else "-"
    )
    return (
        f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {progress.fraction:4.0%}  "
        f"page {progress.pages}  {progress.scored:,} scored  {progress.skipped:,} skipped  "
        f"up to {reached}  {elapsed:.0f}s"
    )


def make_reporter(stream: IO[str], started: float):
    tty = stream.isatty()

    def report(progress: Progress) -> None:
        line = progress_line(progress, elapsed=time.monotonic() - started)
        # A terminal gets one bar redrawn in place; a log file gets one line per page.
        stream.write(("\r" + line) if tty else line + "\n")
        stream.flush()

    return report


def run(args: argparse.Namespace) -> int:
    from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient

    settings = config.from_env()
    config.validate_for_worker(settings)
    if not settings.zendesk.configured:
        raise ConfigError(
            f"backfill reads Zendesk's export: set {config.PREFIX}ZENDESK_SUBDOMAIN "
            "(e.g. 'acme' for acme.zendesk.com) and its credentials"
        )
    now = time.time()
    try:
        since = parse_since(args.since, now=now)
    except ValueError as error:
        raise ConfigError(str(error)) from None
    checks.require_redis(settings)
    connection = connect(settings)
    client = ZendeskClient(settings)
    metrics.install_sink(connection)
    metrics.instrument(client)
    started = time.monotonic()
    try:
        progress = run_backfill(
            client,
            connection,
            since=since,
            now=now,
            tag_prefix=settings.tag_prefix,
            per_minute=args.rate,
            restart=args.restart,
            max_pages=args.max_pages,
            on_page=make_reporter(sys.stderr, started),
        )
    except KeyboardInterrupt:
        print("\ninterrupted: run the same command again to resume", file=sys.stderr)
        return 130
    except BackfillAuthError as error:
        print(f"\nbackfill stopped: {error}", file=sys.stderr)
        return 1
    except HelpdeskError as error:
        print(f"\nbackfill stopped: {error}; run again to resume", file=sys.stderr)
        return 1
    finally:
        client.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    state = "done" if progress.done else "paused (run again to resume)"
    print(f"backfill {state}: {progress.scored} tickets scored, {progress.skipped} skipped")
    return 0
