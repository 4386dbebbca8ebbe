"""One customer message, announced as ticket.created and as ticket.comment_added, is queued
once (real Redis); the requester's first name is read from comment_added envelopes."""

from __future__ import annotations

import copy
import dataclasses
import json
import time
import uuid
from pathlib import Path

import pytest
import redis

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.zendesk import webhook as webhooks
from helpdesk_empathy.helpdesks.zendesk.signature import signed_headers
from helpdesk_empathy.helpdesks.zendesk.webhook_schema import MAX_FIRST_NAME_CHARS, parse_envelope
from helpdesk_empathy.intake import same_message
from helpdesk_empathy.intake.app import create_app
from helpdesk_empathy.intake.receive import store
from helpdesk_empathy.intake.same_message import already_announced, mark_key
from helpdesk_empathy.pipeline.queue import make_inbox, payload_to_event

FIXTURES = Path(__file__).parents[1] / "fixtures" / "webhooks"
SECRET = "c2FtZS1tZXNzYWdlLXRlc3Rz"
TEXT = "Hi, I was charged twice for my subscription this month. Could you refund it? Thanks."


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def created(event_id: str = "created-1", text: str = TEXT, ticket: str = "5158") -> dict:
    body = load("event_ticket_created.json")
    body["id"], body["detail"]["id"], body["detail"]["description"] = event_id, ticket, text
    return body


def commented(event_id: str = "comment-1", text: str = TEXT, ticket: str = "5158") -> dict:
    """The first comment of the ticket above, by its requester, as a comment_added event."""
    body = load("event_comment_added.json")
    base = created(ticket=ticket)["detail"]
    body["id"], body["detail"] = event_id, copy.deepcopy(base)
    body["event"]["comment"].update(body=text, id="77001")
    body["event"]["comment"]["author"]["id"] = base["requester_id"]
    return body


@pytest.fixture
def settings(redis_server):
    return Settings(redis_url=redis_server.url, webhook_signing_secret=SECRET)


@pytest.fixture
def inbox(settings, redis_client):
    return make_inbox(redis_client, settings)


def post(client, body: dict):
    raw = json.dumps(body).encode()
    # Envelopes are deduplicated by their own id; the invocation id is per attempt.
    headers = signed_headers(SECRET, raw, invocation_id=uuid.uuid4().hex, at=time.time())
    return client.post("/webhooks/zendesk", data=raw, headers=headers)


def answers(client, *bodies: dict) -> list[tuple[int, str]]:
    return [(r.status_code, r.json["status"]) for r in (post(client, b) for b in bodies)]


@pytest.mark.parametrize(
    ("first_kind", "first_type", "announcements"),
    [
        ("ticket_created", "ticket.created", (created, commented)),
        ("comment_added", "ticket.comment_added", (commented, created)),
    ],
)
def test_whichever_comes_first_the_same_message_second_is_ignored(
    client, inbox, first_kind, first_type, announcements
):
    first, second = (post(client, announce()) for announce in announcements)
    assert (first.status_code, second.status_code) == (202, 200)
    assert second.json["status"] == "ignored" and first_type in second.json["reason"]
    assert len(inbox) == 1
    assert payload_to_event(inbox.payloads()[0]).kind == first_kind


def test_whitespace_differences_still_pair(client, inbox):
    spaced = "  " + TEXT.replace(" ", "\n ", 3) + "\r\n"
    assert answers(client, created(), commented(text=spaced)) == [(202, "queued"), (200, "ignored")]
    assert len(inbox) == 1


def test_the_same_kind_twice_is_two_messages(client, inbox):
    """A customer may send the same words twice: both are scored."""
    assert answers(client, commented("c-1"), commented("c-2")) == [(202, "queued")] * 2
    assert len(inbox) == 2


def test_after_the_pair_the_same_words_again_are_scored(client, inbox):
    first_comment, repeated = commented("c-1"), commented("c-2")
    assert answers(client, created(), first_comment, repeated) == [
        (202, "queued"),
        (200, "ignored"),
        (202, "queued"),
    ]
    assert len(inbox) == 2


