"""The admin dashboard: off without a token, guarded by it, charts from the aggregates only."""

import base64
import json
import re
import time
from pathlib import Path

import pytest

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.config import Settings
from helpdesk_empathy.decision import policy
from helpdesk_empathy.decision.rules import default_rules
from helpdesk_empathy.intake.app import create_app
from helpdesk_empathy.models import TicketEvent
from helpdesk_empathy.ops import aggregates, audit
from helpdesk_empathy.pipeline.queue import make_queue

CORPUS = Path(__file__).parents[1] / "data" / "support_corpus.jsonl"
TOKEN = "s3cret-admin-token"
TOPICS = {
    "billing": ("refund", "charge", "invoice", "rembours", "factur", "payment"),
    "shipping": ("order", "parcel", "deliver", "commande", "colis", "livr"),
    "account": ("password", "login", "account", "compte", "mot de passe"),
}


def topic_of(text: str) -> str:
    lowered = text.lower()
    return next((t for t, words in TOPICS.items() if any(w in lowered for w in words)), "general")


def seed_from_corpus(
    connection,
    *,
    limit: int = 120,
    days: int = 14,
    now: float | None = None,
    write_audit: bool = False,
):
    """Score real support messages through the job's own steps and count them, spread over
    the last `days` days (and, with write_audit, append them to the audit trail in time
    order); returns the records (scores and signals only) as dicts."""
    now = now or time.time()
    rules = default_rules()
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()][:limit]
    records, audit_records = [], []
    for index, row in enumerate(rows):
        at = now - (index % days) * 86400 - (index % 7) * 3600
        event = TicketEvent(
            helpdesk="zendesk",
            event_id=f"seed-{row['id']}",
            ticket_id=str(1000 + index),
            text=row["text"],
            tags=(topic_of(row["text"]), "empathy_seen"),
            received_at=at - 1.5,
        )
        analysis = analyze(event.text, contact_count=0)
        decision = policy.decide(analysis, event, rules)
        audit_record = audit.audit_record(event, analysis, decision, now=at)
        record = audit_record.as_dict()
        aggregates.record(connection, record, topic_tags=event.tags, ignore_prefix="empathy")
        records.append(record)
        audit_records.append(audit_record)
    if write_audit:
        audit.write_audits(connection, sorted(audit_records, key=lambda r: r.at))
    return records


@pytest.fixture
def settings(redis_server):
    return Settings(redis_url=redis_server.url, allow_test_secret=True, admin_token=TOKEN)


def basic(password: str) -> dict:
    raw = base64.b64encode(f"admin:{password}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def test_off_without_an_admin_token(settings, redis_client):
    client = create_app(settings.with_overrides(admin_token="")).test_client()
    assert client.get("/dashboard").status_code == 404
    assert client.get(f"/dashboard/data.json?token={TOKEN}").status_code == 404


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"headers": {"Authorization": "Bearer wrong"}},
        {"headers": basic("wrong")},
        {"query_string": {"token": TOKEN[:-1]}},
    ],
)
def test_requires_the_token(client, kwargs):
    response = client.get("/dashboard", **kwargs)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"headers": {"Authorization": f"Bearer {TOKEN}"}},
        {"headers": basic(TOKEN)},
        {"query_string": {"token": TOKEN}},
    ],
)
def test_accepts_bearer_basic_or_query_token(client, kwargs):
    response = client.get("/dashboard", **kwargs)
    assert response.status_code == 200
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_data_reflects_the_scored_messages(client, redis_client, settings):
    records = seed_from_corpus(redis_client, limit=60)
    make_queue(redis_client, settings).enqueue("builtins.len", "x")
    data = client.get("/dashboard/data.json?range=30d", headers=basic(TOKEN)).get_json()
    assert len(data["buckets"]) == 30
    assert data["totals"]["messages"] == len(records)
    negative = sum(r["level"] in aggregates.NEGATIVE_LEVELS for r in records)
    assert data["totals"]["negative"] == negative
    assert data["totals"]["escalations"] == sum(r["escalate"] for r in records)
    for level in data["levels"]:
        assert sum(data["levels"][level]) == sum(r["level"] == level for r in records)
    assert data["queue"]["queued"] == 1 and data["queue"]["failed"] == 0
    assert data["negative_signals"] and data["negative_tags"]
    assert all(not row["tag"].startswith("empathy") for row in data["negative_tags"])


def test_the_page_draws_seven_charts_and_no_ticket_text(client, redis_client):
    records = seed_from_corpus(redis_client, limit=60)
    aggregates.record(
        redis_client,
        {**records[0], "event_id": "x", "level": "negative"},
        topic_tags=["<script>"],
    )
    page = client.get(f"/dashboard?token={TOKEN}").get_data(as_text=True)
    assert page.count("<svg") == 14  # seven charts, each drawn for wide screens and phones
    assert "No data yet" not in page
    assert "<rect" in page and "<polyline" in page
    assert "<script" not in page and "&lt;script&gt;" in page  # tags are escaped
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()][:60]
    assert not any(row["text"][:40] in page for row in rows)
    # Nothing loads from elsewhere: the only URLs are the page's own range links.
    assert re.findall(r'(?:src|href)="([^"]*)"', page)
    assert all(u.startswith("/dashboard") for u in re.findall(r'(?:src|href)="([^"]*)"', page))


def test_hour_range_and_empty_state(client, redis_client):
    empty = client.get("/dashboard?range=48h", headers=basic(TOKEN)).get_data(as_text=True)
    assert "No data yet" in empty
    seed_from_corpus(redis_client, limit=10, days=1)
    data = client.get("/dashboard/data.json?range=48h", headers=basic(TOKEN)).get_json()
    assert data["granularity"] == "hour" and len(data["buckets"]) == 48
    assert sum(data["counts"]) == 10
    assert client.get("/dashboard/data.json?range=1y", headers=basic(TOKEN)).status_code == 400
