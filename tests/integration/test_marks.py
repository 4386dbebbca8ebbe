"""Expiring marker keys set a batch at a time, against the real Redis."""

from __future__ import annotations

from helpdesk_empathy.pipeline.marks import first_sights


def test_only_keys_not_marked_before_are_first_sights(redis_client):
    assert first_sights(redis_client, ["m:a", "m:b"], 60) == [True, True]
    assert first_sights(redis_client, ["m:b", "m:c"], 60) == [False, True]
    assert 0 < redis_client.ttl("m:a") <= 60  # every mark expires


def test_a_mark_is_not_extended_by_seeing_it_again(redis_client):
    first_sights(redis_client, ["m:x"], 30)
    first_sights(redis_client, ["m:x"], 3600)
    assert redis_client.ttl("m:x") <= 30


def test_nothing_to_mark_costs_no_command(redis_client):
    before = redis_client.info("stats")["total_commands_processed"]
    assert first_sights(redis_client, [], 60) == []
    after = redis_client.info("stats")["total_commands_processed"]
    assert after - before == 1  # only the INFO call itself
