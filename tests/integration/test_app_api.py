"""The sidebar app's API over the real web app and a real Redis: auth, limits, answers, feedback."""

import logging
import time

import orjson
import pytest
from app_threads import SECRET, comments_fixture, panel_body, signed_request

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.config import Settings
from helpdesk_empathy.decision import policy
from helpdesk_empathy.decision.rules import load_rules
from helpdesk_empathy.intake import app_token
from helpdesk_empathy.intake.app_analysis import MAX_COMMENTS
from helpdesk_empathy.models import TicketEvent
from helpdesk_empathy.ops import feedback


@pytest.fixture
def settings(redis_server):
    return Settings(
        redis_url=redis_server.url,
        allow_test_secret=True,
        app_secret=f"old-secret-rotated-away-0123456789abcdef,{SECRET}",
        app_requests_per_minute=50,
    )


def post(client, path, body, **options):
    raw, headers = signed_request(body, **options)
    return client.post(path, data=raw, headers=headers)


def angry_body():
    return panel_body(comments_fixture("angry_en_comments.json"))


def test_an_angry_english_thread_gets_the_workers_analysis_of_customer_comments_only(
    client, settings
):
    response = post(client, "/app/v1/analysis", angry_body())
    assert response.status_code == 200, response.json
    answer = response.json
    # Three customer comments; the agent's reply and our internal note are not scored.
    assert [m["comment_id"] for m in answer["messages"]] == [5201, 5230, 5240]
    latest = answer["messages"][-1]
    assert latest["level"] == "very_negative" and latest["frustration"] >= 70
    assert {"repeat_contact", "churn_threat"} <= {s["name"] for s in latest["signals"]}
    assert answer["language"] == "en" and answer["contact_number"] >= 3
    assert answer["trajectory"]["frustrations"] == [m["frustration"] for m in answer["messages"]]
    assert answer["trajectory"]["frustrations"][0] < answer["trajectory"]["frustrations"][-1]
    decision = answer["decision"]
    assert decision["escalate"] is True and decision["reasons"]
    assert decision["priority"]["raise_to"] in ("high", "urgent")
    assert "why" in decision["routing"]
    # The same analysis and decision as the worker makes for the latest customer comment.
    text = angry_body()["comments"][-1]["body"]
    analysis = analyze(text)
    event = TicketEvent(helpdesk="zendesk", event_id="x", ticket_id="4242", text=text)
    category, draft = policy.suggest_reply(analysis, event, load_rules(settings), escalate=True)
    assert answer["reply"] == {"language": "en", "category": category, "text": draft}
    assert latest["frustration"] == analysis.frustration
    assert [s["name"] for s in latest["signals"]] == [s.name for s in analysis.signals]
    for item in latest["evidence"]:
        # Quotes are the customer's own words, at the offsets given.
        assert item["quote"] and item["signal"]


def test_a_french_thread_is_answered_in_french(client):
    response = post(
        client, "/app/v1/analysis", panel_body(comments_fixture("french_comments.json"))
    )
    assert response.status_code == 200
    answer = response.json
    assert answer["language"] == "fr" and answer["reply"]["language"] == "fr"
    assert [m["comment_id"] for m in answer["messages"]] == [7101, 7125]
    assert answer["messages"][-1]["level"] in ("negative", "very_negative")
    assert "churn_threat" in {s["name"] for s in answer["messages"][-1]["signals"]}
    assert any(word in answer["reply"]["text"] for word in ("Bonjour", "Merci", "merci"))


def test_a_thread_without_customer_comments_has_nothing_to_decide(client):
    body = {
        "ticket_id": 7,
        "comments": [
            {
                "id": 1,
                "body": "Internal: check the carrier",
                "author_is_staff": True,
                "public": False,
            }
        ],
    }
    response = post(client, "/app/v1/analysis", body)
    assert response.status_code == 200
    assert response.json["messages"] == [] and response.json["reply"] is None


