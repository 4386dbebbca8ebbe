"""The inbox: batches taken in order, leftovers of a stopped drain job recovered, drains ensured."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from rq.job import JobStatus
from rq.registry import ScheduledJobRegistry, StartedJobRegistry

from helpdesk_empathy.config import Settings
from helpdesk_empathy.pipeline.inbox import Inbox
from helpdesk_empathy.pipeline.queue import DRAIN_FUNCTION, make_inbox, make_queue, schedule_drain
from helpdesk_empathy.pipeline.recovery import queue_overdue_jobs, recover_inbox, watch_inbox


def fill(redis_client, inbox: Inbox, count: int) -> None:
    for n in range(count):
        redis_client.rpush(inbox.key, f'{{"n": {n}}}')


@pytest.fixture
def drains(redis_client):
    """(settings, RQ queue, inbox) of a deployment whose drain jobs are retried twice."""
    settings = Settings(queue_name="q", job_retries=2)
    return settings, make_queue(redis_client, settings), make_inbox(redis_client, settings)


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


def test_a_taking_list_whose_job_is_marked_scheduled_but_in_no_registry_is_recovered(
    redis_client, drains
):
    """The attack: Redis ran out of memory while RQ moved a failed drain job to its retry, so
    the job was marked "scheduled" but no registry held it: its events waited forever."""
    settings, queue, inbox = drains
    fill(redis_client, inbox, 3)
    job = schedule_drain(queue, settings)
    inbox.take(job.id, 2)
    queue.remove(job)
    job.set_status(JobStatus.SCHEDULED)  # marked, but in no registry: it will never run
    recover_inbox(redis_client, settings, queue)
    assert [p["n"] for p in inbox.payloads()] == [0, 1, 2]
    assert inbox.holders() == []


def test_a_drain_job_waiting_for_its_retry_gives_its_events_back_and_a_running_one_keeps_them(
    redis_client, drains
):
    settings, queue, inbox = drains
    fill(redis_client, inbox, 4)
    waiting = schedule_drain(queue, settings)
    inbox.take(waiting.id, 2)
    queue.remove(waiting)
    queue.schedule_job(waiting, datetime.now(UTC) + timedelta(seconds=60))
    running = schedule_drain(queue, settings)
    inbox.take(running.id, 1)
    queue.remove(running)
    # As a worker runs it: an execution entry in the started registry (RQ's own key format).
    redis_client.zadd(StartedJobRegistry(queue=queue).key, {f"{running.id}:run-1": 2e9})
    running.set_status(JobStatus.STARTED)
    recover_inbox(redis_client, settings, queue)
    assert inbox.holders() == [running.id]  # still working on its event
    assert [p["n"] for p in inbox.payloads()] == [0, 1, 3]  # not held for a minute's backoff


def test_a_started_job_whose_worker_moved_on_gives_its_events_back(redis_client, drains):
    # A worker that outlived a Redis outage restarts its loop under the same name and never
    # resumes the job it was running, though RQ still lists that job as started.
    settings, queue, inbox = drains
    fill(redis_client, inbox, 3)
    lost, running = schedule_drain(queue, settings), schedule_drain(queue, settings)
    for job, worker in ((lost, "w-restarted"), (running, "w-busy")):
        inbox.take(job.id, 1)
        queue.remove(job)
        redis_client.zadd(StartedJobRegistry(queue=queue).key, {f"{job.id}:run-1": 2e9})
        job.worker_name = worker
        job.save()
        job.set_status(JobStatus.STARTED)
    redis_client.hset(f"rq:worker:{'w-busy'}", "current_job", running.id)
    redis_client.hset(f"rq:worker:{'w-restarted'}", "state", "idle")  # no current job
    recover_inbox(redis_client, settings, queue)
    assert inbox.holders() == [running.id]
    assert sorted(p["n"] for p in inbox.payloads()) == [0, 2]


def test_jobs_rq_scheduler_left_overdue_are_queued_by_the_watch_once(redis_client, drains):
    """A drain's wake-up (or a retry) waits in RQ's scheduled registry; when RQ's scheduler is
    not running it stays there (RQ restarts it every ten minutes only)."""
    settings, queue, _ = drains
    now = datetime.now(UTC)
    overdue = queue.enqueue_at(now - timedelta(seconds=45), DRAIN_FUNCTION)
    due_soon = queue.enqueue_at(now - timedelta(seconds=5), DRAIN_FUNCTION)
    later = queue.enqueue_at(now + timedelta(seconds=60), DRAIN_FUNCTION)

    assert queue_overdue_jobs(queue) == 1
    assert queue.job_ids == [overdue.id]  # the scheduler may still be about to queue the rest
    assert set(ScheduledJobRegistry(queue=queue).get_job_ids()) == {due_soon.id, later.id}
    assert queue_overdue_jobs(queue) == 0  # queued once, whoever else is watching
