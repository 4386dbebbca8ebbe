"""Zendesk's cursor-based incremental ticket export, for the stub (`backfill` against `dev`).

`GET /api/v2/incremental/tickets/cursor.json?start_time=<epoch>` (or `?cursor=`) answers
`{tickets, after_url, after_cursor, before_url, before_cursor, end_of_stream}`, oldest change
first. Like Zendesk, changes of the last minute are left out, and a page holds up to 1,000.
"""

from __future__ import annotations

import base64
import binascii
import time
from datetime import datetime
from typing import Any

from helpdesk_empathy.dev.stubs.state import StubError

MAX_PER_PAGE = 1000
RECENT_SECONDS = 60  # Zendesk excludes what changed within the minute before the request


def _epoch(stamp: str) -> int:
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp())


def encode_cursor(updated: int, ticket_id: int) -> str:
    return base64.urlsafe_b64encode(f"{updated}|{ticket_id}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[int, int]:
    try:
        updated, ticket_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return int(updated), int(ticket_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise StubError(400, "InvalidPaginationParameter", "cursor is invalid") from None


def export_page(
    tickets: list[dict[str, Any]], args: dict[str, str], *, base_url: str, now: float | None = None
) -> dict[str, Any]:
    """Pure: one page of the export over `tickets` (Zendesk ticket JSON objects)."""
    now = time.time() if now is None else now
    if args.get("cursor"):
        position = decode_cursor(args["cursor"])
    elif args.get("start_time", "").isdigit():
        start = int(args["start_time"])
        if start > now - RECENT_SECONDS:
            raise StubError(400, "InvalidValue", "start_time must be more than a minute ago")
        position = (start, -1)  # everything changed at or after start_time
    else:
        raise StubError(400, "InvalidPaginationParameter", "start_time or cursor is required")
    try:
        per_page = min(MAX_PER_PAGE, max(1, int(args.get("per_page", MAX_PER_PAGE))))
    except ValueError:
        raise StubError(400, "InvalidValue", "per_page must be a number") from None
    ceiling = now - RECENT_SECONDS
    changes = sorted(
        (_epoch(t["updated_at"]), t["id"], t)
        for t in tickets
        if _epoch(t["updated_at"]) <= ceiling
        and (args.get("exclude_deleted") != "true" or t.get("status") != "deleted")
    )
    after = [(u, i, t) for u, i, t in changes if (u, i) > position]
    page = after[:per_page]
    last = (page[-1][0], page[-1][1]) if page else position
    cursor = encode_cursor(max(last[0], 0), max(last[1], 0))
    return {
        "tickets": [ticket for _, _, ticket in page],
        "after_url": f"{base_url}/api/v2/incremental/tickets/cursor.json?cursor={cursor}",
        "after_cursor": cursor,
        "before_url": None,
        "before_cursor": None,
        "end_of_stream": len(after) <= per_page,
    }
