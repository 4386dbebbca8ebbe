"""Freshdesk API v2 client: writes a decision back with read-merge-write and a private note."""

from __future__ import annotations

import logging
from typing import Any

import requests

from helpdesk_empathy.config import Settings
from helpdesk_empathy.errors import HelpdeskError
from helpdesk_empathy.helpdesks.base import Helpdesk, WriteResult, write_result
from helpdesk_empathy.helpdesks.freshdesk import payloads as fp
from helpdesk_empathy.helpdesks.freshdesk.conversation import message_event
from helpdesk_empathy.helpdesks.http import RestSession
from helpdesk_empathy.helpdesks.merge import route_group
from helpdesk_empathy.models import Decision, TicketEvent

log = logging.getLogger(__name__)

CONVERSATIONS_PER_PAGE = 100  # Freshdesk's maximum
MAX_CONVERSATION_PAGES = 10  # 1,000 conversations: bounded, and far beyond a usual ticket


class FreshdeskClient(Helpdesk):
    """Talks to one Freshdesk account with an API key; never logs text or credentials."""

    name = "freshdesk"

    def __init__(self, settings: Settings, session: requests.Session | None = None):
        settings.freshdesk.require()
        session = session or requests.Session()
        # Freshdesk's API key is the Basic-auth user name; the password is ignored ("X").
        session.auth = (settings.freshdesk.api_key, "X")
        self.rest = RestSession(
            "Freshdesk",
            settings.freshdesk.url,
            session,
            timeout=settings.http_timeout_seconds or 10.0,
            rate_headers=("X-Ratelimit-Remaining",),
        )
        self.escalation_group_id = settings.freshdesk.escalation_group_id

    @property
    def requests_made(self) -> int:
        return self.rest.requests_made

    def get_ticket(self, ticket_id: str, *, include: str | None = None) -> dict[str, Any]:
        params = {"include": include} if include else None
        path = f"/api/v2/tickets/{ticket_id}"
        return self.rest.json_object(self.rest.request("GET", path, params=params))

    def get_conversations(self, ticket_id: str) -> list[dict[str, Any]]:
        """Every conversation of the ticket, oldest first, following `Link: rel="next"`."""
        conversations: list[dict[str, Any]] = []
        path: str | None = f"/api/v2/tickets/{ticket_id}/conversations"
        params: dict[str, Any] | None = {"per_page": CONVERSATIONS_PER_PAGE}
        for _ in range(MAX_CONVERSATION_PAGES):
            if not path:
                break
            response = self.rest.request("GET", path, params=params)
            page = self.rest.json(response)
            if not isinstance(page, list):
                raise HelpdeskError("Freshdesk sent an unexpected JSON shape")
            conversations += [c for c in page if isinstance(c, dict)]
            path, params = response.links.get("next", {}).get("url"), None
        return conversations

    def fetch_message(self, event: TicketEvent) -> TicketEvent | None:
        """The customer's latest public message, read through the API (ids-only webhooks)."""
        ticket_id = str(event.ticket_id)
        ticket = self.get_ticket(ticket_id, include="requester")
        return message_event(event, ticket, self.get_conversations(ticket_id))

    def apply(self, event: TicketEvent, decision: Decision) -> WriteResult:
        """GET, merge, PUT, then the private note last (the one step that is not idempotent).

        Freshdesk has no conditional update, so the read and the write are kept back to back;
        a retry re-reads and re-merges, and re-sending the same fields changes nothing.
        """
        ticket_id = str(event.ticket_id)
        start = self.rest.requests_made
        route = route_group(decision.route_group_id, self.escalation_group_id)
        current = fp.FreshdeskTicket.from_api(self.get_ticket(ticket_id))
        update = fp.ticket_update(current, decision, route)
        if update:
            self.rest.request("PUT", f"/api/v2/tickets/{ticket_id}", json=update)
        note = fp.note_body(decision.note)
        if note is not None:
            self.rest.request("POST", f"/api/v2/tickets/{ticket_id}/notes", json=note)
        made = self.rest.requests_made - start
        applied = fp.applied_fields(update, note is not None)
        return write_result(self.name, ticket_id, made, applied)
