"""Zendesk Support REST client: ticket write-back plus the calls install and doctor need."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import redis
import requests

from helpdesk_empathy.config import Settings
from helpdesk_empathy.errors import HelpdeskError, TransientHelpdeskError, WriteDeferred
from helpdesk_empathy.helpdesks.base import BatchResult, Helpdesk, WriteResult
from helpdesk_empathy.helpdesks.http import CallHook, RestSession
from helpdesk_empathy.helpdesks.ratelimit import SharedRateLimiter
from helpdesk_empathy.helpdesks.zendesk import batch as zendesk_batch
from helpdesk_empathy.helpdesks.zendesk import comments, delivery_refs, fields
from helpdesk_empathy.helpdesks.zendesk.limits import TicketWindow, UpdateTicketBudget
from helpdesk_empathy.helpdesks.zendesk.payloads import (
    TicketState,
    applied_fields,
    build_ticket_update,
    has_changes,
    is_exact_stamp,
)
from helpdesk_empathy.models import Decision, TicketEvent

log = logging.getLogger(__name__)

MAX_CONFLICT_RETRIES = 3
UPDATE_MANY_LIMIT = 100
MAX_PAGES = 20  # listing webhooks/triggers: plenty for any account, bounded anyway

# What a non-retryable status means, in words an admin can act on.
_HINTS = {
    400: "the request was malformed",
    401: "authentication failed: check the e-mail and API token (or OAuth token)",
    403: "the API user lacks permission for this call (an admin or agent role is needed)",
    404: "not found (wrong subdomain, or the ticket/webhook/trigger was deleted)",
    422: "Zendesk rejected the values sent (e.g. a closed ticket, or an invalid group id)",
}


def endpoint_of(method: str, path: str) -> str:
    """The kind of call, for per-endpoint pauses: "update_ticket", "update_many", ... Pure."""
    path = _ORIGIN.sub("", path.split("?", 1)[0]).removesuffix(".json")
    if method == "PUT" and _UPDATE_TICKET.fullmatch(path):
        return "update_ticket"
    shape = _IDS.sub("/{id}", path.removeprefix("/api/v2/"))
    return f"{method.lower()}:{shape}"


_ORIGIN = re.compile(r"^https?://[^/]+")
_UPDATE_TICKET = re.compile(r"/api/v2/tickets/\d+")
_IDS = re.compile(r"/(?!update_many|show_many)[^/]*\d[^/]*")


def _error_code(response: requests.Response) -> str:
    """Zendesk's short error name ("RecordNotFound"); never the details, which may echo values."""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return ""
    if isinstance(error, dict):
        error = error.get("title")
    return str(error)[:80] if isinstance(error, str) else ""


