"""Logging set-up: plain or JSON lines, each carrying the id that follows one ticket event.

The id is the RQ job id (queue.job_id_for(event)): the webhook switches to it as soon as the
event is parsed, and the worker binds it around each job, so `grep <id>` shows one ticket's
way from the webhook to the write-back. Requests that never become a job keep a random id.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
import uuid
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO

from flask import Flask, request

NO_ID = "-"
HEADER = "X-Request-Id"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# A caller-supplied id is echoed into logs: accept only short, plain ones.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

_request_id: ContextVar[str] = ContextVar("helpdesk_empathy_request_id", default=NO_ID)


def get_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str | None) -> None:
    """Make `value` the id of every log line from here on in this context (thread/task)."""
    _request_id.set(value if value else NO_ID)


@contextlib.contextmanager
def bound(value: str | None) -> Iterator[None]:
    token = _request_id.set(value if value else NO_ID)
    try:
        yield
    finally:
        _request_id.reset(token)


def new_id() -> str:
    return uuid.uuid4().hex[:16]


class RequestIdFilter(logging.Filter):
    """Stamps each record with the current id (records that already carry one keep it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = _request_id.get()
        return True


# gunicorn's access-line atoms worth keeping, by their JSON name. Never the query string (the
# dashboard's token can travel there), request headers or the user agent.
ACCESS_ATOMS = {"method": "m", "path": "U", "status": "s", "bytes": "B", "duration_ms": "M"}


def access_fields(atoms: Mapping) -> dict:
    """Pure: the structured part of one gunicorn access line."""
    return {name: atoms.get(key) for name, key in ACCESS_ATOMS.items()}


class JsonFormatter(logging.Formatter):
    """One JSON object per line with fixed keys; `extra` fields are never copied (RQ puts
    job arguments, i.e. ticket text, there). gunicorn's access lines also get `http`."""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC)
        document = {
            "ts": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or _request_id.get(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            document["http"] = access_fields(record.args)
            # The id the app echoed in X-Request-Id: the access line joins the event's trail.
            echoed = record.args.get("{x-request-id}o")
            if isinstance(echoed, str) and _SAFE_ID.match(echoed):
                document["request_id"] = echoed
        if record.exc_info:
            document["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            document["exc"] = self.formatException(record.exc_info)
        return json.dumps(document, ensure_ascii=False)


def configure_logging(
    settings: object | None = None,
    *,
    verbose: bool = False,
    json_lines: bool | None = None,
    stream: IO[str] | None = None,
    keep_existing: bool = False,
) -> logging.Handler | None:
    """Install one root handler (replacing the one a previous call installed).

    With keep_existing, leave logging alone (None) when something else already configured
    the root logger, as logging.basicConfig does: e.g. a host application or pytest.
    """
    root = logging.getLogger()
    if keep_existing and any(not getattr(h, "_helpdesk_empathy", False) for h in root.handlers):
        return None
    if json_lines is None:
        json_lines = bool(getattr(settings, "log_json", False))
    for handler in list(root.handlers):
        if getattr(handler, "_helpdesk_empathy", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._helpdesk_empathy = True  # type: ignore[attr-defined]
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    return handler


def init_app(app: Flask) -> None:
    """Give each web request an id (the caller's X-Request-Id if plain) and echo it back.

    Under gunicorn nothing has configured logging yet: do it here, from the app's settings.
    """
    configure_logging(app.config.get("SETTINGS"), keep_existing=True)

    @app.before_request
    def _bind_request_id() -> None:
        supplied = request.headers.get(HEADER, "")
        set_request_id(supplied if _SAFE_ID.match(supplied) else new_id())

    @app.after_request
    def _echo_request_id(response):
        response.headers[HEADER] = get_request_id()
        return response

    @app.teardown_request
    def _clear_request_id(error: BaseException | None = None) -> None:
        set_request_id(None)


def with_job_ids(worker_class: type) -> type:
    """An RQ worker class whose jobs log under their own job id."""

    class JobIdWorker(worker_class):  # type: ignore[misc, valid-type]
        def perform_job(self, job, *args, **kwargs):
            with bound(job.id):
                return super().perform_job(job, *args, **kwargs)

    JobIdWorker.__name__ = f"JobId{worker_class.__name__}"
    return JobIdWorker
