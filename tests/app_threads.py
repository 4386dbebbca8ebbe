"""Sidebar app test helpers: the Zendesk comment fixtures, the body the panel sends, tokens."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import orjson

from helpdesk_empathy.intake import app_token

FIXTURES = Path(__file__).parent / "fixtures" / "sidebar"
SECRET = "app-shared-secret-for-tests-0123456789abcdef"


def comments_fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def panel_body(fixture: dict, ticket_id: int = 4242) -> dict:
    """What panel.js sends for a comments response: author roles from the sideloaded users."""
    roles = {user["id"]: user["role"] for user in fixture["users"]}
    return {
        "ticket_id": ticket_id,
        "comments": [
            {
                "id": comment["id"],
                "body": comment["plain_body"],
                "author_is_staff": roles.get(comment["author_id"]) in ("agent", "admin"),
                "public": comment["public"],
                "created_at": comment["created_at"],
            }
            for comment in fixture["comments"]
        ],
    }


def signed_request(
    body: dict | bytes, *, secret: str = SECRET, now: float | None = None, **claims
) -> tuple[bytes, dict[str, str]]:
    """(raw body, headers) as Zendesk's proxy sends them: a 60-second HS256 token."""
    raw = body if isinstance(body, bytes) else orjson.dumps(body)
    now = time.time() if now is None else now
    payload = {
        "iat": int(now),
        "exp": int(now) + 60,
        "account": "acme",
        "body_sha256": hashlib.sha256(raw).hexdigest(),
    }
    payload.update(claims)
    token = app_token.sign(payload, secret)
    return raw, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
