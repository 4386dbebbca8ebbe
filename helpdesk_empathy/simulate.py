"""Deliveries shaped exactly as Zendesk sends them, for the demo, benchmarks and tests."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import requests

from .signatures import signed_headers


def trigger_body(ticket: dict[str, Any], comment: str, *, first_name: str = "") -> dict:
    """What our recommended trigger renders for `ticket` (a Zendesk ticket JSON) and a comment.

    Zendesk renders every placeholder as text: ids are strings, missing values are "".
    """

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    return {
        "ticket": {
            "id": text(ticket["id"]),
            "subject": text(ticket.get("subject")),
            "latest_comment": comment,
            "latest_public_comment": comment,
            "tags": " ".join(ticket.get("tags") or []),
            "priority": text(ticket.get("priority")).capitalize(),
            "status": text(ticket.get("status")).capitalize(),
            "group_id": text(ticket.get("group_id")),
            "assignee_id": text(ticket.get("assignee_id")),
            "updated_at": text(ticket.get("updated_at")),
            "via": "Mail",
            "requester": {
                "id": text(ticket.get("requester_id")),
                "first_name": first_name,
                "locale": "",
            },
            "current_user_id": text(ticket.get("requester_id")),
        },
        "account": "demo",
    }


def deliver(
    session: requests.Session,
    url: str,
    secret: str,
    body: dict,
    *,
    invocation_id: str | None = None,
    timeout: float = 10.0,
) -> requests.Response:
    """POST one signed delivery to our webhook receiver."""
    raw = json.dumps(body).encode()
    headers = signed_headers(
        secret, raw, invocation_id=invocation_id or uuid.uuid4().hex, at=time.time()
    )
    return session.post(url, data=raw, headers=headers, timeout=timeout)
