"""Secrets and privacy: a full run at DEBUG logs no secret and no ticket text, and Redis keeps
the text only inside the RQ job itself, which expires."""

from __future__ import annotations

import contextlib
import json
import logging
import subprocess
import sys
import time
import zlib

import pytest
import redis
import requests
from builders import settings_for
from rq import SimpleWorker
from rq.registry import FailedJobRegistry, ScheduledJobRegistry

from helpdesk_empathy import keys
from helpdesk_empathy.dev.local import child_environment, serve_app
from helpdesk_empathy.dev.simulate import event_envelope
from helpdesk_empathy.helpdesks.zendesk.signature import signed_headers
from helpdesk_empathy.models import TicketEvent
from helpdesk_empathy.ops.logs import configure_logging
from helpdesk_empathy.pipeline import jobs, runtime
from helpdesk_empathy.pipeline.queue import enqueue_event, make_inbox, make_queue

pytestmark = pytest.mark.e2e

SECRET = "cHJpdmFjeS1zaWduaW5nLXNlY3JldC0xMjM0"
API_TOKEN = "zd-api-token-5f1e2d3c4b"
EMAIL = "dana.moreau@example.org"
PHONE = "+33 6 12 34 56 78"
CARD = "4111 1111 1111 1111"
PHRASE = "violet umbrella"  # stands for the rest of the ticket text
MESSAGE = (
    f"This is the third time I write about the {PHRASE} order!!! You charged my card {CARD} "
    f"twice. Call me on {PHONE} or write to {EMAIL}, or I will cancel my account."
)
FORBIDDEN = [SECRET, API_TOKEN, EMAIL, PHONE, CARD, PHRASE, "4111111111111111", "612345678"]


def leaks(text: str) -> list[str]:
    folded = text.replace(" ", "").lower()
    return [value for value in FORBIDDEN if value.replace(" ", "").lower() in folded]


def redis_values(connection: redis.Redis, key: bytes) -> list[bytes]:
    """Every stored byte string under a key, whatever its type."""
    kind = connection.type(key).decode()
    if kind == "string":
        return [connection.get(key)]
    if kind == "hash":
        return [v for pair in connection.hgetall(key).items() for v in pair]
    if kind == "list":
        return connection.lrange(key, 0, -1)
    if kind == "set":
        return list(connection.smembers(key))
    if kind == "zset":
        return connection.zrange(key, 0, -1)
    if kind == "stream":
        return [v for _, fields in connection.xrange(key) for pair in fields.items() for v in pair]
    return []


def readable(value: bytes) -> str:
    """RQ stores job arguments zlib-compressed: look inside too."""
    with contextlib.suppress(zlib.error):
        value = zlib.decompress(value)
    return value.decode("utf-8", "replace")


