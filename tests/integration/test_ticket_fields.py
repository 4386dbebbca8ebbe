"""Zendesk custom ticket fields: install --fields, the write-back, doctor, and degrading to tags."""

from __future__ import annotations

import io
import re

import pytest
from builders import event_for

from helpdesk_empathy.cli.doctor import doctor
from helpdesk_empathy.cli.install import install
from helpdesk_empathy.cli.uninstall import uninstall
from helpdesk_empathy.config import Settings
from helpdesk_empathy.decision.policy import decide
from helpdesk_empathy.decision.rules import default_rules
from helpdesk_empathy.dev.stubs import run_stub_in_thread
from helpdesk_empathy.dev.stubs.state import Failure
from helpdesk_empathy.helpdesks.zendesk import fields as ticket_fields
from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.models import Analysis, Signal

HOOK = "https://support-tools.example.com/webhooks/zendesk"
LEVEL_OPTIONS = [
    "empathy_sentiment_very_negative",
    "empathy_sentiment_negative",
    "empathy_sentiment_neutral",
    "empathy_sentiment_positive",
    "empathy_sentiment_very_positive",
    "empathy_sentiment_unknown",
]


@pytest.fixture
def stub(redis_server):
    url, state, shutdown = run_stub_in_thread()
    settings = Settings(
        zendesk=ZendeskSettings(base_url=url, email="bot@acme.test", api_token="t"),
        redis_url=redis_server.url,
    )
    yield settings, state
    shutdown()


def run_install(settings, **kwargs) -> str:
    out = io.StringIO()
    assert install(settings, HOOK, out=out, **kwargs) == 0
    return out.getvalue()


def configured(settings, output: str) -> Settings:
    line = re.search(r"HELPDESK_EMPATHY_ZENDESK_FIELD_IDS=(\S+)", output).group(1)
    return settings.with_overrides(zendesk_field_ids=line)


def test_install_fields_creates_three_fields_once(stub):
    settings, state = stub
    first = run_install(settings, dry_run=False, fields=True)
    fields = {f["title"]: f for f in state.ticket_fields.values()}
    level = fields["Sentiment (helpdesk-empathy)"]
    assert level["type"] == "tagger"
    assert [o["value"] for o in level["custom_field_options"]] == LEVEL_OPTIONS
    assert fields["Frustration (helpdesk-empathy)"]["type"] == "integer"
    escalated = fields["Escalated by empathy"]
    assert escalated["type"] == "checkbox" and escalated["tag"] == "empathy_escalated"
    ids = ticket_fields.parse_field_ids(configured(settings, first).zendesk.field_ids)
    assert set(ids) == {"sentiment_level", "frustration", "escalated"}
    second = run_install(settings, dry_run=False, fields=True)
    assert len(state.ticket_fields) == 3  # idempotent
    assert (
        "keep" in second and ticket_fields.env_line({k: str(v) for k, v in ids.items()}) in second
    )


def test_dry_run_shows_the_fields_and_creates_nothing(stub):
    settings, state = stub
    text = run_install(settings, dry_run=True, fields=True)
    assert text.count("POST /api/v2/ticket_fields") == 3
    assert '"type": "tagger"' in text and '"tag": "empathy_escalated"' in text
    assert state.ticket_fields == {} and state.webhooks == {}


def test_without_the_flag_no_field_is_created(stub):
    settings, state = stub
    run_install(settings, dry_run=False)
    assert state.ticket_fields == {}


def test_uninstall_removes_the_fields_and_dry_run_shows_it(stub):
    settings, state = stub
    run_install(settings, dry_run=False, fields=True)
    state.ticket_fields[999] = {"id": 999, "title": "Order number", "type": "integer"}
    out = io.StringIO()
    assert uninstall(settings, dry_run=True, out=out) == 0
    assert out.getvalue().count("DELETE /api/v2/ticket_fields/") == 3
    assert len(state.ticket_fields) == 4
    assert uninstall(settings, dry_run=False, out=io.StringIO()) == 0
    assert list(state.ticket_fields) == [999]  # only ours


def angry_decision(ticket: dict):
    analysis = Analysis(
        language="en",
        compound=-0.8,
        level="very_negative",
        frustration=82,
        signals=(Signal("wants_human", 16.0, "asks for a person"),),
    )
    event = event_for(ticket, "I want to speak to a manager", "e1")
    return event, decide(analysis, event, default_rules())


