"""The dashboard answers "which tickets, and why?": escalated tickets from the audit stream,
reasons as names, tickets counted apart from messages, languages, EN/FR, accessible charts."""

from __future__ import annotations

import re
import time

import pytest
from integration.test_dashboard import TOKEN, seed_from_corpus

from helpdesk_empathy.config import Settings
from helpdesk_empathy.decision.rules import EscalationRules
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.ops import aggregates, audit
from helpdesk_empathy.ops.dashboard_charts import LEVEL_COLORS, contrast_ratio
from helpdesk_empathy.ops.dashboard_view import QUEUE_COLORS
from helpdesk_empathy.ops.escalations import escalated_tickets, reasons_for, ticket_link

NOW = time.time()


@pytest.fixture
def settings(redis_server):
    return Settings(
        redis_url=redis_server.url, allow_test_secret=True, admin_token=TOKEN,
        zendesk=ZendeskSettings(subdomain="acme"),
    )  # fmt: skip


def record(ticket: str, *, at: float, escalate: bool = True, **fields) -> dict:
    base = {
        "at": at, "helpdesk": "zendesk", "ticket_id": ticket, "event_id": f"e-{ticket}-{at}",
        "language": "en", "level": "very_negative", "frustration": 88,
        "signals": ["churn_threat", "delay"], "escalate": escalate,
        "reasons": ["Strong frustration: 88/100 (escalates at 70).",
                    "Churn threat: says they may cancel or leave."],
    }  # fmt: skip
    return {**base, **fields}


def store(connection, records: list[dict]) -> None:
    with connection.pipeline() as pipe:
        audit.append_records(pipe, audit.AUDIT_STREAM, sorted(records, key=lambda r: r["at"]))
        pipe.execute()
    for item in records:
        aggregates.record(connection, item)


def test_reasons_are_rule_and_signal_names_never_text():
    rules = EscalationRules()
    angry = record("1", at=NOW)
    assert reasons_for(angry, rules) == ["frustration", "churn_threat"]
    repeat = record(
        "2", at=NOW, frustration=40, signals=["repeat_contact"],
        reasons=["Repeat contact: this is the customer's 3rd contact (escalates from the 3rd)."],
    )  # fmt: skip
    assert reasons_for(repeat, rules) == ["repeat_contact"]
    keys = ["frustration", "contact", "signal:legal_threat", "rising"]
    assert reasons_for({**angry, "escalation_rules": keys}, rules) == [
        "frustration",
        "repeat_contact",
        "legal_threat",
        "rising_trajectory",
    ]


def test_ticket_links_only_when_the_helpdesk_address_is_known():
    assert ticket_link(Settings(zendesk=ZendeskSettings(subdomain="acme")), "zendesk", "42") == (
        "https://acme.zendesk.com/agent/tickets/42"
    )
    assert ticket_link(Settings(), "zendesk", "42") is None
    assert (
        ticket_link(Settings(zendesk=ZendeskSettings(subdomain="acme")), "zendesk", "../x") is None
    )
    others = Settings().with_overrides(
        zammad_url="https://support.example.com/", freshdesk_domain="acme"
    )
    assert ticket_link(others, "zammad", "7") == "https://support.example.com/#ticket/zoom/7"
    assert ticket_link(others, "freshdesk", "7") == "https://acme.freshdesk.com/a/tickets/7"
    assert ticket_link(others, "unknown", "7") is None


def test_one_row_per_ticket_newest_first_with_counts_and_a_reason_filter():
    rows = [
        record("7", at=NOW - 10),
        record("8", at=NOW - 20, signals=["legal_threat"], frustration=50,
               reasons=["Legal threat: mentions a lawyer."]),
        record("7", at=NOW - 30),
        record("9", at=NOW - 40, escalate=False),
    ]  # fmt: skip
    result = escalated_tickets(
        rows, EscalationRules(signals=("churn_threat", "legal_threat")), Settings()
    )
    assert [r.ticket_id for r in result["rows"]] == ["7", "8"]
    assert result["rows"][0].messages == 2
    assert (result["tickets"], result["messages"]) == (2, 3)
    assert result["reasons"] == ["churn_threat", "frustration", "legal_threat"]
    only = escalated_tickets(rows, EscalationRules(signals=("legal_threat",)), Settings(),
                             reason="legal_threat")  # fmt: skip
    assert [r.ticket_id for r in only["rows"]] == ["8"] and only["tickets"] == 2


