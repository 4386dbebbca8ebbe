"""Deliveries shaped exactly as Zendesk sends them, for the demo, benchmarks and tests."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import requests

from helpdesk_empathy.helpdesks.zendesk.signature import signed_headers


def trigger_body(ticket: dict[str, Any], *, first_name: str = "") -> dict:
    """What our recommended trigger renders for `ticket` (a Zendesk ticket JSON): ids and
    metadata only (the worker reads the comment through the API).

    Zendesk renders every placeholder as text: ids are strings, missing values are "", and
    {{ticket.updated_at_with_timestamp}} has minutes only ("2026-11-23T18:02Z").
    """

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    def minutes(stamp: str) -> str:
        return stamp[:16] + "Z" if stamp else ""

    return {
        "ticket": {
            "id": text(ticket["id"]),
            "subject": text(ticket.get("subject")),
            "tags": " ".join(ticket.get("tags") or []),
            "priority": text(ticket.get("priority")).capitalize(),
            "status": text(ticket.get("status")).capitalize(),
            "group_id": text(ticket.get("group_id")),
            "assignee_id": text(ticket.get("assignee_id")),
            "updated_at": text(ticket.get("updated_at"))[:16] + "Z"
            if ticket.get("updated_at")
            else "",
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


def event_envelope(
    ticket: dict[str, Any], comment: str, *, kind: str = "comment_added", author_name: str = ""
) -> dict:
    """An event-subscription delivery for `ticket`: `ticket.created` (the comment is the
    description) or `ticket.comment_added` by the requester. Ids are strings, enums upper case,
    and `updated_at` is the ticket's exact one."""
    requester = str(ticket.get("requester_id"))
    detail = {
        "id": str(ticket["id"]),
        "actor_id": requester,
        "requester_id": requester,
        "assignee_id": None if ticket.get("assignee_id") is None else str(ticket["assignee_id"]),
        "group_id": None if ticket.get("group_id") is None else str(ticket["group_id"]),
        "priority": (ticket.get("priority") or "").upper() or None,
        "status": str(ticket.get("status") or "new").upper(),
        "subject": ticket.get("subject"),
        "description": ticket.get("description") or comment,
        "tags": list(ticket.get("tags") or []),
        "updated_at": ticket.get("updated_at"),
        "via": {"channel": "email"},
    }
    event: dict[str, Any] = {}
    if kind == "comment_added":
        author = {"id": requester, "is_staff": False, "name": author_name}
        comment_id = str(uuid.uuid4().int % 10**10)
        event = {
            "comment": {"author": author, "body": comment, "id": comment_id, "is_public": True}
        }
    elif kind == "ticket_created":
        detail["description"] = comment
    else:
        raise ValueError(f"unknown event kind {kind!r}")
    return {
        "type": f"zen:event-type:ticket.{'created' if kind == 'ticket_created' else kind}",
        "id": str(uuid.uuid4()),
        "account_id": 22129848,
        "subject": f"zen:ticket:{ticket['id']}",
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "zendesk_event_version": "2022-11-06",
        "detail": detail,
        "event": event,
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