class ZendeskClient(Helpdesk):
    """Talks to one Zendesk account; never logs ticket text or credentials."""

    name = "zendesk"

    def __init__(
        self,
        settings: Settings,
        session: requests.Session | None = None,
        limiter: SharedRateLimiter | None = None,
        connection: redis.Redis | None = None,
    ):
        access = settings.zendesk
        access.require()
        session = session or requests.Session()
        if access.oauth_token:
            session.headers["Authorization"] = f"Bearer {access.oauth_token}"
        else:
            session.auth = (f"{access.email}/token", access.api_token)
        self.rest = RestSession(
            "Zendesk",
            settings.zendesk.url,
            session,
            timeout=settings.http_timeout_seconds or 10.0,
            rate_headers=("X-Rate-Limit-Remaining", "ratelimit-remaining"),
            hints=_HINTS,
            error_detail=_error_code,
        )
        # Our custom ticket fields (install --fields); empty: the tags alone carry the values.
        self.field_ids = fields.parse_field_ids(settings.zendesk.field_ids)
        self.settings = settings
        self.limiter: SharedRateLimiter | None = None
        self.update_budget: UpdateTicketBudget | None = None
        self.ticket_window: TicketWindow | None = None
        self.unsure = delivery_refs.UnsureWrites(None)
        if limiter is not None:
            self._attach_limiter(limiter)
        if connection is not None:
            self.share_budget(connection)

    def share_budget(self, connection: redis.Redis) -> None:
        """Share with every worker through Redis: pauses on 429s (per endpoint) and a low
        budget, the Update Ticket budget, each ticket's update window, and the notes whose
        outcome is unsure."""
        name = f"zendesk:{self.rest.base_url}"
        limits = self.settings.zendesk
        scale = limits.limit_time_scale or 1.0
        if self.limiter is None:
            self._attach_limiter(SharedRateLimiter(connection, name))
        self.update_budget = UpdateTicketBudget(
            connection, name, limits.update_ticket_per_minute, time_scale=scale
        )
        self.ticket_window = TicketWindow(
            connection, name, limits.ticket_updates_per_window, time_scale=scale
        )
        self.unsure = delivery_refs.UnsureWrites(connection)

    def _attach_limiter(self, limiter: SharedRateLimiter) -> None:
        self.limiter = limiter

        def before(method: str, path: str) -> None:
            endpoint = endpoint_of(method, path)
            if endpoint == "update_ticket" and self.update_budget:
                self.update_budget.take()
            limiter.wait_turn(endpoint)

        def after(method: str, path: str, response: requests.Response) -> None:
            limiter.observe(response.status_code, response.headers, endpoint_of(method, path))

        self.rest.add_hook(CallHook(before=before, after=after))

    @property
    def requests_made(self) -> int:
        return self.rest.requests_made  # lifetime count, for the API budget figures

    @property
    def rate_limit_remaining(self) -> int | None:
        return self.rest.rate_limit_remaining

    # -- plumbing -----------------------------------------------------------------------
    def _json(self, response: requests.Response) -> dict[str, Any]:
        return self.rest.json_object(response)

    # -- write-back ---------------------------------------------------------------------
    def apply(
        self, event: TicketEvent, decision: Decision, *, after_batch: bool = False
    ) -> WriteResult:
        """Merge the decision into the ticket: one PUT when the event carries an exact stamp.

        `after_batch`: the ticket failed in an update_many job (its update slot is taken, and
        its state is stale), so read it first. Raises WriteDeferred when the ticket is at its
        per-ticket update limit.
        """
        ticket_id = str(event.ticket_id)
        path = f"/api/v2/tickets/{ticket_id}"
        before = self.requests_made
        if not after_batch:
            deferred = self.take_ticket_slots([ticket_id])
            if deferred:
                raise WriteDeferred(f"ticket {ticket_id} is at its update limit", deferred)
        note = self.notes_to_post([(ticket_id, decision)]).get(ticket_id, "")
        state = TicketState.from_event(event)
        if after_batch or not event.tags_known or not is_exact_stamp(state.updated_at):
            # No usable stamp, or the event did not list the tags: `tags` replaces them all,
            # so merging onto what we do not know would erase the ticket's own tags.
            state = TicketState.from_api(self.get_ticket(ticket_id))
        conflicts = 0
        while True:
            update = build_ticket_update(state, decision, note=note)
            fields.add_custom_fields(update["ticket"], decision, self.field_ids)
            if not has_changes(update):
                log.info("zendesk ticket %s: nothing to change", ticket_id)
                self.unsure.settled([ticket_id])
                return WriteResult(ticket_id, self.requests_made - before, {}, conflicts, True)
            if "comment" in update["ticket"]:
                self.unsure.mark({ticket_id: self.note_reference(ticket_id, note)})
            allow = (409, 422) if "custom_fields" in update["ticket"] else (409,)
            try:
                response = self.rest.request("PUT", path, json=update, allow=allow)
            except TransientHelpdeskError as error:
                if error.refused_unapplied:  # a 429: nothing posted, no look-up on the retry
                    self.unsure.settled([ticket_id])
                raise  # otherwise the note may have been posted: it stays unsure
            except HelpdeskError:
                self.unsure.settled([ticket_id])
                raise
            if response.status_code == 422:
                # A field the token cannot write must not cost the write: tags carry it.
                log.warning("zendesk ticket %s: custom fields refused; tags only", ticket_id)
                self.field_ids = {}
                continue
            if response.status_code != 409:
                break
            conflicts += 1
            log.info("zendesk ticket %s changed meanwhile (409 #%d)", ticket_id, conflicts)
            if conflicts > MAX_CONFLICT_RETRIES:
                raise TransientHelpdeskError(
                    f"ticket {ticket_id} kept changing: {conflicts} update conflicts in a row"
                )
            state = TicketState.from_api(self.get_ticket(ticket_id))
        self.unsure.posted([ticket_id])
        applied = applied_fields(update)
        made = self.requests_made - before
        log.info(
            "zendesk ticket %s updated: fields=%s requests=%d conflicts=%d",
            ticket_id,
            sorted(applied),
            made,
            conflicts,
        )
        return WriteResult(ticket_id, made, applied, conflicts)

    # -- budgets and idempotent notes ----------------------------------------------------
    def take_ticket_slots(self, ticket_ids: list[str]) -> dict[str, float]:
        """One update slot per ticket; the tickets at their limit, with seconds to wait."""
        return self.ticket_window.take(ticket_ids) if self.ticket_window else {}

    @staticmethod
    def note_reference(ticket_id: str, posted: str) -> str:
        return posted.rsplit(delivery_refs.LABEL, 1)[-1].strip()

    def notes_to_post(self, items: list[tuple[str, Decision]]) -> dict[str, str]:
        """Each ticket's note as it will be posted, with its delivery reference; "" when an
        earlier write whose answer was lost already posted it (found in the latest comments).
        """
        written = {t: decision.note for t, decision in items if decision.note.strip()}
        refs = {t: delivery_refs.reference(t, note) for t, note in written.items()}
        notes = {t: delivery_refs.with_reference(note, refs[t]) for t, note in written.items()}
        for ticket_id, unsure in self.unsure.pending(list(notes)).items():
            if refs[ticket_id] in unsure and self.notes_on_ticket(ticket_id, [written[ticket_id]]):
                log.info("zendesk ticket %s: note already posted, not sending it again", ticket_id)
                notes[ticket_id] = ""
        return notes

    def notes_on_ticket(self, ticket_id: str, notes: Sequence[str]) -> set[str]:
        """Found by their delivery references in the ticket's latest comments (one read).

        A ticket that cannot be read for good (deleted) shows none: its own write is refused
        in turn, and the others of its batch go on.
        """
        if not notes:
            return set()
        try:
            comments = self.latest_comments(ticket_id)
        except TransientHelpdeskError:
            raise
        except HelpdeskError as error:
            log.info("zendesk ticket %s: earlier notes not checked: %s", ticket_id, error)
            return set()
        refs = {note: delivery_refs.reference(ticket_id, note) for note in notes}
        return {note for note, ref in refs.items() if delivery_refs.found_in(comments, ref)}

    def update_many(self, tickets: list[dict[str, Any]]) -> dict[str, Any]:
        """PUT update_many with up to 100 `{id, ...}` updates; returns the job_status."""
        if not tickets or len(tickets) > UPDATE_MANY_LIMIT:
            raise ValueError(
                f"update_many takes 1..{UPDATE_MANY_LIMIT} tickets, got {len(tickets)}"
            )
        response = self.rest.request(
            "PUT", "/api/v2/tickets/update_many.json", json={"tickets": tickets}
        )
        return self._json(response).get("job_status", {})

    def get_job_status(self, job_id: str) -> dict[str, Any]:
        response = self.rest.request("GET", f"/api/v2/job_statuses/{job_id}")
        return self._json(response).get("job_status", {})

    # -- reads ------------------------------------------------------------------------------
    def get_ticket(self, ticket_id: str) -> dict[str, Any]:
        response = self.rest.request("GET", f"/api/v2/tickets/{ticket_id}")
        return self._json(response).get("ticket", {})

    def show_many(self, ticket_ids: list[str]) -> list[dict[str, Any]]:
        """Up to 100 tickets in one request (deleted ones are simply absent)."""
        response = self.rest.request(
            "GET", "/api/v2/tickets/show_many.json", params={"ids": ",".join(ticket_ids)}
        )
        return list(self._json(response).get("tickets", []))

    def apply_many(self, items: list[tuple[TicketEvent, Decision]]) -> BatchResult:
        """Write several tickets through update_many (failed ones alone, one by one)."""
        return zendesk_batch.apply_many(self, items)

    def get_comments(self, ticket_id: str) -> list[dict[str, Any]]:
        response = self.rest.request("GET", f"/api/v2/tickets/{ticket_id}/comments")
        return list(self._json(response).get("comments", []))

    def latest_comments(self, ticket_id: str) -> list[dict[str, Any]]:
        """The ticket's latest comments, newest first (one page)."""
        return self._latest_comments(ticket_id, include_users=False)[0]

    def fetch_message(self, event: TicketEvent) -> TicketEvent | None:
        """Trigger mode: the latest public comment of an end user, read through the API."""
        found, users = self._latest_comments(str(event.ticket_id), include_users=True)
        comment = comments.latest_customer_comment(found, users)
        return comments.comment_event(event, comment) if comment is not None else None

    def _latest_comments(
        self, ticket_id: str, *, include_users: bool
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        params = {"sort_order": "desc"}
        if include_users:
            params["include"] = "users"  # sideloaded: tells end users from agents
        response = self.rest.request("GET", f"/api/v2/tickets/{ticket_id}/comments", params=params)
        data = self._json(response)
        return list(data.get("comments") or []), list(data.get("users") or [])

    def get_current_user(self) -> dict[str, Any]:
        response = self.rest.request("GET", "/api/v2/users/me.json")
        return self._json(response).get("user", {})

    def _paged(self, path: str, key: str) -> Iterator[dict[str, Any]]:
        """Follow cursor (`links.next`) or offset (`next_page`) pagination."""
        url: str | None = path
        for _ in range(MAX_PAGES):
            if not url:
                return
            data = self._json(self.rest.request("GET", url))
            yield from data.get(key, [])
            links = data.get("links") or {}
            has_more = (data.get("meta") or {}).get("has_more")
            url = links.get("next") if has_more else data.get("next_page")

    # -- webhooks and triggers (install / uninstall / doctor) -------------------------
    def list_webhooks(self) -> list[dict[str, Any]]:
        return list(self._paged("/api/v2/webhooks", "webhooks"))

    def get_webhook(self, webhook_id: str) -> dict[str, Any]:
        response = self.rest.request("GET", f"/api/v2/webhooks/{webhook_id}")
        return self._json(response).get("webhook", {})

    def create_webhook(self, webhook: Mapping[str, Any]) -> dict[str, Any]:
        response = self.rest.request("POST", "/api/v2/webhooks", json={"webhook": dict(webhook)})
        return self._json(response).get("webhook", {})

    def update_webhook(self, webhook_id: str, changes: Mapping[str, Any]) -> None:
        self.rest.request(
            "PATCH", f"/api/v2/webhooks/{webhook_id}", json={"webhook": dict(changes)}
        )

    def delete_webhook(self, webhook_id: str) -> None:
        self.rest.request("DELETE", f"/api/v2/webhooks/{webhook_id}")

    def get_webhook_signing_secret(self, webhook_id: str) -> str:
        response = self.rest.request("GET", f"/api/v2/webhooks/{webhook_id}/signing_secret")
        return str((self._json(response).get("signing_secret") or {}).get("secret", ""))

    def list_ticket_fields(self) -> list[dict[str, Any]]:
        return list(self._paged("/api/v2/ticket_fields", "ticket_fields"))

    def create_ticket_field(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        response = self.rest.request("POST", "/api/v2/ticket_fields", json={"ticket_field": spec})
        return self._json(response).get("ticket_field", {})

    def update_ticket_field(self, field_id: str, changes: Mapping[str, Any]) -> None:
        self.rest.request(
            "PUT", f"/api/v2/ticket_fields/{field_id}", json={"ticket_field": changes}
        )

    def delete_ticket_field(self, field_id: str) -> None:
        self.rest.request("DELETE", f"/api/v2/ticket_fields/{field_id}")

    def list_triggers(self) -> list[dict[str, Any]]:
        return list(self._paged("/api/v2/triggers", "triggers"))

    def create_trigger(self, trigger: Mapping[str, Any]) -> dict[str, Any]:
        response = self.rest.request("POST", "/api/v2/triggers", json={"trigger": dict(trigger)})
        return self._json(response).get("trigger", {})

    def update_trigger(self, trigger_id: str, trigger: Mapping[str, Any]) -> dict[str, Any]:
        response = self.rest.request(
            "PUT", f"/api/v2/triggers/{trigger_id}", json={"trigger": dict(trigger)}
        )
        return self._json(response).get("trigger", {})

    def delete_trigger(self, trigger_id: str) -> None:
        self.rest.request("DELETE", f"/api/v2/triggers/{trigger_id}")
