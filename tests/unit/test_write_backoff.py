"""Drains after a helpdesk failure: a doubling wait, capped."""

from __future__ import annotations

from helpdesk_empathy.pipeline.delivery.backoff import wait_after


def test_drains_wait_longer_after_each_failure_and_never_more_than_a_minute():
    assert [wait_after(n) for n in range(1, 8)] == [5, 10, 20, 40, 60, 60, 60]
    assert wait_after(10**6) == 60  # a long outage: no overflow
