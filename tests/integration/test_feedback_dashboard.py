"""The dashboard's card of drafts agents found useful, from the sidebar app's votes in Redis."""

import pytest
from integration.test_dashboard import TOKEN

from helpdesk_empathy.config import Settings
from helpdesk_empathy.intake.app import create_app
from helpdesk_empathy.ops import feedback
from helpdesk_empathy.ops.feedback import Vote

VOTES = [
    ("en", "churn", True),
    ("en", "churn", True),
    ("en", "delay", False),
    ("en", "delay", True),
    ("fr", "churn", False),
]


@pytest.fixture
def settings(redis_server):
    return Settings(
        redis_url=redis_server.url, allow_test_secret=True, admin_token=TOKEN, app_secret="s" * 40
    )


def vote_all(connection) -> None:
    for language, category, useful in VOTES:
        feedback.record(connection, Vote(7, useful, language, category), account="acme", now=1.0)


def page(client, language="en") -> str:
    response = client.get(f"/dashboard?token={TOKEN}", headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def card(html: str) -> str:
    return html.split('id="agent-feedback"', 1)[1].split("</section>", 1)[0]


def test_the_card_shows_the_useful_share_per_language_and_category(client, redis_client):
    vote_all(redis_client)
    shown = card(page(client))
    assert "3 of 5 useful" in shown
    # English: 3 of 4 useful; French: 0 of 1; churn 2 of 3; delay 1 of 2.
    assert "English</td>" in shown and '75% <span class="muted">(3 of 4)' in shown
    assert "French</td>" in shown and '0% <span class="muted">(0 of 1)' in shown
    assert "churn</td>" in shown and '67% <span class="muted">(2 of 3)' in shown
    assert "delay</td>" in shown and '50% <span class="muted">(1 of 2)' in shown
    assert shown.count("<meter") == 4


def test_the_card_speaks_french_too(client, redis_client):
    vote_all(redis_client)
    shown = card(page(client, "fr-FR,fr;q=0.9"))
    assert "Brouillons jugés utiles par les agents" in shown and "3 utiles sur 5" in shown


def test_data_json_carries_the_counts(client, redis_client):
    vote_all(redis_client)
    data = client.get(f"/dashboard/data.json?token={TOKEN}").json["feedback"]
    assert (data["up"], data["total"]) == (3, 5)
    assert {row["name"]: row["useful"] for row in data["by_language"]} == {"en": 0.75, "fr": 0.0}


def test_an_app_without_votes_says_how_agents_vote(client):
    assert "No vote yet" in card(page(client))


def test_no_card_without_the_app(redis_server, redis_client):
    settings = Settings(redis_url=redis_server.url, allow_test_secret=True, admin_token=TOKEN)
    html = page(create_app(settings).test_client())
    assert 'id="agent-feedback"' not in html
