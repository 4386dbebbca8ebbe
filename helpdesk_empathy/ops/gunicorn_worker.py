"""Gunicorn worker that faces clients directly: threads, a deadline for reading each request,
and JSON error answers instead of gunicorn's HTML pages.

Gunicorn's docs advise a buffering proxy or non-sync workers for clients on the open
internet: with sync workers two half-sent uploads froze a 2-worker receiver. This worker is
gunicorn's threaded worker plus:
- a deadline for the whole request (line, headers and body), not per read, so a client that
  trickles a byte at a time is cut off too (a JSON 408);
- closing a connection never waits for the client: gunicorn lingers up to 2 s on its main
  thread draining a closed connection, which one silent client per request turns into a stall.
"""

from __future__ import annotations

import json
import socket
import time

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from helpdesk_empathy import config
from helpdesk_empathy.errors import RequestReadTimeout


class DeadlineSocket(socket.socket):
    """A client socket whose blocking reads stop at one deadline for the whole request."""

    deadline: float | None = None
    timed_out = False  # the deadline passed: the connection is closed after the answer
    closing = False

    @classmethod
    def adopt(cls, sock: socket.socket) -> DeadlineSocket:
        timeout = sock.gettimeout()
        adopted = cls(sock.family, sock.type, sock.proto, fileno=sock.detach())
        adopted.settimeout(timeout)
        return adopted

    def shutdown(self, how: int) -> None:
        super().shutdown(how)
        if how == socket.SHUT_WR:
            self.closing = True

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        if self.closing:
            # Draining after our answer (on gunicorn's main thread): take what has arrived,
            # never wait for more. BlockingIOError ends gunicorn's drain loop.
            super().settimeout(0.0)
            return super().recv(bufsize, flags)
        if self.deadline is None or self.gettimeout() == 0.0:
            return super().recv(bufsize, flags)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            self.timed_out = True
            raise RequestReadTimeout("the request was not received in time")
        self.settimeout(remaining)
        try:
            return super().recv(bufsize, flags)
        except TimeoutError:
            self.timed_out = True
            raise RequestReadTimeout("the request was not received in time") from None
        finally:
            self.settimeout(None)


def json_error_bytes(status: int, reason: str, message: str) -> bytes:
    """A complete HTTP response carrying {"status", "reason"}, as the app's own errors do."""
    body = json.dumps(
        {"status": "rejected" if status < 500 else "error", "reason": message or reason}
    ).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


def write_json_error(sock: socket.socket, status: int, reason: str, message: str) -> None:
    util.write_nonblock(sock, json_error_bytes(status, reason, message))


# Gunicorn answers bad request lines, oversized headers and crashed requests itself, with an
# HTML page; in a process running this worker those answers are JSON like everything else.
util.write_error = write_json_error


class BoundedThreadWorker(ThreadWorker):
    """gthread with a per-request read deadline (HELPDESK_EMPATHY_REQUEST_READ_SECONDS)."""

    read_seconds = 10.0

    def init_process(self) -> None:
        self.read_seconds = config.from_env().request_read_seconds
        super().init_process()

    def handle(self, conn):  # type: ignore[no-untyped-def]
        if not isinstance(conn.sock, DeadlineSocket):
            conn.sock = DeadlineSocket.adopt(conn.sock)
        conn.sock.deadline = time.monotonic() + self.read_seconds
        conn.sock.timed_out = False
        return super().handle(conn)

    def handle_request(self, req, conn):  # type: ignore[no-untyped-def]
        try:
            keepalive = super().handle_request(req, conn)
        finally:
            conn.sock.deadline = None  # the answer is out: gunicorn's own drain rules apply
        # After a 408 the rest of the body is still on its way: close rather than drain it.
        return keepalive and not conn.sock.timed_out

    def handle_error(self, req, client, addr, exc):  # type: ignore[no-untyped-def]
        if isinstance(exc, RequestReadTimeout):
            self.log.info("request from %s not received within %.0f s", addr, self.read_seconds)
            try:
                write_json_error(client, 408, "Request Timeout", str(exc))
            except OSError:
                self.log.debug("could not send the 408 answer")
            return
        super().handle_error(req, client, addr, exc)
