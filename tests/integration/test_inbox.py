"""The inbox: batches taken in order, leftovers of a stopped drain job recovered, drains ensured."""

from __future__ import annotations

from helpdesk_empathy.config import Settings
from helpdesk_empathy.pipeline.inbox import Inbox
from helpdesk_empathy.pipeline.queue import DRAIN_FUNCTION, make_queue
from helpdesk_empathy.pipeline.recovery import recover_inbox, watch_inbox


def fill(redis_client, inbox: Inbox, count: int) -> None:
    for n in range(count):
        redis_client.rpush(inbox.key, f'{{"n": {n}}}')


def test_batches_are_taken_oldest_first_and_a_holder_gets_its_leftovers_back(redis_client):
    inbox = Inbox(redis_client, "q")
    fill(redis_client, inbox, 5)
    assert [p["n"] for p in inbox.take("job-a", 3)] == [0, 1, 2]
    assert [p["n"] for p in inbox.take("job-b", 3)] == [3, 4]
    # job-a died before finish(): its retry is handed the same events again.
    assert [p["n"] for p in inbox.take("job-a", 3)] == [0, 1, 2]
    inbox.finish("job-a")
    assert inbox.take("job-a", 3) == []
    assert len(inbox) == 0


def test_events_of_a_drain_job_that_will_not_run_again_return_to_the_inbox(redis_client):
    settings = Settings(queue_name="q")
    inbox = Inbox(redis_client, "q")
    fill(redis_client, inbox, 4)
    inbox.take("gone-job", 2)
    queue = make_queue(redis_client, settings)
    recover_inbox(redis_client, settings, queue)
    assert [p["n"] for p in inbox.payloads()] == [0, 1, 2, 3]  # back, in order
    assert [job.func_name for job in queue.jobs] == [DRAIN_FUNCTION]  # and a drain is due


def test_the_watch_schedules_a_drain_when_events_wait_with_no_job(redis_client):
    settings = Settings(queue_name="q")
    inbox = Inbox(redis_client, "q")
    queue = make_queue(redis_client, settings)
    fill(redis_client, inbox, 1)
    watch_inbox(redis_client, settings, queue, interval=0.01, rounds=1)
    assert queue.count == 0  # one quiet look is not enough: a job may be starting
    watch_inbox(redis_client, settings, queue, interval=0.01, rounds=2)
    assert queue.count == 1
    watch_inbox(redis_client, settings, queue, interval=0.01, rounds=3)
    assert queue.count == 1  # a queued drain job is enough
