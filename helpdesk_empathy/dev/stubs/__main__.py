"""Run the Zendesk stub as its own process: python -m helpdesk_empathy.dev.stubs --port N."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys

from werkzeug.serving import make_server

from helpdesk_empathy.dev.serving import QuietHandler
from helpdesk_empathy.dev.stubs.state import StubState
from helpdesk_empathy.dev.stubs.zendesk import create_stub_app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpdesk_empathy.dev.stubs")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--seed", help="JSON file: a list of tickets ({id, text, tags, ...})")
    parser.add_argument("--rate-limit", type=int, default=0, help="requests per window")
    parser.add_argument("--window", type=float, default=60.0, help="rate-limit window, seconds")
    parser.add_argument("--no-auth", action="store_true", help="accept requests without auth")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    state = StubState()
    if args.rate_limit:
        state.rate_limit = (args.rate_limit, args.window)
    if args.seed:
        with open(args.seed, encoding="utf-8") as handle:
            for ticket in json.load(handle):
                ticket = dict(ticket)
                state.add_ticket(ticket.pop("id", None), ticket.pop("text", ""), **ticket)
    app = create_stub_app(state, require_auth=not args.no_auth)
    server = make_server(args.host, args.port, app, threaded=True, request_handler=QuietHandler)
    # The parent process reads this line to learn the port.
    print(f"zendesk stub listening on http://{args.host}:{server.server_port}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
