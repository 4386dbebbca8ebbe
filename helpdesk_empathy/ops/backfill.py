"""Backfill: score past tickets through Zendesk's incremental export to seed the dashboard.

Read-only towards the helpdesk: tickets are scored and counted in the aggregates, never
updated. The export endpoint allows 10 requests a minute, so requests are paced to that and a
429's Retry-After is honoured. The cursor is saved in Redis after every page: an interrupted
run resumes where it stopped, and a ticket is never counted twice.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import redis

from helpdesk_empathy import keys
from helpdesk_empathy.errors import HelpdeskError, TransientHelpdeskError
from helpdesk_empathy.models import Analysis
from helpdesk_empathy.ops import aggregates

log = logging.getLogger(__name__)

EXPORT_PATH = "/api/v2/incremental/tickets/cursor.json"
STATE_KEY = keys.BACKFILL_ZENDESK
STATE_TTL_SECONDS = 7 * 86400
EXPORT_REQUESTS_PER_MINUTE = 10  # Zendesk's limit for incremental exports
PAGE_SIZE = 1000
MAX_ATTEMPTS = 6
MAX_BACKFILL_SECONDS = aggregates.DAY.retention_seconds  # older counts would expire at once
_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


class BackfillError(HelpdeskError):
    """The export could not go on (the saved cursor lets a later run resume)."""


class BackfillAuthError(BackfillError):
    """The helpdesk refused our credentials: running again will not help, fixing them will."""


def parse_since(text: str, *, now: float) -> float:
    """Pure: '30d', '12h', '2w', '90m' ago, or an ISO date/time (UTC unless it says) -> epoch."""
    match = _DURATION.match(text)
    if match:
        return now - int(match.group(1)) * _UNITS[match.group(2)]
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"--since must look like 30d, 12h, 2w or 2024-05-01, got {text!r}"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _epoch(value: object) -> float | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def skip_reason(ticket: dict, *, since: float, tag_prefix: str) -> str | None:
    """Pure: why a ticket from the export is not scored, or None to score it."""
    if ticket.get("status") == "deleted":
        return "deleted"
    created = _epoch(ticket.get("created_at"))
    if created is None or created < since:
        return "created before --since"  # the export lists tickets *updated* since then
    if tag_prefix and any(str(t).startswith(tag_prefix) for t in ticket.get("tags") or ()):
        return "already processed live"
    if not str(ticket.get("description") or "").strip():
        return "no description"
    return None


def ticket_record(ticket: dict, analysis: Analysis) -> dict:
    """Pure: the aggregates record for one scored ticket (no text, no decision taken)."""
    return {
        "at": _epoch(ticket.get("created_at")) or 0.0,
        "helpdesk": "zendesk",
        "ticket_id": str(ticket.get("id")),
        "event_id": f"backfill:{ticket.get('id')}",
        "language": analysis.language,
        "level": analysis.level,
        "frustration": analysis.frustration,
        "signals": [signal.name for signal in analysis.signals],
        "escalate": False,  # nothing was routed back then: escalations count live ones only
    }


@dataclass
class Progress:
    since: float
    until: float
    started_at: float
    cursor: str | None = None
    pages: int = 0
    scored: int = 0
    skipped: int = 0
    position: float = 0.0  # the latest updated_at reached, epoch
    done: bool = False

    @property
    def fraction(self) -> float:
        span = self.until - self.since
        if self.done:
            return 1.0
        if span <= 0 or not self.position:
            return 0.0
        return min(1.0, max(0.0, (self.position - self.since) / span))


def load_state(connection: redis.Redis) -> Progress | None:
    raw = connection.get(STATE_KEY)
    if not raw:
        return None
    try:
        return Progress(**json.loads(raw))
    except (ValueError, TypeError):
        return None


def save_state(connection: redis.Redis, progress: Progress) -> None:
    connection.set(STATE_KEY, json.dumps(asdict(progress)), ex=STATE_TTL_SECONDS)


class Pacer:
    """Spaces request starts at least 60/rate seconds apart."""

    def __init__(self, per_minute: float, *, clock=time.monotonic, sleep=time.sleep):
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.clock, self.sleep = clock, sleep
        self.last: float | None = None

    def wait(self) -> None:
        if self.last is not None:
            remaining = self.last + self.interval - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self.last = self.clock()


def _default_scorer(text: str) -> Analysis:
    from helpdesk_empathy.analysis import analyze

    return analyze(text, contact_count=0)


def fetch_page(client, params: dict, pacer: Pacer) -> dict:
    """One export page, waiting out 429s (Retry-After) and brief outages."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        pacer.wait()
        try:
            response = client.rest.request("GET", EXPORT_PATH, params=params, allow=(401, 403))
            if response.status_code in (401, 403):
                raise BackfillAuthError(
                    f"Zendesk answered {response.status_code} to the export: check the token "
                    "(ZENDESK_EMAIL with ZENDESK_API_TOKEN, or ZENDESK_OAUTH_TOKEN) and that "
                    "the API user is an admin"
                )
            return client._json(response)
        except TransientHelpdeskError as error:
            if attempt == MAX_ATTEMPTS:
                raise BackfillError(f"export kept failing: {error}") from None
            wait = error.retry_after if error.retry_after is not None else pacer.interval * attempt
            log.info("export paused %.0fs (%s)", wait, error)
            pacer.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def run_backfill(
    client,
    connection: redis.Redis,
    *,
    since: float,
    now: float,
    tag_prefix: str = "",
    score: Callable[[str], Analysis] | None = None,
    per_minute: float = EXPORT_REQUESTS_PER_MINUTE,
    restart: bool = False,
    max_pages: int | None = None,
    on_page: Callable[[Progress], None] | None = None,
    pacer: Pacer | None = None,
) -> Progress:
    """Export tickets changed since `since`, score new ones, count them; resumable."""
    score = score or _default_scorer
    pacer = pacer or Pacer(per_minute)
    progress = None if restart else load_state(connection)
    if progress is not None:
        log.info("resuming the backfill started at %s", progress.started_at)
    else:
        since = max(since, now - MAX_BACKFILL_SECONDS)
        progress = Progress(since=since, until=now, started_at=now)
    pages_this_run = 0
    while not progress.done and (max_pages is None or pages_this_run < max_pages):
        params: dict[str, object] = {"per_page": PAGE_SIZE, "exclude_deleted": "true"}
        if progress.cursor:
            params["cursor"] = progress.cursor
        else:
            params["start_time"] = int(progress.since)
        page = fetch_page(client, params, pacer)
        for ticket in page.get("tickets") or []:
            _handle_ticket(connection, ticket, progress, tag_prefix, score)
        progress.pages += 1
        pages_this_run += 1
        progress.cursor = page.get("after_cursor") or progress.cursor
        progress.done = bool(page.get("end_of_stream")) or not page.get("after_cursor")
        if progress.done:
            connection.delete(STATE_KEY)
        else:
            save_state(connection, progress)
        if on_page:
            on_page(progress)
    return progress


def _handle_ticket(connection, ticket: dict, progress: Progress, tag_prefix: str, score) -> None:
    updated = _epoch(ticket.get("updated_at"))
    if updated:
        progress.position = max(progress.position, updated)
    if skip_reason(ticket, since=progress.since, tag_prefix=tag_prefix):
        progress.skipped += 1
        return
    record = ticket_record(ticket, score(str(ticket["description"])))
    counted = aggregates.record(
        connection,
        record,
        topic_tags=ticket.get("tags") or (),
        dedupe_id=f"zendesk:backfill:{record['ticket_id']}",
        dedupe_seconds=aggregates.DAY.retention_seconds,
        ignore_prefix=tag_prefix,
    )
    if counted:
        progress.scored += 1
    else:
        progress.skipped += 1