def test_the_page_lists_escalated_tickets_with_links_and_filters(client, redis_client):
    store(redis_client, [
        record("501", at=NOW - 60),
        record("501", at=NOW - 50),
        record("502", at=NOW - 40, language="fr", signals=["legal_threat"], frustration=55,
               reasons=["Legal threat: mentions a lawyer or court."]),
        record("503", at=NOW - 30, escalate=False, level="positive", frustration=0, signals=[]),
    ])  # fmt: skip
    page = client.get(f"/dashboard?token={TOKEN}").get_data(as_text=True)
    table = page.split('id="escalated-tickets"', 1)[1].split("</section>", 1)[0]
    assert table.count("<tr>") == 3  # header + two tickets
    assert 'href="https://acme.zendesk.com/agent/tickets/501"' in table
    assert '<span class="reason">churn_threat</span>' in table
    assert "Strong frustration" not in page and "mentions a lawyer" not in page
    assert re.search(r'id="tile-messages">[^<]*<b>4</b>', page)
    assert re.search(r'id="tile-tickets">[^<]*<b>3</b>', page)
    assert re.search(r'id="tile-escalated-tickets">[^<]*<b>2</b>', page)
    assert re.search(r'id="tile-escalations">[^<]*<b>3</b>', page)
    filtered = client.get(f"/dashboard?token={TOKEN}&reason=legal_threat").get_data(as_text=True)
    table = filtered.split('id="escalated-tickets"', 1)[1].split("</section>", 1)[0]
    assert "tickets/502" in table and "tickets/501" not in table
    hostile = client.get(f"/dashboard?token={TOKEN}&reason=<b>x").get_data(as_text=True)
    assert "<b>x" not in hostile
    data = client.get(f"/dashboard/data.json?token={TOKEN}").get_json()
    assert {r["language"]: r["total"] for r in data["languages"]} == {"en": 3, "fr": 1}
    assert data["escalated"]["rows"][0]["ticket_id"] == "502"


def test_french_readers_get_french(client, redis_client):
    store(redis_client, [record("601", at=NOW - 5)])
    response = client.get(
        f"/dashboard?token={TOKEN}", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}
    )
    page = response.get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Tickets escaladés récents" in page and "très négatif" in page
    assert "Accept-Language" in response.headers["Vary"]
    english = client.get(f"/dashboard?token={TOKEN}", headers={"Accept-Language": "de, en;q=0.5"})
    assert "Recent escalated tickets" in english.get_data(as_text=True)


def test_empty_state_says_what_to_do_next(client):
    page = client.get(f"/dashboard?token={TOKEN}").get_data(as_text=True)
    empty = page.split('id="empty-state"', 1)[1].split("</section>", 1)[0]
    for command in ("helpdesk-empathy install", "helpdesk-empathy dev --simulate",
                    "helpdesk-empathy backfill"):  # fmt: skip
        assert command in empty


def test_charts_have_data_tables_axis_titles_and_contrasting_colours(client, redis_client):
    seed_from_corpus(redis_client, limit=60)
    page = client.get(f"/dashboard?token={TOKEN}").get_data(as_text=True)
    sections = re.findall(r'<section id="chart-(\w+)">(.*?)</section>', page, re.S)
    assert len(sections) == 7
    for name, body in sections:
        assert "<details>" in body and "<table>" in body, name
        assert body.count('class="axis-title"') >= 2, name  # wide and narrow drawings
    colours = set(re.findall(r'<(?:rect|circle)[^>]*fill="(#[0-9a-f]{6})"', page))
    colours |= set(re.findall(r'<polyline[^>]*stroke="(#[0-9a-f]{6})"', page))
    colours |= set(LEVEL_COLORS.values()) | set(QUEUE_COLORS)
    colours.discard("#ffffff")  # the outline bars' inside; their stroke is checked below
    colours |= set(re.findall(r'fill="#ffffff" stroke="(#[0-9a-f]{6})"', page))
    assert colours
    for colour in colours:
        assert contrast_ratio(colour) >= 3, colour


def test_the_table_shows_the_rules_the_policy_recorded(client, redis_client):
    from helpdesk_empathy.analysis import analyze
    from helpdesk_empathy.decision import policy
    from helpdesk_empathy.decision.rules import default_rules
    from helpdesk_empathy.models import TicketEvent

    event = TicketEvent(
        helpdesk="zendesk", event_id="e-1", ticket_id="777", received_at=NOW - 1,
        text="Third time I write!!! I will cancel my account and talk to my lawyer. Useless.",
    )  # fmt: skip
    analysis = analyze(event.text, contact_count=3)
    decision = policy.decide(analysis, event, default_rules())
    assert decision.escalate and decision.escalation_keys
    record = audit.audit_record(event, analysis, decision, now=NOW).as_dict()
    assert record["escalation_rules"] == list(decision.escalation_keys)
    store(redis_client, [record])
    data = client.get(f"/dashboard/data.json?token={TOKEN}").get_json()
    [row] = data["escalated"]["rows"]
    expected = [key.removeprefix("signal:") for key in decision.escalation_keys]
    expected = ["repeat_contact" if key == "contact" else key for key in expected]
    assert row["reasons"] == expected
    assert all(" " not in name for name in row["reasons"])  # names, never sentences
