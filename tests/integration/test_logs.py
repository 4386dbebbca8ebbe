"""Structured logs: JSON lines with one id from the webhook to the worker's job."""

import io
import json
import logging
import time
from pathlib import Path

import pytest
from rq import SimpleWorker

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.zendesk.signature import signed_headers
from helpdesk_empathy.intake.app import create_app
from helpdesk_empathy.ops import logs
from helpdesk_empathy.pipeline.queue import make_queue

SECRET = "c2VjcmV0LWZvci10ZXN0cw=="
TRIGGER_BODY = (
    Path(__file__).parents[1] / "fixtures" / "webhooks" / "trigger_comment_en.json"
).read_bytes()


@pytest.fixture
def captured():
    stream = io.StringIO()
    handler = logs.configure_logging(json_lines=True, stream=stream)
    yield stream
    logging.getLogger().removeHandler(handler)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_json_lines_carry_the_bound_id_and_never_extra_fields(captured):
    log = logging.getLogger("helpdesk_empathy.test")
    with logs.bound("he-zendesk-abc"):
        log.info("ticket %s scored", "42", extra={"arguments": "customer text"})
    log.warning("outside")
    first, second = lines(captured)
    assert first["message"] == "ticket 42 scored"
    assert first["request_id"] == "he-zendesk-abc"
    assert first["level"] == "INFO" and first["logger"] == "helpdesk_empathy.test"
    assert "customer text" not in json.dumps(first)
    assert second["request_id"] == logs.NO_ID


def test_exceptions_are_one_json_line(captured):
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("x").exception("failed")
    (line,) = lines(captured)
    assert line["exc_type"] == "ValueError" and "boom" in line["exc"]


def test_plain_text_format_shows_the_id():
    stream = io.StringIO()
    handler = logs.configure_logging(json_lines=False, stream=stream)
    try:
        with logs.bound("job-7"):
            logging.getLogger("t").info("hello")
    finally:
        logging.getLogger().removeHandler(handler)
    assert "[job-7] hello" in stream.getvalue()


def test_configure_logging_replaces_its_own_handler_only():
    root = logging.getLogger()
    first = logs.configure_logging(stream=io.StringIO())
    second = logs.configure_logging(settings=Settings(log_json=True), stream=io.StringIO())
    try:
        assert first not in root.handlers and second in root.handlers
        assert isinstance(second.formatter, logs.JsonFormatter)
    finally:
        root.removeHandler(second)


def test_worker_jobs_log_under_their_job_id(captured, redis_client):
    queue = make_queue(redis_client, Settings())
    job = queue.enqueue("logging.warning", "inside the job")
    worker = logs.with_job_ids(SimpleWorker)([queue], connection=redis_client)
    worker.work(burst=True)
    inside = [line for line in lines(captured) if line["message"] == "inside the job"]
    assert inside and inside[0]["request_id"] == job.id
    assert logs.get_request_id() == logs.NO_ID  # unbound after the job


def test_webhook_answers_and_logs_with_the_job_id(captured, redis_server, redis_client):
    settings = Settings(redis_url=redis_server.url, webhook_signing_secret=SECRET)
    client = create_app(settings).test_client()
    headers = signed_headers(SECRET, TRIGGER_BODY, invocation_id="inv-log-1", at=time.time())
    response = client.post("/webhooks/zendesk", data=TRIGGER_BODY, headers=headers)
    assert response.status_code == 202
    job_id = response.get_json()["job_id"]
    assert response.headers["X-Request-Id"] == job_id
    queued = [line for line in lines(captured) if "queued ticket" in line["message"]]
    assert queued and queued[0]["request_id"] == job_id
    assert "THIRD time" not in captured.getvalue()  # no ticket text in the logs


def test_request_ids_are_echoed_only_when_plain(redis_server, redis_client):
    client = create_app(Settings(redis_url=redis_server.url, allow_test_secret=True)).test_client()
    plain = client.get("/healthz", headers={"X-Request-Id": "lb-123"})
    assert plain.headers["X-Request-Id"] == "lb-123"
    odd = client.get("/healthz", headers={"X-Request-Id": "a b\u00e9" * 30})
    assert odd.headers["X-Request-Id"] != "a b\u00e9" * 30
    assert len(odd.headers["X-Request-Id"]) == 16


def test_keep_existing_leaves_a_host_configuration_alone():
    root = logging.getLogger()
    foreign = logging.StreamHandler(io.StringIO())
    root.addHandler(foreign)
    try:
        assert logs.configure_logging(stream=io.StringIO(), keep_existing=True) is None
        assert not any(getattr(h, "_helpdesk_empathy", False) for h in root.handlers)
    finally:
        root.removeHandler(foreign)
