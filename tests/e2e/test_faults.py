"""Faults with nothing lost: Redis restarts, a worker killed mid-job, a failing helpdesk.

Each test counts the deliveries the receiver accepted and the updates that landed on the
helpdesk stub, and asserts they match: every ticket exactly one internal note.
"""

from __future__ import annotations

import json
import signal
import threading
import time
import uuid

import pytest
import redis
import requests
from builders import settings_for
from rq.registry import StartedJobRegistry

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.embedded_redis import EmbeddedRedis
from helpdesk_empathy.dev.local import serve_app, stop_group, wait_for_processed, worker_process
from helpdesk_empathy.dev.simulate import trigger_body
from helpdesk_empathy.dev.stubs.state import Failure
from helpdesk_empathy.helpdesks.zendesk.signature import signed_headers
from helpdesk_empathy.models import TicketEvent
from helpdesk_empathy.ops import audit
from helpdesk_empathy.pipeline.delivery.outbox import pending_total
from helpdesk_empathy.pipeline.queue import enqueue_event, make_queue

pytestmark = pytest.mark.e2e

SECRET = "ZmF1bHRzLXNlY3JldA=="
MESSAGES = [
    "I have been waiting two weeks for my refund and nobody answers my e-mails.",
    "Thanks, the new router works fine now.",
    "This is the third time I write: my parcel is STILL missing!!",
    "Bonjour, je n'ai toujours pas reçu mon remboursement.",
    "Could you tell me how to change my delivery address?",
]


def make_settings(redis_url: str, stub_url: str, state, **overrides) -> Settings:
    return settings_for(
        redis_url, stub_url, state, webhook_signing_secret=SECRET, queue_name="faults", **overrides
    )


def seed_tickets(state, count: int) -> list[dict]:
    return [
        state.add_ticket(text=MESSAGES[i % len(MESSAGES)], subject=f"Case {i}", group_id=100)
        for i in range(count)
    ]


def deliver_until_stored(session, hook: str, ticket: dict, timeout: float = 60) -> list[int]:
    """Deliver like Zendesk: the same invocation id again after a 503, until it is stored."""
    raw = json.dumps(trigger_body(ticket, first_name="Kim")).encode()
    invocation, statuses = uuid.uuid4().hex, []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        headers = signed_headers(SECRET, raw, invocation_id=invocation, at=time.time())
        try:
            status = session.post(hook, data=raw, headers=headers, timeout=15).status_code
        except requests.RequestException:
            status = 0  # no answer: Zendesk would retry too
        statuses.append(status)
        if status in (200, 202):
            return statuses
        time.sleep(0.1)
    raise AssertionError(f"delivery never stored: {statuses}")


def internal_notes(state, ticket_id) -> int:
    return sum(1 for comment in state.get_comments(ticket_id) if not comment["public"])


def assert_each_ticket_updated_once(state, tickets: list[dict]) -> None:
    applied = {ticket["id"]: internal_notes(state, ticket["id"]) for ticket in tickets}
    assert applied == {ticket["id"]: 1 for ticket in tickets}


def wait_for_decided(connection: redis.Redis, expected: int, timeout: float) -> set[str]:
    """The ids of the events decided once `expected` are and no write is pending."""
    deadline = time.monotonic() + timeout
    while True:
        decided = {record["event_id"] for record in audit.read_audit(connection, 10 * expected)}
        if len(decided) >= expected and pending_total(connection) == 0:
            return decided
        if time.monotonic() > deadline:
            return decided
        time.sleep(0.1)


def test_redis_restart_while_webhooks_arrive_loses_nothing(stub):
    stub_url, state = stub
    server = EmbeddedRedis().start()
    try:
        settings = make_settings(server.url, stub_url, state)
        tickets = seed_tickets(state, 30)
        results: dict[int, list[int]] = {}
        with serve_app(settings) as web_url, worker_process(settings):
            hook = f"{web_url}/webhooks/zendesk"
            # The worker must be up before Redis goes away (a busy machine starts it slowly).
            started = redis.Redis.from_url(server.url)
            deadline = time.monotonic() + 60
            while not started.smembers("rq:workers") and time.monotonic() < deadline:
                time.sleep(0.05)

            def send_all() -> None:
                session = requests.Session()
                for ticket in tickets:
                    results[ticket["id"]] = deliver_until_stored(session, hook, ticket)
                    time.sleep(0.05)

            sender = threading.Thread(target=send_all)
            sender.start()
            while len(results) < 8:
                time.sleep(0.02)
            # A clean restart of a persistent Redis: what it acknowledged is on disk.
            redis.Redis.from_url(server.url).shutdown(save=True)
            server.stop()
            time.sleep(1.5)  # deliveries keep arriving meanwhile
            server.start()
            sender.join(timeout=120)
            connection = redis.Redis.from_url(server.url)
            # An event whose write Redis cut short is decided again, so it may be audited
            # twice; what must hold is that every accepted event is decided, and noted once.
            decided = wait_for_decided(connection, len(tickets), timeout=90)

        statuses = [status for history in results.values() for status in history]
        accepted = sum(1 for history in results.values() if history[-1] in (200, 202))
        assert statuses.count(503) >= 1  # the outage was seen, and answered "retry later"
        assert accepted == len(tickets) == len(decided)
        assert_each_ticket_updated_once(state, tickets)
    finally:
        server.cleanup()


