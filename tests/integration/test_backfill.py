"""Backfill through the incremental export: pacing, 429s, resuming, counting each ticket once."""

import logging
import time
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

import pytest
import responses

from helpdesk_empathy import cli
from helpdesk_empathy.cli.backfill import progress_line
from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.ops import aggregates, backfill
from helpdesk_empathy.ops.aggregates import DAY
from helpdesk_empathy.ops.backfill import Pacer, Progress, parse_since, run_backfill, skip_reason

BASE = "https://acme.zendesk.com"
EXPORT = BASE + backfill.EXPORT_PATH
NOW = time.time()
SINCE = NOW - 30 * 86400
ANGRY = "This is the THIRD time I write. Nobody answers and I want a refund NOW or I cancel!!!"
CALM = "Hello, could you tell me how to change my delivery address? Thanks."


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def ticket(tid, *, days_ago=2.0, text=ANGRY, tags=("shipping",), status="open"):
    at = NOW - days_ago * 86400
    return {
        "id": tid,
        "created_at": iso(at),
        "updated_at": iso(at + 3600),
        "status": status,
        "tags": list(tags),
        "description": text,
    }


class FakeTime:
    """A clock that only moves when slept on; records every sleep."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture
def fake_time():
    return FakeTime()


@pytest.fixture
def pacer(fake_time):
    return Pacer(10, clock=fake_time.clock, sleep=fake_time.sleep)


@pytest.fixture
def client():
    settings = Settings(
        zendesk=ZendeskSettings(subdomain="acme", email="a@acme.example", api_token="t")
    )
    return ZendeskClient(settings)


def page(tickets, *, cursor="c1", end=False):
    return {"tickets": tickets, "after_cursor": cursor, "end_of_stream": end}


def query(call) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(call.request.url).query).items()}


def day_total(redis_client) -> int:
    buckets = aggregates.read_buckets(redis_client, DAY, now=NOW, count=40)
    return aggregates.summarize(buckets)["totals"]["messages"]


def test_parse_since_accepts_durations_and_dates():
    assert parse_since("30d", now=NOW) == NOW - 30 * 86400
    assert parse_since("12h", now=NOW) == NOW - 12 * 3600
    assert parse_since("2w", now=NOW) == NOW - 14 * 86400
    assert parse_since("2026-05-01", now=NOW) == datetime(2026, 5, 1, tzinfo=UTC).timestamp()
    with pytest.raises(ValueError, match="--since"):
        parse_since("last month", now=NOW)


def test_skip_reasons():
    assert skip_reason(ticket(1), since=SINCE, tag_prefix="empathy") is None
    assert skip_reason(ticket(1, status="deleted"), since=SINCE, tag_prefix="") == "deleted"
    assert skip_reason(ticket(1, days_ago=40), since=SINCE, tag_prefix="")
    processed = ticket(1, tags=("empathy_negative", "shipping"))
    assert skip_reason(processed, since=SINCE, tag_prefix="empathy") == "already processed live"
    assert skip_reason(ticket(1, text="  "), since=SINCE, tag_prefix="") == "no description"


@responses.activate
def test_pages_are_paced_scored_and_counted(client, redis_client, pacer, fake_time):
    first = [
        ticket(1),
        ticket(2, text=CALM, tags=("account",)),
        ticket(3, status="deleted"),
        ticket(4, tags=("empathy_negative",)),
        ticket(5, days_ago=45),  # updated recently, created before --since
    ]
    responses.get(EXPORT, json=page(first, cursor="c1"))
    responses.get(EXPORT, json=page([ticket(6, days_ago=1)], cursor="c2", end=True))
    progress = run_backfill(
        client, redis_client, since=SINCE, now=NOW, tag_prefix="empathy", pacer=pacer
    )
    assert progress.done and progress.pages == 2
    assert (progress.scored, progress.skipped) == (3, 3)
    assert query(responses.calls[0])["start_time"] == str(int(SINCE))
    assert query(responses.calls[0])["exclude_deleted"] == "true"
    assert query(responses.calls[1])["cursor"] == "c1"
    assert fake_time.sleeps == [6.0]  # 10 requests a minute
    assert all(call.request.method == "GET" for call in responses.calls)  # read-only
    assert day_total(redis_client) == 3
    summary = aggregates.summarize(aggregates.read_buckets(redis_client, DAY, now=NOW, count=40))
    assert summary["totals"]["negative"] >= 2  # the two angry tickets
    assert summary["totals"]["escalations"] == 0  # nothing was routed back then
    assert {"tag": "shipping", "negative": 2} in summary["negative_tags"]
    assert redis_client.get(backfill.STATE_KEY) is None


@responses.activate
def test_a_429_is_waited_out_for_its_retry_after(client, redis_client, pacer, fake_time):
    responses.get(EXPORT, status=429, headers={"Retry-After": "37"})
    responses.get(EXPORT, json=page([ticket(1)], end=True))
    progress = run_backfill(client, redis_client, since=SINCE, now=NOW, pacer=pacer)
    assert progress.scored == 1
    assert 37.0 in fake_time.sleeps
    assert len(responses.calls) == 2


@responses.activate
def test_an_interrupted_backfill_resumes_from_its_cursor(client, redis_client, pacer):
    responses.get(EXPORT, json=page([ticket(1), ticket(2)], cursor="c1"))
    first = run_backfill(client, redis_client, since=SINCE, now=NOW, max_pages=1, pacer=pacer)
    assert not first.done and first.scored == 2
    assert backfill.load_state(redis_client).cursor == "c1"

    responses.get(EXPORT, json=page([ticket(2), ticket(3)], cursor="c2", end=True))
    second = run_backfill(client, redis_client, since=NOW - 86400, now=NOW + 60, pacer=pacer)
    assert query(responses.calls[-1])["cursor"] == "c1"
    assert second.done and second.pages == 2
    assert second.since == SINCE  # the saved run's range, not the new argument
    assert second.scored == 3  # ticket 2 came twice and counted once
    assert day_total(redis_client) == 3


@responses.activate
def test_a_restart_counts_nothing_twice(client, redis_client, pacer):
    responses.get(EXPORT, json=page([ticket(1), ticket(2)], end=True))
    run_backfill(client, redis_client, since=SINCE, now=NOW, pacer=pacer)
    again = run_backfill(client, redis_client, since=SINCE, now=NOW, restart=True, pacer=pacer)
    assert again.scored == 0 and again.skipped == 2
    assert day_total(redis_client) == 2


@responses.activate
def test_persistent_failure_stops_with_the_cursor_saved(client, redis_client, pacer):
    responses.get(EXPORT, json=page([ticket(1)], cursor="c1"))
    for _ in range(backfill.MAX_ATTEMPTS):
        responses.get(EXPORT, status=503)
    with pytest.raises(backfill.BackfillError):
        run_backfill(client, redis_client, since=SINCE, now=NOW, pacer=pacer)
    assert backfill.load_state(redis_client).cursor == "c1"


def test_progress_line():
    progress = Progress(since=0, until=100, started_at=0, pages=3, scored=1234, skipped=5)
    progress.position = 50
    line = progress_line(progress, elapsed=12)
    assert line.startswith("[" + "#" * 15 + "." * 15 + "]")
    assert "50%" in line and "1,234 scored" in line and "page 3" in line


@responses.activate
def test_the_command_prints_progress_and_a_summary(monkeypatch, redis_server, redis_client, capsys):
    for name, value in {
        "ZENDESK_SUBDOMAIN": "acme",
        "ZENDESK_EMAIL": "a@acme.example",
        "ZENDESK_API_TOKEN": "t",
        "REDIS_URL": redis_server.url,
    }.items():
        monkeypatch.setenv("HELPDESK_EMPATHY_" + name, value)
    responses.get(EXPORT, json=page([ticket(1), ticket(2, text=CALM)], cursor="c1"))
    responses.get(EXPORT, json=page([ticket(3)], cursor="c2", end=True))
    assert cli.main(["backfill", "--since", "30d", "--rate", "6000"]) == 0
    out, err = capsys.readouterr()
    assert "backfill done: 3 tickets scored, 0 skipped" in out
    assert "100%" in err and "page 2" in err
    assert ANGRY not in out + err


@pytest.fixture(autouse=True)
def _drop_cli_log_handler():
    # cli.main installs a root handler on the captured stderr: remove it after each test.
    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_helpdesk_empathy", False):
            root.removeHandler(handler)