def test_every_write_sets_the_fields_in_the_same_request_as_the_tags(stub):
    settings, state = stub
    settings = configured(settings, run_install(settings, dry_run=False, fields=True))
    ids = ticket_fields.parse_field_ids(settings.zendesk.field_ids)
    ticket = state.add_ticket(text="hello", priority="normal")
    event, decision = angry_decision(ticket)
    client = ZendeskClient(settings)
    result = client.apply(event, decision)
    assert result.requests_made == 1  # one PUT: tags, fields, priority and note together
    updated = state.get_ticket(ticket["id"])
    values = {entry["id"]: entry["value"] for entry in updated["custom_fields"]}
    assert values[ids["sentiment_level"]] == "empathy_sentiment_very_negative"
    assert values[ids["frustration"]] == 82
    assert values[ids["escalated"]] is True
    assert "empathy_sentiment_very_negative" in updated["tags"]


def test_the_batch_path_sets_the_fields_too(stub):
    settings, state = stub
    settings = configured(settings, run_install(settings, dry_run=False, fields=True))
    ids = ticket_fields.parse_field_ids(settings.zendesk.field_ids)
    tickets = [state.add_ticket(text="hello", priority="normal") for _ in range(2)]
    client = ZendeskClient(settings)
    client.apply_many([angry_decision(ticket) for ticket in tickets])
    for ticket in tickets:
        values = {e["id"]: e["value"] for e in state.get_ticket(ticket["id"])["custom_fields"]}
        assert values[ids["frustration"]] == 82


def test_a_deleted_field_degrades_to_tags_and_doctor_warns(stub):
    settings, state = stub
    settings = configured(settings, run_install(settings, dry_run=False, fields=True))
    ids = ticket_fields.parse_field_ids(settings.zendesk.field_ids)
    del state.ticket_fields[ids["escalated"]]
    ticket = state.add_ticket(text="hello", priority="normal")
    event, decision = angry_decision(ticket)
    ZendeskClient(settings).apply(event, decision)
    updated = state.get_ticket(ticket["id"])
    assert "empathy_escalated" in updated["tags"]  # the tag still says it
    assert updated["priority"] == "high" and len(state.get_comments(ticket["id"])) == 2
    out = io.StringIO()
    doctor(settings, None, out)
    line = next(x for x in out.getvalue().splitlines() if "ticket fields" in x)
    assert (
        line.startswith("[warn]")
        and f"Escalated by empathy ({ids['escalated']}) was deleted" in line
    )


def test_a_refused_field_write_is_retried_without_fields(stub):
    settings, state = stub
    settings = configured(settings, run_install(settings, dry_run=False, fields=True))
    ticket = state.add_ticket(text="hello", priority="normal")
    event, decision = angry_decision(ticket)
    state.failure = Failure(count=1, status=422)
    result = ZendeskClient(settings).apply(event, decision)
    assert result.requests_made == 2
    updated = state.get_ticket(ticket["id"])
    assert "empathy_escalated" in updated["tags"] and updated["priority"] == "high"


def test_doctor_on_fields(stub):
    settings, state = stub
    run_install(settings, dry_run=False)
    out = io.StringIO()
    doctor(settings, None, out)
    assert "[ok  ] ticket fields: none (tags only" in out.getvalue()
    output = run_install(settings, dry_run=False, fields=True)
    out = io.StringIO()
    doctor(settings, None, out)
    assert "[warn] ticket fields: our fields exist but are not configured" in out.getvalue()
    out = io.StringIO()
    doctor(configured(settings, output), None, out)
    assert "[ok  ] ticket fields: 3 configured and active" in out.getvalue()


def test_field_ids_setting_is_validated():
    with pytest.raises(Exception, match="ZENDESK_FIELD_IDS: 'level=3'"):
        ticket_fields.parse_field_ids("level=3")
    assert ticket_fields.parse_field_ids(" frustration = 12 ,") == {"frustration": 12}


def test_an_inactive_field_is_reactivated_and_a_lookalike_is_not_ours():
    existing = [
        {"id": 7, "title": "Frustration (helpdesk-empathy)", "type": "integer", "active": False},
        {"id": 8, "title": "Sentiment (helpdesk-empathy)", "type": "text"},  # not a drop-down
    ]
    steps = {step["name"]: step for step in ticket_fields.plan_fields(existing)}
    assert steps["frustration"]["action"] == "update"
    assert steps["frustration"]["body"] == {"ticket_field": {"active": True}}
    assert steps["sentiment_level"]["action"] == "create"
    assert ticket_fields.plan_remove_fields(existing) == [
        {"action": "delete", "name": "frustration", "method": "DELETE",
         "path": "/api/v2/ticket_fields/7", "id": "7"}
    ]  # fmt: skip