def test_nothing_from_the_request_is_stored_and_logs_hold_no_text(client, redis_client, caplog):
    caplog.set_level(logging.DEBUG)
    before = set(redis_client.keys("*"))
    assert post(client, "/app/v1/analysis", angry_body()).status_code == 200
    added = set(redis_client.keys("*")) - before
    # Only the rate-limit counter: an integer per account and minute, no text.
    assert all(key.startswith(b"he:app:rate:acme:") for key in added), added
    for key in added:
        assert redis_client.get(key).isdigit()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "ticket=4242" in logged
    for comment in angry_body()["comments"]:
        assert comment["body"][:30] not in logged
    assert "useless" not in logged and "88412" not in logged


@pytest.mark.parametrize(
    "headers, reason",
    [
        ({}, "missing"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "Bearer"),
        ({"Authorization": "Bearer not-a-jwt"}, "well-formed"),
    ],
)
def test_missing_or_malformed_tokens_get_401_with_a_reason(client, headers, reason):
    response = client.post("/app/v1/analysis", data=orjson.dumps(angry_body()), headers=headers)
    assert response.status_code == 401
    assert reason in response.json["reason"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_wrong_secret_expired_future_and_long_lived_tokens_get_401(client):
    now = time.time()
    cases = {
        "signature": dict(secret="a-different-secret-0123456789abcdef-012345"),
        "expired": dict(iat=int(now) - 600, exp=int(now) - 300),
        "future": dict(iat=int(now) + 3600, exp=int(now) + 3660),
        "300 seconds": dict(exp=int(now) + 86400),
    }
    for reason, options in cases.items():
        secret = options.pop("secret", SECRET)
        response = post(client, "/app/v1/analysis", angry_body(), secret=secret, **options)
        assert response.status_code == 401, reason
        assert reason in response.json["reason"]


def test_a_tampered_body_gets_401(client):
    raw, headers = signed_request(angry_body())
    tampered = raw.replace(b"useless", b"perfect")
    response = client.post("/app/v1/analysis", data=tampered, headers=headers)
    assert response.status_code == 401 and "body" in response.json["reason"]


def test_alg_none_gets_401(client):
    raw = orjson.dumps(angry_body())
    unsigned = app_token.sign({"iat": int(time.time()), "exp": int(time.time()) + 60}, SECRET)
    header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"  # {"alg":"none","typ":"JWT"}
    token = f"{header}.{unsigned.split('.')[1]}."
    response = client.post(
        "/app/v1/analysis", data=raw, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401 and "HS256" in response.json["reason"]


@pytest.mark.parametrize(
    "body, reason",
    [
        ([], "JSON object"),
        ({"comments": []}, "ticket_id"),
        ({"ticket_id": True, "comments": []}, "ticket_id"),
        ({"ticket_id": "12", "comments": []}, "ticket_id"),
        ({"ticket_id": 12}, "comments"),
        ({"ticket_id": 12, "comments": ["hello"]}, "comments[0]"),
        (
            {"ticket_id": 12, "comments": [{"id": 1, "body": "x", "public": True}]},
            "author_is_staff",
        ),
        (
            {
                "ticket_id": 12,
                "comments": [{"id": 1, "body": None, "author_is_staff": False, "public": True}],
            },
            "body",
        ),
    ],
)
def test_bad_bodies_get_400_with_the_field(client, body, reason):
    response = post(client, "/app/v1/analysis", body)
    assert response.status_code == 400
    assert reason in response.json["reason"]


def test_invalid_json_and_non_json_are_refused(client):
    response = post(client, "/app/v1/analysis", b"{not json")
    assert response.status_code == 400 and "JSON" in response.json["reason"]
    raw, headers = signed_request(b"ticket_id=1")
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    assert client.post("/app/v1/analysis", data=raw, headers=headers).status_code == 415


def test_too_large_bodies_and_threads_get_413(client, settings):
    huge = {
        "ticket_id": 1,
        "comments": [
            {
                "id": 1,
                "body": "a" * settings.max_body_bytes,
                "author_is_staff": False,
                "public": True,
            }
        ],
    }
    response = post(client, "/app/v1/analysis", huge)
    assert response.status_code == 413 and response.is_json
    many = {
        "ticket_id": 1,
        "comments": [
            {"id": i, "body": "ok", "author_is_staff": False, "public": True}
            for i in range(MAX_COMMENTS + 1)
        ],
    }
    response = post(client, "/app/v1/analysis", many)
    assert response.status_code == 413 and str(MAX_COMMENTS) in response.json["reason"]


def test_each_account_is_rate_limited_on_its_own(client, settings):
    body = {"ticket_id": 3, "comments": []}
    codes = [post(client, "/app/v1/analysis", body).status_code for _ in range(55)]
    assert codes.count(200) == settings.app_requests_per_minute and codes[-1] == 429
    limited = post(client, "/app/v1/analysis", body)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert post(client, "/app/v1/analysis", body, account="globex").status_code == 200


def test_the_api_is_off_without_a_secret(redis_server, redis_client):
    from helpdesk_empathy.intake.app import create_app

    off = create_app(Settings(redis_url=redis_server.url, allow_test_secret=True)).test_client()
    raw, headers = signed_request(angry_body())
    assert off.post("/app/v1/analysis", data=raw, headers=headers).status_code == 404


def test_feedback_is_counted_per_language_and_category_and_audited_without_text(
    client, redis_client
):
    votes = [("en", "churn", True), ("en", "churn", False), ("fr", "delay", True)]
    for language, category, useful in votes:
        body = {"ticket_id": 4242, "useful": useful, "language": language, "category": category}
        response = post(client, "/app/v1/feedback", body)
        assert response.status_code == 201, response.json
    shares = feedback.shares(redis_client)
    assert shares["language"]["en"].useful == 0.5 and shares["language"]["fr"].useful == 1.0
    assert shares["category"]["churn"].total == 2 and shares["category"]["delay"].up == 1
    records = feedback.read_audit(redis_client)
    assert len(records) == 3 and records[0]["account"] == "acme"
    assert set(records[0]) == {
        "at",
        "kind",
        "account",
        "ticket_id",
        "useful",
        "language",
        "category",
    }


@pytest.mark.parametrize(
    "body, reason",
    [
        ({"ticket_id": 1, "useful": "yes", "language": "en", "category": "churn"}, "useful"),
        ({"ticket_id": 1, "useful": True, "language": "de", "category": "churn"}, "language"),
        ({"ticket_id": 1, "useful": True, "language": "en", "category": "poem"}, "category"),
        ({"useful": True, "language": "en", "category": "churn"}, "ticket_id"),
    ],
)
def test_bad_feedback_gets_400_and_counts_nothing(client, redis_client, body, reason):
    response = post(client, "/app/v1/feedback", body)
    assert response.status_code == 400 and reason in response.json["reason"]
    assert not redis_client.exists(feedback.COUNTS_KEY)


def test_feedback_needs_the_token_too(client, redis_client):
    body = {"ticket_id": 1, "useful": True, "language": "en", "category": "churn"}
    response = client.post("/app/v1/feedback", json=body)
    assert response.status_code == 401
    assert not redis_client.exists(feedback.COUNTS_KEY)


def test_the_panel_assets_are_served_for_local_pages(client):
    page = client.get("/app/assets/iframe.html")
    assert page.status_code == 200 and b"panel.js" in page.data
    assert "frame-ancestors" in page.headers["Content-Security-Policy"]
    assert client.get("/app/assets/panel.js").status_code == 200
    assert client.get("/app/assets/../manifest.json").status_code == 404
    assert client.get("/app/assets/missing.js").status_code == 404


def test_the_worst_thread_within_the_limits_is_answered(client, settings):
    # As many comments as allowed, filling the body limit with angry, signal-heavy text:
    # every comment is scored and decided on, and the answer still comes back.
    room = settings.max_body_bytes // MAX_COMMENTS - 120
    text = ("THIRD time!!! Still no refund, useless, I will cancel and call my lawyer. " * 20)[
        :room
    ]
    body = {
        "ticket_id": 9,
        "comments": [
            {"id": i, "body": f"{text}{i}", "author_is_staff": False, "public": True}
            for i in range(MAX_COMMENTS)
        ],
    }
    started = time.monotonic()
    response = post(client, "/app/v1/analysis", body)
    assert response.status_code == 200, response.json
    assert len(response.json["messages"]) == MAX_COMMENTS
    assert time.monotonic() - started < 30  # a hang guard, not a speed target (see bench/)
