"""Read each request body once, up front, within the size limit and the read deadline.

Werkzeug stops a chunked body (no Content-Length) at MAX_CONTENT_LENGTH without an error,
so an oversized one reached the signature check cut short and got 401. Here a chunked body
is read to one byte past the limit: longer is 413. A client too slow to send its body (the
worker's deadline, see ops/gunicorn_worker.py) gets 408. Both answers are JSON.
"""

from __future__ import annotations

import io
import logging

from flask import Flask, current_app, jsonify, request

from helpdesk_empathy.errors import RequestReadTimeout

log = logging.getLogger(__name__)
_READ_CHUNK = 64 * 1024
_METHODS_WITH_BODY = frozenset(["POST", "PUT", "PATCH"])


def _is_chunked(environ: dict) -> bool:
    encoding = environ.get("HTTP_TRANSFER_ENCODING", "")
    return not environ.get("CONTENT_LENGTH") and "chunked" in encoding.lower()


def _read_at_most(stream, limit: int) -> bytes:
    """Up to limit + 1 bytes of the stream: one more than allowed tells it is too long."""
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        part = stream.read(min(_READ_CHUNK, limit + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def _refuse(status: int, reason: str):
    response = jsonify({"status": "rejected", "reason": reason})
    response.status_code = status
    response.headers["Connection"] = "close"  # the rest of the body is never read
    return response


def read_body_first():
    """before_request: the body is in memory (or refused) before any view runs."""
    if request.method not in _METHODS_WITH_BODY:
        return None
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    environ = request.environ
    try:
        if _is_chunked(environ):
            body = _read_at_most(environ["wsgi.input"], limit)
            if len(body) > limit:
                return _refuse(413, f"body is larger than {limit} bytes")
            # From here on the body is an ordinary one of known length.
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)
        request.get_data(cache=True)  # 413 past MAX_CONTENT_LENGTH, via the JSON handler
    except RequestReadTimeout:
        log.info("%s %s: body not received in time", request.method, request.path)
        return _refuse(408, "the request body was not received in time")
    return None


def init_app(app: Flask) -> None:
    app.before_request(read_body_first)
