"""The shared API budget: pure pause rules, and the deadline shared through a real Redis."""

import pytest

from helpdesk_empathy.helpdesks.ratelimit import (
    DEFAULT_PAUSE_SECONDS,
    Budget,
    SharedRateLimiter,
    pause_after,
    read_budget,
)


def test_reads_zendesk_and_ietf_headers():
    budget = read_budget(
        429, {"X-Rate-Limit": "700", "X-Rate-Limit-Remaining": "0", "Retry-After": "7"}
    )
    assert budget == Budget(limit=700, remaining=0, reset_seconds=None, retry_after=7.0)
    ietf = read_budget(
        200, {"ratelimit-limit": "400", "ratelimit-remaining": "12", "ratelimit-reset": "31"}
    )
    assert (ietf.limit, ietf.remaining, ietf.reset_seconds) == (400, 12, 31.0)


def test_retry_after_is_ignored_on_success():
    assert read_budget(200, {"Retry-After": "30"}).retry_after is None


@pytest.mark.parametrize(
    "status,budget,expected",
    [
        (429, Budget(retry_after=7.0), 7.0),
        (429, Budget(), DEFAULT_PAUSE_SECONDS),
        (503, Budget(retry_after=3.0), 3.0),
        (500, Budget(), 0.0),
        (200, Budget(limit=700, remaining=500), 0.0),
        (200, Budget(limit=700, remaining=70, reset_seconds=20), 20),  # at the 10% reserve
        (200, Budget(limit=700, remaining=71, reset_seconds=20), 0.0),
        (200, Budget(remaining=1), DEFAULT_PAUSE_SECONDS),
        (200, Budget(), 0.0),
    ],
)
def test_pause_rules(status, budget, expected):
    assert pause_after(status, budget) == expected


class Clock:
    def __init__(self):
        self.now = 1000.0
        self.slept = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def test_a_429_seen_by_one_worker_pauses_the_others(redis_client):
    clock = Clock()
    first = SharedRateLimiter(redis_client, "zendesk", clock=clock.time, sleep=clock.sleep)
    second = SharedRateLimiter(redis_client, "zendesk", clock=clock.time, sleep=clock.sleep)
    assert second.wait_turn() == 0.0
    first.observe(429, {"Retry-After": "7"})
    assert second.wait_turn() == pytest.approx(7.0)
    assert second.wait_turn() == 0.0  # the pause is over


def test_a_shorter_pause_never_shortens_a_longer_one(redis_client):
    clock = Clock()
    limiter = SharedRateLimiter(redis_client, "zendesk", clock=clock.time, sleep=clock.sleep)
    limiter.observe(429, {"Retry-After": "30"})
    limiter.observe(429, {"Retry-After": "2"})
    assert limiter.wait_turn() == pytest.approx(30.0)


def test_accounts_do_not_share_pauses(redis_client):
    clock = Clock()
    a = SharedRateLimiter(redis_client, "zendesk:a", clock=clock.time, sleep=clock.sleep)
    b = SharedRateLimiter(redis_client, "zendesk:b", clock=clock.time, sleep=clock.sleep)
    a.observe(429, {"Retry-After": "9"})
    assert b.wait_turn() == 0.0


def test_waits_are_bounded(redis_client):
    clock = Clock()
    limiter = SharedRateLimiter(
        redis_client, "zendesk", clock=clock.time, sleep=clock.sleep, max_wait=5
    )
    limiter.observe(429, {"Retry-After": "600"})
    assert limiter.wait_turn() == 5


def test_with_the_budget_unknown_only_one_worker_probes_at_a_time(redis_client):
    clock = Clock()
    first = SharedRateLimiter(redis_client, "zendesk", clock=clock.time, sleep=clock.sleep)
    second = SharedRateLimiter(
        redis_client, "zendesk", clock=clock.time, sleep=clock.sleep, max_wait=1.0
    )
    assert first.wait_turn() == 0.0  # first goes, to learn the budget
    assert second.wait_turn() == pytest.approx(1.0, abs=0.05)  # it waited for it (bounded)
    first.observe(200, {"X-Rate-Limit": "700", "X-Rate-Limit-Remaining": "650"})
    assert second.wait_turn() == 0.0  # a known, comfortable budget: no waiting
    assert int(redis_client.get(first.remaining_key)) == 649  # and it was spent


def test_a_window_spent_by_someone_else_costs_one_429_not_one_per_worker(redis_client):
    clock = Clock()
    workers = [
        SharedRateLimiter(redis_client, "zendesk", clock=clock.time, sleep=clock.sleep)
        for _ in range(3)
    ]
    assert workers[0].wait_turn() == 0.0  # the probe
    # The others must not send while the probe is out...
    assert workers[1]._hold_probe() is False and workers[2]._hold_probe() is False
    workers[0].observe(429, {"Retry-After": "4"})
    # ...and after its 429, everyone waits out the window before sending again.
    assert workers[1].wait_turn() == pytest.approx(4.0)


def test_a_helpdesk_that_reports_no_budget_does_not_serialise_requests(redis_client):
    clock = Clock()
    first = SharedRateLimiter(redis_client, "zendesk", clock=clock.time, sleep=clock.sleep)
    second = SharedRateLimiter(redis_client, "zendesk", clock=clock.time, sleep=clock.sleep)
    first.wait_turn()
    first.observe(200, {})
    assert second.wait_turn() == 0.0
    assert first.wait_turn() == 0.0
