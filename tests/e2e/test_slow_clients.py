"""`serve` facing hostile clients directly: half-sent requests hold a thread for at most the
read deadline (then a JSON 408), never the receiver; gunicorn's own errors are JSON; a
chunked body over the limit gets 413, not a cut-short body and a 401."""

from __future__ import annotations

import json
import socket
import time
import uuid
from pathlib import Path

import pytest
import requests

from helpdesk_empathy.dev.serve_process import ServeProcess
from helpdesk_empathy.helpdesks.zendesk.signature import signed_headers

pytestmark = pytest.mark.e2e
SECRET = "c2xvdy1jbGllbnRzLXNlY3JldA=="
READ_SECONDS = 4
FIXTURES = Path(__file__).parents[1] / "fixtures" / "webhooks"
BODY = (FIXTURES / "trigger_comment_en.json").read_bytes()
SLOW_CLIENTS = 50


@pytest.fixture(scope="module")
def server(redis_server, tmp_path_factory):
    env = {
        "REDIS_URL": redis_server.url,
        "HELPDESK_EMPATHY_WEBHOOK_SIGNING_SECRET": SECRET,
        "HELPDESK_EMPATHY_REQUEST_READ_SECONDS": str(READ_SECONDS),
    }
    with (tmp_path_factory.mktemp("serve") / "serve.log").open("w") as log:
        serve = ServeProcess(env, workers=2, output=log)
    yield serve.port
    serve.stop()


def _signed_post(port: int, body: bytes | None = None) -> tuple[int, float]:
    # A distinct ticket each time: trigger deliveries are deduped on their signed content.
    body = body or BODY.replace(b'"35436"', f'"{uuid.uuid4().int % 10**9}"'.encode(), 1)
    headers = signed_headers(SECRET, body, invocation_id=str(uuid.uuid4()), at=time.time())
    start = time.perf_counter()
    response = requests.post(
        f"http://127.0.0.1:{port}/webhooks/zendesk", data=body, headers=headers, timeout=30
    )
    return response.status_code, time.perf_counter() - start


def _half_sent(port: int, *, headers_done: bool) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port))
    head = b"POST /webhooks/zendesk HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    if headers_done:
        sock.sendall(head + b"Content-Length: 100000\r\n\r\n" + b'{"half": "')
    else:
        sock.sendall(head)  # the headers never end
    return sock


def _answer(sock: socket.socket) -> tuple[int, dict]:
    sock.settimeout(READ_SECONDS + 10)
    raw = b""
    while b"\r\n\r\n" not in raw or not raw.rstrip().endswith(b"}"):
        chunk = sock.recv(4096)
        if not chunk:
            break
        raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    assert b"application/json" in head.lower()
    return int(head.split()[1]), json.loads(body)


def test_slow_clients_do_not_delay_a_real_webhook_and_get_a_json_408(server):
    slow = [_half_sent(server, headers_done=i % 2 == 0) for i in range(SLOW_CLIENTS)]
    try:
        time.sleep(0.5)  # every slow client now holds a connection
        acknowledgements = [_signed_post(server) for _ in range(5)]
        assert [status for status, _ in acknowledgements] == [202] * 5
        # Sync workers would wait for a slow client's deadline; generous against CI noise.
        assert max(seconds for _, seconds in acknowledgements) < READ_SECONDS / 2
        started = time.monotonic()
        answers = [_answer(sock) for sock in slow]
        assert time.monotonic() - started < READ_SECONDS + 5
        assert {status for status, _ in answers} == {408}
        assert all(body["status"] == "rejected" for _, body in answers)
    finally:
        for sock in slow:
            sock.close()


def test_gunicorns_own_errors_are_json(server):
    sock = socket.create_connection(("127.0.0.1", server))
    sock.sendall(b"NOT AN HTTP REQUEST\r\n\r\n")
    status, body = _answer(sock)
    sock.close()
    assert status == 400 and body["status"] == "rejected"


def test_chunked_body_over_the_limit_is_413_and_under_it_is_read_whole(server):
    url = f"http://127.0.0.1:{server}/webhooks/zendesk"

    def chunks(data: bytes):
        for start in range(0, len(data), 32 * 1024):
            yield data[start : start + 32 * 1024]

    big = b'{"pad": "' + b"x" * (300 * 1024) + b'"}'
    headers = signed_headers(SECRET, big, invocation_id="chunked-big", at=time.time())
    response = requests.post(url, data=chunks(big), headers=headers, timeout=30)
    assert response.status_code == 413
    assert response.json()["status"] == "rejected"

    headers = signed_headers(SECRET, BODY, invocation_id="chunked-ok", at=time.time())
    response = requests.post(url, data=chunks(BODY), headers=headers, timeout=30)
    assert response.status_code == 202  # the signature covers the whole, re-assembled body
