"""accept() is pure: a delivery's headers and body in, Accepted / Ignored / Rejected out,
with no web framework and no Redis (both are absent here)."""

from __future__ import annotations

import json
from pathlib import Path

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.freshdesk import webhook as freshdesk
from helpdesk_empathy.helpdesks.zammad import webhook as zammad
from helpdesk_empathy.intake.auth import hub_signature
from helpdesk_empathy.intake.outcome import Accepted, Ignored, Rejected
from helpdesk_empathy.intake.receive import OWN_USER_REASON, accept

FIXTURES = Path(__file__).parents[1] / "fixtures"
SECRET = "zammad-secret"
SETTINGS = Settings().with_overrides(
    zammad_webhook_secret=SECRET, freshdesk_webhook_token="fd-token-123"
)
NOW = 1_700_000_000.0


def zammad_headers(body: bytes, **overrides: str) -> dict[str, list[str]]:
    headers = {
        "Content-Type": "application/json",
        "X-Hub-Signature": hub_signature(SECRET, body),
        "X-Zammad-Delivery": "delivery-1",
        **overrides,
    }
    return {name: [value] for name, value in headers.items()}


def article(name: str = "article_customer_en.json") -> bytes:
    return (FIXTURES / "zammad" / name).read_bytes()


def test_a_signed_customer_article_is_accepted_as_an_event():
    body = article()
    outcome = accept(zammad.KIND, zammad_headers(body), body, NOW, settings=SETTINGS)
    assert isinstance(outcome, Accepted)
    assert outcome.event.helpdesk == "zammad"
    assert outcome.event.received_at == NOW


def test_an_accepted_event_keeps_the_new_words_only_without_quoted_history_or_signature():
    document = json.loads(article())
    document["article"]["content_type"] = "text/plain"  # as Zammad sends a plain e-mail
    document["article"]["body"] = (
        "The refund never came.\n\nBest regards,\nDana\n\n"
        "On Mon, 2 Mar 2026 at 10:00, Support <help@example.com> wrote:\n"
        "> We have issued your refund."
    )
    body = json.dumps(document).encode()
    outcome = accept(zammad.KIND, zammad_headers(body), body, NOW, settings=SETTINGS)
    assert isinstance(outcome, Accepted)
    assert outcome.event.text == "The refund never came."  # what is queued, stored and scored


def test_header_names_are_matched_whatever_their_case():
    body = article()
    headers = {name.lower(): values for name, values in zammad_headers(body).items()}
    assert isinstance(accept(zammad.KIND, headers, body, NOW, settings=SETTINGS), Accepted)


def test_refusals_carry_their_status_and_reason():
    body = article()
    cases = {
        415: zammad_headers(body, **{"Content-Type": "text/plain"}),
        401: zammad_headers(body, **{"X-Hub-Signature": "sha1=" + "0" * 40}),
    }
    for status, headers in cases.items():
        outcome = accept(zammad.KIND, headers, body, NOW, settings=SETTINGS)
        assert isinstance(outcome, Rejected) and outcome.status == status
    no_delivery = zammad_headers(body)
    del no_delivery["X-Zammad-Delivery"]
    assert accept(zammad.KIND, no_delivery, body, NOW, settings=SETTINGS).status == 400
    twice = zammad_headers(body, **{"X-Zammad-Delivery": "a"})
    twice["X-Zammad-Delivery"].append("b")  # ambiguous: treated as absent
    assert accept(zammad.KIND, twice, body, NOW, settings=SETTINGS).status == 400
    broken = b"{not json"
    assert accept(zammad.KIND, zammad_headers(broken), broken, NOW, settings=SETTINGS) == Rejected(
        400, "body is not valid JSON"
    )


def test_a_schema_error_says_which_field():
    document = json.loads(article())
    del document["ticket"]
    body = json.dumps(document).encode()
    outcome = accept(zammad.KIND, zammad_headers(body), body, NOW, settings=SETTINGS)
    assert isinstance(outcome, Rejected) and outcome.status == 400
    assert outcome.details["errors"]


def test_our_own_api_user_is_ignored_to_avoid_a_loop():
    body = article()
    author = str(json.loads(body)["article"]["created_by_id"])
    ours = SETTINGS.with_overrides(zammad_api_user_id=author)
    assert accept(zammad.KIND, zammad_headers(body), body, NOW, settings=ours) == Ignored(
        OWN_USER_REASON
    )


def test_freshdesk_token_from_the_header_or_the_query():
    body = (FIXTURES / "freshdesk" / "reply_customer_en.json").read_bytes()
    json_type = {"Content-Type": ["application/json"]}
    by_header = {**json_type, "X-Helpdesk-Empathy-Token": ["fd-token-123"]}
    assert isinstance(accept(freshdesk.KIND, by_header, body, NOW, settings=SETTINGS), Accepted)
    by_query = accept(
        freshdesk.KIND, json_type, body, NOW, settings=SETTINGS, params={"token": ["fd-token-123"]}
    )
    assert isinstance(by_query, Accepted)
    wrong_header = {**json_type, "X-Helpdesk-Empathy-Token": ["nope"]}
    rescued = accept(
        freshdesk.KIND,
        wrong_header,
        body,
        NOW,
        settings=SETTINGS,
        params={"token": ["fd-token-123"]},
    )
    assert rescued.status == 401  # a wrong header is not rescued by the URL