def test_redeliveries_stay_answered_the_same_way(client, inbox):
    assert answers(client, created(), commented(), commented(), created()) == [
        (202, "queued"),
        (200, "ignored"),
        (200, "ignored"),  # the ignored one, delivered again
        (200, "duplicate"),  # the accepted one, delivered again
    ]
    assert len(inbox) == 1


def test_other_tickets_and_other_texts_are_not_paired(client, inbox):
    statuses = answers(
        client, created(), commented(ticket="5159"), commented("c-2", text="Something else.")
    )
    assert statuses == [(202, "queued")] * 3
    assert len(inbox) == 3


def test_the_mark_holds_no_text_and_expires(client, redis_client):
    post(client, created())
    keys = redis_client.keys(same_message.KEY_PREFIX + "*")
    assert len(keys) == 1
    assert b"charged" not in keys[0] and redis_client.get(keys[0]) == b"ticket_created"
    assert 0 < redis_client.ttl(keys[0]) <= same_message.MARK_TTL_SECONDS


@pytest.fixture
def counted(redis_server):
    """A Redis client and the list of every send it makes: each send is one round trip."""
    sends: list = []

    class Counting(redis.Connection):
        def send_packed_command(self, command, check_health=True):
            sends.append(command)
            return super().send_packed_command(command, check_health)

    pool = redis.ConnectionPool.from_url(redis_server.url, connection_class=Counting)
    yield redis.Redis(connection_pool=pool), sends
    pool.disconnect()


def test_the_guard_is_one_round_trip(counted, redis_client):
    """Counted on the wire: every send to Redis is one round trip."""
    connection, sends = counted
    connection.ping()
    event = parse_envelope(created(), received_at=0.0)
    sends.clear()
    assert already_announced(connection, event) is None
    assert len(sends) == 1
    assert redis_client.get(mark_key(event)) == b"ticket_created"


def test_the_ack_path_gains_at_most_one_round_trip(settings, counted):
    connection, sends = counted
    unguarded = dataclasses.replace(webhooks.KIND, guard=None)

    def stored(kind, delivery: str, ticket: str) -> int:
        event = parse_envelope(commented(delivery, ticket=ticket), received_at=0.0)
        sends.clear()
        assert store(kind, event, connection, settings)[0] == 202
        return len(sends)

    stored(webhooks.KIND, "warm-up", "1")  # connection opened, RQ queue registered
    assert stored(webhooks.KIND, "guarded", "2") - stored(unguarded, "unguarded", "3") == 1


def test_redis_down_during_the_guard_answers_503(settings):
    down = settings.with_overrides(redis_url="redis://127.0.0.1:1/0")
    response = post(create_app(down).test_client(), created())
    assert response.status_code == 503 and response.headers["Retry-After"]


# -- the requester's first name --------------------------------------------------------------


def test_requester_first_name_from_their_comment():
    event = parse_envelope(commented(), received_at=0.0)
    assert event.requester_name == "Sam"


@pytest.mark.parametrize(
    "author,expected",
    [
        ({"name": "  Ana   María López "}, "Ana"),
        ({"name": "X" * 150}, "X" * MAX_FIRST_NAME_CHARS),
        ({"name": ""}, None),
        ({"name": None}, None),
        ({"id": "8447388090999"}, None),  # a CC'd end user, not the requester
    ],
)
def test_requester_first_name_cases(author, expected):
    body = commented()
    body["event"]["comment"]["author"].update(author)
    assert parse_envelope(body, received_at=0.0).requester_name == expected


def test_ticket_created_has_no_author_name():
    assert parse_envelope(created(), received_at=0.0).requester_name is None


def test_the_first_name_reaches_the_job(client, inbox):
    assert post(client, commented()).status_code == 202
    assert payload_to_event(inbox.payloads()[0]).requester_name == "Sam"
