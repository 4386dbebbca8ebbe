"""Zammad REST client: writes a decision back as tags, priority, group and an internal note."""

from __future__ import annotations

import logging
from typing import Any

import requests

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.base import Helpdesk, WriteResult, write_result
from helpdesk_empathy.helpdesks.http import RestSession
from helpdesk_empathy.helpdesks.merge import route_group
from helpdesk_empathy.helpdesks.zammad import payloads as zp
from helpdesk_empathy.models import Decision, TicketEvent

log = logging.getLogger(__name__)


class ZammadClient(Helpdesk):
    """Talks to one Zammad instance with an agent's API token; never logs text or credentials."""

    name = "zammad"

    def __init__(self, settings: Settings, session: requests.Session | None = None):
        settings.zammad.require()
        session = session or requests.Session()
        session.headers["Authorization"] = f"Token token={settings.zammad.token}"
        self.rest = RestSession(
            "Zammad",
            settings.zammad.url,
            session,
            timeout=settings.http_timeout_seconds or 10.0,
        )
        self.escalation_group_id = settings.zammad.escalation_group_id

    @property
    def requests_made(self) -> int:
        return self.rest.requests_made

    # -- reads --------------------------------------------------------------------------
    def get_ticket(self, ticket_id: str) -> dict[str, Any]:
        return self.rest.json_object(self.rest.request("GET", f"/api/v1/tickets/{ticket_id}"))

    def get_tags(self, ticket_id: str) -> list[str]:
        response = self.rest.request(
            "GET", "/api/v1/tags", params={"object": "Ticket", "o_id": ticket_id}
        )
        return list(self.rest.json_object(response).get("tags") or [])

    def get_current_user(self) -> dict[str, Any]:
        return self.rest.json_object(self.rest.request("GET", "/api/v1/users/me"))

    # -- write-back ---------------------------------------------------------------------
    def apply(self, event: TicketEvent, decision: Decision) -> WriteResult:
        """Idempotent changes first (ticket fields, tags), the one non-idempotent note last.

        If a call fails part-way, the job is retried: re-raising priority or re-adding a tag
        changes nothing, and the note has not been written yet, so it is never duplicated.
        """
        ticket_id = str(event.ticket_id)
        start = self.rest.requests_made
        route = route_group(decision.route_group_id, self.escalation_group_id)
        update: dict[str, Any] = {}
        if zp.needs_ticket_state(decision, route):
            # Read the ticket now: the webhook's copy may be stale, and priority must never drop.
            current = zp.ZammadTicket.from_api(self.get_ticket(ticket_id))
            update = zp.ticket_update(current, decision, route)
            if update:
                self.rest.request("PUT", f"/api/v1/tickets/{ticket_id}", json=update)
        known = event.tags if event.tags_known else None
        if zp.needs_tag_read(event, decision):
            known = tuple(self.get_tags(ticket_id))
        tags, stale = zp.tag_changes(known, decision)
        for tag in tags:
            self.rest.request("POST", "/api/v1/tags/add", json=zp.tag_body(ticket_id, tag))
        for tag in stale:
            self.rest.request("DELETE", "/api/v1/tags/remove", json=zp.tag_body(ticket_id, tag))
        article = zp.note_article(ticket_id, decision.note)
        if article is not None:
            self.rest.request("POST", "/api/v1/ticket_articles", json=article)
        made = self.rest.requests_made - start
        applied = zp.applied_fields(update, tags, article is not None, removed=stale)
        return write_result(self.name, ticket_id, made, applied)