def test_worker_killed_mid_job_is_retried_and_updates_once(stub, redis_server, redis_client):
    stub_url, state = stub
    settings = make_settings(redis_server.url, stub_url, state)
    (ticket,) = seed_tickets(state, 1)
    # The helpdesk hangs on the worker's first call: that is when the worker dies.
    with state.lock:
        state.failure = Failure(count=1, status=500, delay=5.0)
    registry = StartedJobRegistry(queue=make_queue(redis_client, settings))
    with serve_app(settings) as web_url:
        session = requests.Session()
        assert deliver_until_stored(session, f"{web_url}/webhooks/zendesk", ticket) == [202]
        with worker_process(settings) as first:
            deadline = time.monotonic() + 30
            while registry.count == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert registry.count == 1, "the job never started"
            time.sleep(0.3)
            stop_group(first, signal.SIGKILL)  # the worker and its scheduler process die
            first.wait()
        assert internal_notes(state, ticket["id"]) == 0
        # A restarted worker sees the dead worker's job and retries it.
        with worker_process(settings):
            assert wait_for_processed(redis_client, 1, timeout=60) == 1
    assert_each_ticket_updated_once(state, [ticket])


@pytest.mark.parametrize("fault", ["500 errors", "timeouts", "429 errors", "tight API budget"])
def test_failing_helpdesk_work_waits_and_completes(stub, redis_server, redis_client, fault):
    stub_url, state = stub
    settings = make_settings(redis_server.url, stub_url, state, http_timeout_seconds=1.0)
    tickets = seed_tickets(state, 5)
    with state.lock:
        if fault == "500 errors":
            state.failure = Failure(count=2, status=500)
        elif fault == "timeouts":
            state.failure = Failure(count=1, status=500, delay=2.5)  # beyond the 1 s timeout
        elif fault == "429 errors":
            state.failure = Failure(count=2, status=429)
        else:
            # 3 requests per 2 s: the shared limiter must wait (or be told to by a 429).
            state.rate_limit = (3, 2.0)
    with serve_app(settings) as web_url, worker_process(settings):
        session = requests.Session()
        hook = f"{web_url}/webhooks/zendesk"
        sent = sum(deliver_until_stored(session, hook, ticket)[-1] == 202 for ticket in tickets)
        processed = wait_for_processed(redis_client, len(tickets), timeout=90)
    if fault != "tight API budget":
        # Every injected failure was served (a timed-out one is logged by the stub only once
        # its delay ends, possibly after the retry succeeded: its counter is what tells).
        assert state.failure.count == 0, "the fault never happened"
    assert sent == processed == len(tickets)
    assert_each_ticket_updated_once(state, tickets)


def test_the_worker_outlives_redis_running_out_of_memory(stub, redis_server):
    """The attack: Redis hit its memory limit mid-drain, RQ gave up and the worker exited;
    accepted events waited until a person restarted it. It must retry and carry on."""
    stub_url, state = stub
    connection = redis.Redis.from_url(redis_server.url)
    connection.flushall()
    settings = make_settings(redis_server.url, stub_url, state)
    tickets = seed_tickets(state, 1000)
    for ticket in tickets:
        event = TicketEvent(
            "zendesk", f"oom-{ticket['id']}", str(ticket["id"]), ticket["description"]
        )
        enqueue_event(connection, settings, event)
    try:
        with worker_process(settings) as worker:
            deadline = time.monotonic() + 60
            while connection.xlen(audit.AUDIT_STREAM) < 100 and time.monotonic() < deadline:
                time.sleep(0.01)
            # Full: every write is refused ("OOM command not allowed") for a while.
            used = int(connection.info("memory")["used_memory"])
            connection.config_set("maxmemory", str(used // 2))
            time.sleep(4)
            connection.config_set("maxmemory", "0")  # lifted
            processed = wait_for_processed(connection, len(tickets), timeout=120, workers=[worker])
            assert worker.poll() is None  # still running, not waiting for a person
        assert processed == len(tickets)
        notes = {ticket["id"]: internal_notes(state, ticket["id"]) for ticket in tickets}
        assert all(count >= 1 for count in notes.values())
    finally:
        connection.config_set("maxmemory", "0")
