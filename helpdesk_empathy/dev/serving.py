"""Serve a WSGI app over loopback HTTP from a daemon thread (web app, helpdesk stubs)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from werkzeug.serving import WSGIRequestHandler, make_server


class QuietHandler(WSGIRequestHandler):
    """No access log lines: the demo prints results, tests assert on them.

    HTTP/1.1, so clients keep their connections open between requests as they would with a
    real helpdesk, instead of paying a TCP handshake per call.
    """

    protocol_version = "HTTP/1.1"

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def serve_in_thread(
    app, *, host: str = "127.0.0.1", port: int = 0, name: str = "http"
) -> tuple[str, Callable[[], None]]:
    """Start serving `app`; returns its base URL and a function that stops it."""
    server = make_server(host, port, app, threaded=True, request_handler=QuietHandler)
    # A short poll interval makes shutdown() return quickly.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name=name, daemon=True)
    thread.start()

    def shutdown() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return f"http://{host}:{server.server_port}", shutdown
