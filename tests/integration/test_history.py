"""Per-ticket score history and per-requester contact counts in a real Redis."""

from __future__ import annotations

from helpdesk_empathy.pipeline.history import (
    DAY,
    contacts_key,
    count_contacts,
    record_scores,
    scores_key,
)

NOW = 1_700_000_000.0


def record_score(redis, ticket_id, event_id, compound, frustration, *, now, **options):
    [points] = record_scores(redis, [(ticket_id, event_id, compound, frustration, now)], **options)
    return points


def count_recent_contacts(redis, requester_id, ticket_id, *, now, window_days):
    [count] = count_contacts(redis, [(requester_id, ticket_id, now)], window_days=window_days)
    return count


def test_points_come_back_oldest_first_including_the_current_one(redis_client):
    assert record_score(redis_client, "42", "e1", -0.1, 20, now=NOW) == [(-0.1, 20)]
    assert record_score(redis_client, "42", "e2", -0.4, 35, now=NOW + 60) == [
        (-0.1, 20),
        (-0.4, 35),
    ]
    points = record_score(redis_client, "42", "e3", -0.7, 60, now=NOW + 120)
    assert points == [(-0.1, 20), (-0.4, 35), (-0.7, 60)]


def test_redelivered_event_is_not_added_twice(redis_client):
    record_score(redis_client, "42", "e1", -0.1, 20, now=NOW)
    record_score(redis_client, "42", "e2", -0.4, 35, now=NOW + 60)
    again = record_score(redis_client, "42", "e2", -0.9, 99, now=NOW + 600)
    assert again == [(-0.1, 20), (-0.4, 35)]  # first value and position kept


def test_out_of_order_delivery_is_sorted_by_time(redis_client):
    record_score(redis_client, "7", "late", -0.5, 50, now=NOW + 100)
    points = record_score(redis_client, "7", "early", 0.2, 10, now=NOW)
    assert points == [(0.2, 10), (-0.5, 50)]


def test_only_the_newest_points_are_kept(redis_client):
    for index in range(8):
        points = record_score(redis_client, "9", f"e{index}", 0.0, index, now=NOW + index, keep=5)
    assert [frustration for _, frustration in points] == [3, 4, 5, 6, 7]
    assert redis_client.hlen(scores_key("9")) == 5


def test_tickets_are_independent(redis_client):
    record_score(redis_client, "1", "e1", -0.5, 50, now=NOW)
    assert record_score(redis_client, "2", "e1", 0.5, 0, now=NOW) == [(0.5, 0)]


def test_scores_only_with_a_ttl_under_the_he_namespace(redis_client):
    record_score(redis_client, "42", "e1", -0.1234567, 20, now=NOW, ttl_seconds=3600)
    keys = [key.decode() for key in redis_client.keys("*")]
    assert keys == ["he:scores:42"]
    assert 0 < redis_client.ttl("he:scores:42") <= 3600
    stored = redis_client.hget("he:scores:42", "e1").decode()
    assert all(part.replace(".", "").replace("-", "").isdigit() for part in stored.split(","))


def test_first_ticket_of_a_requester_counts_zero_others(redis_client):
    assert count_recent_contacts(redis_client, "u1", "t1", now=NOW, window_days=14) == 0


def test_other_tickets_in_the_window_are_counted_once_each(redis_client):
    count_recent_contacts(redis_client, "u1", "t1", now=NOW, window_days=14)
    count_recent_contacts(redis_client, "u1", "t2", now=NOW + 3600, window_days=14)
    # A second comment on t2 (or a redelivery) does not count t2 again.
    assert count_recent_contacts(redis_client, "u1", "t2", now=NOW + 7200, window_days=14) == 1
    assert count_recent_contacts(redis_client, "u1", "t3", now=NOW + 9000, window_days=14) == 2


def test_tickets_older_than_the_window_are_forgotten(redis_client):
    count_recent_contacts(redis_client, "u1", "old", now=NOW, window_days=14)
    later = NOW + 15 * DAY
    assert count_recent_contacts(redis_client, "u1", "new", now=later, window_days=14) == 0
    assert redis_client.zcard(contacts_key("u1")) == 1


def test_late_delivery_does_not_move_a_ticket_back_in_time(redis_client):
    count_recent_contacts(redis_client, "u1", "t1", now=NOW + 10 * DAY, window_days=14)
    count_recent_contacts(redis_client, "u1", "t1", now=NOW, window_days=14)
    assert redis_client.zscore(contacts_key("u1"), "t1") == NOW + 10 * DAY


def test_contacts_key_has_a_ttl_and_requesters_are_independent(redis_client):
    count_recent_contacts(redis_client, "u1", "t1", now=NOW, window_days=14)
    assert count_recent_contacts(redis_client, "u2", "t2", now=NOW, window_days=14) == 0
    assert 0 < redis_client.ttl(contacts_key("u1")) <= 14 * DAY
    assert contacts_key("u1").startswith("he:")