def test_full_run_logs_no_secret_or_ticket_text_and_stored_text_expires(
    stub, redis_server, redis_client, caplog
):
    stub_url, state = stub
    settings = settings_for(
        redis_server.url,
        stub_url,
        state,
        api_token=API_TOKEN,
        webhook_signing_secret=SECRET,
        queue_name="privacy",
    )
    ticket = state.add_ticket(text=MESSAGE, subject="Billing", group_id=100)
    # An event envelope carries the message itself (trigger bodies carry ids only).
    raw = json.dumps(event_envelope(ticket, MESSAGE, author_name="Dana Smith")).encode()
    caplog.set_level(logging.DEBUG)
    configure_logging(settings, verbose=True)  # as `helpdesk-empathy -v serve` would

    with serve_app(settings) as web_url:
        hook = f"{web_url}/webhooks/zendesk"
        good = signed_headers(SECRET, raw, invocation_id="inv-privacy", at=time.time())
        assert requests.post(hook, data=raw, headers=good, timeout=10).status_code == 202
        # Refusals are logged too: a wrong signature and a schema error must not echo input.
        bad = dict(good, **{"X-Zendesk-Webhook-Signature": SECRET})
        assert requests.post(hook, data=raw, headers=bad, timeout=10).status_code == 401
        broken = raw.replace(b'"detail": {"id": "', b'"detail": {"id": "' + EMAIL.encode(), 1)
        broken_headers = signed_headers(SECRET, broken, invocation_id="inv-2", at=time.time())
        response = requests.post(hook, data=broken, headers=broken_headers, timeout=10)
        assert response.status_code == 400
    # Before the worker runs, the message waits in the inbox and nowhere else (which also
    # proves the scan below finds text where it is).
    assert list(text_holders(redis_client)) == [make_inbox(redis_client, settings).key]
    worker = subprocess.run(
        [sys.executable, "-m", "helpdesk_empathy.cli", "-v", "worker", "--burst"],
        env=child_environment(settings),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr[-2000:]

    # The work was really done, so the logs below cover a full run.
    notes = [c for c in state.get_comments(ticket["id"]) if not c["public"]]
    assert len(notes) == 1
    assert "DEBUG" in worker.stderr and "ticket" in worker.stderr
    assert caplog.records
    web_logs = "\n".join(record.getMessage() for record in caplog.records)
    assert leaks(web_logs) == []
    assert leaks(worker.stdout + worker.stderr) == []

    # Redis: once processed, no key holds the message: state keeps scores and signals only.
    assert text_holders(redis_client) == {}


def text_holders(redis_client) -> dict[str, int]:
    """Every key whose value contains a piece of the customer's message, with its TTL."""
    holders = {}
    for key in redis_client.scan_iter(count=1000):
        if any(leaks(readable(value)) for value in redis_values(redis_client, key)):
            holders[key.decode()] = redis_client.ttl(key)
    return holders


def test_a_failed_job_keeps_ids_and_metadata_never_the_text(
    stub, redis_server, redis_client, monkeypatch
):
    """The attack: a job that kept failing sat in RQ's failed registry for 30 days with the
    customer's whole message (card, phone, e-mail) in its arguments."""
    stub_url, state = stub
    settings = settings_for(
        redis_server.url, stub_url, state, queue_name="privacy-failed", job_retries=1
    )
    runtime.install(runtime.build(settings, redis_client))
    real_analyze = jobs.analyze

    def analyze(text, **options):  # stands for any bug this one message would trigger
        if PHRASE in text:
            raise ValueError("cannot analyse this message")
        return real_analyze(text, **options)

    monkeypatch.setattr(jobs, "analyze", analyze)
    try:
        ticket = state.add_ticket(text=MESSAGE)
        calm = state.add_ticket(text="Thanks, all good now.")
        for item, text in ((ticket, MESSAGE), (calm, "Thanks, all good now.")):
            event = TicketEvent("zendesk", f"ev-{item['id']}", str(item["id"]), text)
            enqueue_event(redis_client, settings, event)
        queue = make_queue(redis_client, settings)
        SimpleWorker([queue], connection=redis_client).work(burst=True)
        assert [c for c in state.get_comments(calm["id"]) if not c["public"]]  # not held up
        # While its retry waits, the message is kept apart from the job, and expires.
        [retry] = ScheduledJobRegistry(queue=queue).get_job_ids()
        [(key, ttl)] = text_holders(redis_client).items()
        assert key.startswith(keys.TEXT) and 0 < ttl <= 86400
        queue.enqueue_job(queue.fetch_job(retry))
        SimpleWorker([queue], connection=redis_client).work(burst=True)

        [failed] = FailedJobRegistry(queue=queue).get_job_ids()
        assert queue.fetch_job(failed).args[0]["ticket_id"] == str(ticket["id"])
        assert text_holders(redis_client) == {}  # ids and metadata only, nowhere the text
        # Re-queued by an admin after the fix, it reads the message again from Zendesk (the
        # latest public end-user comment) and writes its note, once.
        monkeypatch.undo()
        FailedJobRegistry(queue=queue).requeue(failed)
        SimpleWorker([queue], connection=redis_client).work(burst=True)
        assert FailedJobRegistry(queue=queue).count == 0
        assert len([c for c in state.get_comments(ticket["id"]) if not c["public"]]) == 1
        assert text_holders(redis_client) == {}
    finally:
        runtime.install(None)
