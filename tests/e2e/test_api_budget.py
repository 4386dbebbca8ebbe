"""The API budget: write-back counters on /metrics, and a 429 storm with nothing lost."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from builders import settings_for
from prometheus_client.parser import text_string_to_metric_families

from helpdesk_empathy.dev.local import serve_app, worker_process
from helpdesk_empathy.dev.simulate import deliver, event_envelope
from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient
from helpdesk_empathy.intake.app import create_app
from helpdesk_empathy.models import Decision, TicketEvent
from helpdesk_empathy.pipeline.delivery.handover import Delivery
from helpdesk_empathy.pipeline.delivery.outbox import Outbox
from helpdesk_empathy.pipeline.delivery.writer import read_stats

SECRET = "YnVkZ2V0LXRlc3Qtc2VjcmV0"
MARKER = "empathy_processed"
MESSAGES = (
    "I have been waiting two weeks for my refund and nobody answers.",
    "Thanks, the replacement works fine now.",
    "This is the third time I write: my parcel is STILL missing!!",
    "Bonjour, je n'ai toujours pas reçu mon remboursement.",
)


def test_writeback_counters_are_on_the_metrics_page(stub, redis_server, redis_client):
    url, state = stub
    settings = settings_for(
        redis_server.url, url, state, webhook_signing_secret=SECRET, queue_name="budget"
    )
    ticket = state.add_ticket(text="late again", tags=["vip"])
    event = TicketEvent(
        "zendesk", "d1", str(ticket["id"]), "late again", tags=("vip",), updated_at="x"
    )
    decision = Decision(("empathy_negative",), "high", None, False, "Suggested reply")
    delivery = Delivery(
        redis_client,
        {"zendesk": ZendeskClient(settings)},
        batching=True,
        max_delay=2.0,
        backlog=lambda: 0,
    )
    # An idle queue: written at once, GET + PUT (no exact stamp).
    assert delivery.hand_over([(event, decision)]) == []

    page = create_app(settings).test_client().get("/metrics").get_data(as_text=True)
    values = {
        (sample.name, tuple(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(page)
        for sample in family.samples
    }
    label = (("helpdesk", "zendesk"),)
    assert values[("helpdesk_empathy_writeback_api_requests_total", label)] == 2
    assert values[("helpdesk_empathy_writeback_tickets_written_total", label)] == 1
    assert values[("helpdesk_empathy_writeback_events_written_total", label)] == 1
    assert read_stats(redis_client, "zendesk")["api_requests"] == len(state.request_log())


def spend_window(url: str) -> None:
    """Another client on the account uses up the current window's budget."""
    auth = ("neighbour@example.com/token", "t")
    while True:
        answer = requests.get(f"{url}/api/v2/users/me", auth=auth, timeout=5)
        if answer.status_code == 429 or answer.headers.get("X-Rate-Limit-Remaining") == "0":
            return


@pytest.mark.e2e
def test_a_429_storm_pauses_every_worker_and_loses_nothing(stub, redis_server, redis_client):
    url, state = stub
    settings = settings_for(
        redis_server.url, url, state, webhook_signing_secret=SECRET, queue_name="budget"
    )
    tickets = [
        state.add_ticket(text="x", tags=["vip"], priority="low", subject=f"Case {n}")
        for n in range(200)
    ]
    window = 4.0
    with state.lock:
        state.rate_limit = (12, window)  # a fixed window, as Zendesk's per-minute budget
    local = threading.local()

    def send(index: int) -> int:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        ticket = tickets[index]
        # Event subscriptions (the default delivery) carry the message: no read per event.
        body = event_envelope(ticket, MESSAGES[index % len(MESSAGES)])
        return deliver(local.session, f"{web_url}/webhooks/zendesk", SECRET, body).status_code

    with (
        serve_app(settings) as web_url,
        worker_process(settings) as first,
        worker_process(settings) as second,
    ):
        wait_until(lambda: len(redis_client.smembers("rq:workers")) >= 2, 30)
        # At the start of a fresh window, so the workers' first requests fall inside it.
        wait_until(lambda: time.time() % window < 0.2, window + 1)
        spend_window(url)  # so the workers' first request meets a 429
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(send, range(len(tickets))))
        assert statuses == [202] * len(tickets)
        outbox = Outbox(redis_client, "zendesk")

        def all_written() -> bool:
            assert first.poll() is None and second.poll() is None, "a worker died"
            written = read_stats(redis_client, "zendesk").get("events_written", 0)
            return written >= len(tickets) and outbox.size() == 0

        wait_until(all_written, 60)

    ours = [r for r in state.request_log() if r["path"] != "/api/v2/users/me"]
    rate_limited = Counter(int(r["at"] // window) for r in ours if r["status"] == 429)
    assert rate_limited, "the storm never happened"
    assert max(rate_limited.values()) == 1  # after a window's first 429, every worker waited
    for ticket in tickets:
        current = state.get_ticket(ticket["id"])
        assert MARKER in current["tags"] and "vip" in current["tags"]
        notes = [c for c in state.get_comments(ticket["id"]) if not c["public"]]
        assert len(notes) == 1, f"ticket {ticket['id']} has {len(notes)} notes"
    stats = read_stats(redis_client, "zendesk")
    assert stats["tickets_written"] == stats["events_written"] == len(tickets)
    assert sum(r["status"] < 400 for r in ours) < len(tickets) / 2  # batched, not one by one


def wait_until(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")
