"""The stub's incremental export (Zendesk's cursor shape): `backfill` runs against `dev`'s stub."""

from __future__ import annotations

import time

import pytest

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.stack import HISTORY_TICKETS, seed_history
from helpdesk_empathy.dev.stubs.export import export_page
from helpdesk_empathy.dev.stubs.state import StubError
from helpdesk_empathy.dev.stubs.zendesk import run_stub_in_thread
from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.ops import aggregates
from helpdesk_empathy.ops.backfill import Pacer, run_backfill

NOW = 1_800_000_000


def stamp(epoch: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def tickets(*ages: int) -> list[dict]:
    return [
        {"id": 100 + n, "updated_at": stamp(NOW - age), "status": "open"}
        for n, age in enumerate(ages)
    ]


def test_pages_follow_the_cursor_oldest_change_first_to_the_end_of_stream():
    items = tickets(500, 400, 300, 200, 100)
    first = export_page(
        items, {"start_time": str(NOW - 1000), "per_page": "2"}, base_url="", now=NOW
    )
    assert [t["id"] for t in first["tickets"]] == [100, 101]
    assert first["end_of_stream"] is False
    assert first["after_url"].endswith(f"cursor={first['after_cursor']}")
    assert first["before_cursor"] is None
    second = export_page(
        items, {"cursor": first["after_cursor"], "per_page": "2"}, base_url="", now=NOW
    )
    assert [t["id"] for t in second["tickets"]] == [102, 103]
    last = export_page(
        items, {"cursor": second["after_cursor"], "per_page": "2"}, base_url="", now=NOW
    )
    assert [t["id"] for t in last["tickets"]] == [104]
    assert last["end_of_stream"] is True and last["after_cursor"]


def test_changes_of_the_last_minute_and_before_start_time_are_left_out():
    items = tickets(5000, 300, 30)
    page = export_page(items, {"start_time": str(NOW - 1000)}, base_url="", now=NOW)
    assert [t["id"] for t in page["tickets"]] == [101]


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"cursor": "not-a-cursor"},
        {"start_time": str(NOW)},
        {"start_time": "1", "per_page": "x"},
    ],
)
def test_bad_parameters_are_a_400_like_zendesk(args):
    with pytest.raises(StubError) as error:
        export_page(tickets(100), args, base_url="", now=NOW)
    assert error.value.status == 400


def test_backfill_scores_the_dev_stub_history(redis_client):
    url, stub, stop = run_stub_in_thread()
    try:
        seed_history(stub, now=time.time())
        settings = Settings(
            zendesk=ZendeskSettings(base_url=url, email="dev@example.com", api_token="t")
        )
        client = ZendeskClient(settings)
        progress = run_backfill(
            client, redis_client, since=time.time() - 30 * 86400, now=time.time(),
            tag_prefix="empathy", pacer=Pacer(0),
        )  # fmt: skip
        client.close()
    finally:
        stop()
    assert progress.done
    assert progress.scored == HISTORY_TICKETS
    days = aggregates.read_buckets(redis_client, aggregates.DAY, now=time.time(), count=30)
    assert aggregates.summarize(days)["totals"]["messages"] == HISTORY_TICKETS
