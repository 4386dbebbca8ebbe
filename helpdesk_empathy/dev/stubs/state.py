"""In-memory, thread-safe state of the local Zendesk stub (tickets, webhooks, triggers, log)."""

from __future__ import annotations

import base64
import itertools
import math
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from helpdesk_empathy.dev.stubs.limits import UpdateLimits

PRIORITIES = ("low", "normal", "high", "urgent")
STATUSES = ("new", "open", "pending", "hold", "solved", "closed")


class StubError(Exception):
    """An API error the stub answers with, as Zendesk would: status + error name + text."""

    def __init__(self, status: int, error: str, description: str = ""):
        super().__init__(description or error)
        self.status, self.error, self.description = status, error, description


@dataclass
class Failure:
    """Test hook: answer the next `count` API requests with `status` after `delay` seconds."""

    count: int = 0
    status: int = 500
    delay: float = 0.0


@dataclass
class LateAnswers:
    """Test hook: the next `count` writes are committed, then answered after `delay` seconds
    (longer than the client waits: it cannot tell whether they were applied)."""

    count: int = 0
    delay: float = 0.0


class StubState:
    """Everything the stub knows. Every public method takes the lock."""

    def __init__(self, api_user_id: int = 9000001, account: str = "stub"):
        self.lock = threading.RLock()
        self.api_user = {
            "id": api_user_id,
            "name": "Helpdesk Empathy API",
            "email": "api@example.com",
            "role": "admin",
            "role_type": 4,
            "active": True,
            "verified": True,
            "suspended": False,
            "restricted_agent": False,
            "only_private_comments": False,
            "locale": "en-US",
            "locale_id": 1,
            "time_zone": "UTC",
            "iana_time_zone": "Etc/UTC",
            "url": f"https://{account}.zendesk.com/api/v2/users/{api_user_id}.json",
            "created_at": "2024-01-01T00:00:00Z",
            "updated_at": "2024-01-01T00:00:00Z",
            "tags": [],
            "user_fields": {},
        }
        self.account = account
        self.tickets: dict[int, dict[str, Any]] = {}
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.webhooks: dict[str, dict[str, Any]] = {}
        self.webhook_secrets: dict[str, str] = {}
        self.triggers: dict[int, dict[str, Any]] = {}
        self.ticket_fields: dict[int, dict[str, Any]] = {}  # see ticket_fields.py
        self.job_statuses: dict[str, dict[str, Any]] = {}
        self.requests: list[dict[str, Any]] = []
        self.failure = Failure()
        self.late_answers = LateAnswers()
        self.rate_limit: tuple[int, float] | None = None  # (requests, window seconds)
        self._window: tuple[int, int] = (-1, 0)  # (window number, requests counted in it)
        self.limits = UpdateLimits()
        self.agents: set[int] = set()  # user ids answering as agents (see agent_edit)
        self._ids = itertools.count(1000)
        self._last_stamp = datetime(2024, 1, 1, tzinfo=UTC)

    # -- clock and ids ------------------------------------------------------------------
    def _stamp(self) -> str:
        """Strictly increasing second-precision timestamps, so safe_update always sees change."""
        now = datetime.now(UTC).replace(microsecond=0)
        self._last_stamp = max(now, self._last_stamp + timedelta(seconds=1))
        return self._last_stamp.strftime("%Y-%m-%dT%H:%M:%SZ")

    def _next_id(self) -> int:
        return next(self._ids)

    # -- seeding (Python API and POST /_stub/tickets) ------------------------------------
    def add_ticket(self, ticket_id: int | None = None, text: str = "", **fields: Any) -> dict:
        with self.lock:
            ticket_id = int(ticket_id) if ticket_id is not None else self._next_id()
            stamp = self._stamp()
            ticket = {
                "id": ticket_id,
                "url": f"https://{self.account}.zendesk.com/api/v2/tickets/{ticket_id}.json",
                "external_id": None,
                "via": {"channel": "email", "source": {"from": {}, "to": {}, "rel": None}},
                "created_at": stamp,
                "updated_at": stamp,
                "generated_timestamp": int(time.time()),
                "type": None,
                "subject": fields.get("subject", "Help"),
                "raw_subject": fields.get("subject", "Help"),
                "description": text,
                "priority": fields.get("priority"),
                "status": fields.get("status", "new"),
                "recipient": f"support@{self.account}.example.com",
                "requester_id": fields.get("requester_id", 7000001),
                "submitter_id": fields.get("requester_id", 7000001),
                "assignee_id": fields.get("assignee_id"),
                "organization_id": None,
                "group_id": fields.get("group_id"),
                "collaborator_ids": [],
                "follower_ids": [],
                "email_cc_ids": [],
                "forum_topic_id": None,
                "problem_id": None,
                "has_incidents": False,
                "is_public": True,
                "due_at": None,
                "tags": [str(t).lower() for t in fields.get("tags", [])],
                "custom_fields": [],
                "fields": [],
                "followup_ids": [],
                "ticket_form_id": None,
                "custom_status_id": None,
                "satisfaction_rating": None,
                "sharing_agreement_ids": [],
                "brand_id": 360000001,
                "allow_channelback": False,
                "allow_attachments": True,
                "from_messaging_channel": False,
            }
            self.tickets[ticket_id] = ticket
            self.comments[ticket_id] = []
            if text:
                self._add_comment(ticket, text, True, ticket["requester_id"])
            return dict(ticket)

    def _add_comment(self, ticket: dict, body: str, public: bool, author_id: int) -> None:
        self.comments[ticket["id"]].append(
            {
                "id": self._next_id(),
                "type": "Comment",
                "author_id": author_id,
                "body": body,
                "html_body": f'<div class="zd-comment"><p>{body}</p></div>',
                "plain_body": body,
                "public": bool(public),
                "attachments": [],
                "audit_id": self._next_id(),
                "via": {"channel": "api", "source": {"from": {}, "to": {}, "rel": None}},
                "created_at": ticket["updated_at"],
                "metadata": {"system": {}, "custom": {}},
            }
        )

    def add_customer_comment(self, ticket_id: int, text: str) -> dict:
        """Simulate the requester writing again (for demos and e2e tests)."""
        with self.lock:
            ticket = self._ticket(ticket_id)
            ticket["updated_at"] = self._stamp()
            self._add_comment(ticket, text, True, ticket["requester_id"])
            return dict(ticket)

    def agent_edit(self, ticket_id: int, agent_id: int = 8000001, **changes: Any) -> dict:
        """Simulate an agent's edit in the Zendesk UI (tags, priority, group, assignee, a
        public reply): a new updated_at, as for any change."""
        with self.lock:
            self.agents.add(agent_id)
            ticket = self._ticket(ticket_id)
            new = dict(ticket, updated_at=self._stamp())
            for key in ("tags", "priority", "group_id", "assignee_id", "status"):
                if key in changes:
                    new[key] = changes[key]
            self.tickets[ticket["id"]] = new
            if changes.get("reply"):
                self._add_comment(new, changes["reply"], True, agent_id)
            return dict(new)

    # -- tickets ------------------------------------------------------------------------
    def _ticket(self, ticket_id: int) -> dict[str, Any]:
        ticket = self.tickets.get(int(ticket_id))
        if ticket is None:
            raise StubError(404, "RecordNotFound", "Not found")
        return ticket

    def get_ticket(self, ticket_id: int) -> dict[str, Any]:
        with self.lock:
            return dict(self._ticket(ticket_id))

    def user(self, user_id: int) -> dict[str, Any]:
        """Our API user, an agent from `agents`, or else an end user (a requester)."""
        with self.lock:
            if user_id == self.api_user["id"]:
                return dict(self.api_user)
            role = "agent" if user_id in self.agents else "end-user"
            return {"id": user_id, "name": f"User {user_id}", "role": role, "active": True}

    def get_comments(self, ticket_id: int) -> list[dict[str, Any]]:
        with self.lock:
            self._ticket(ticket_id)
            return [dict(c) for c in self.comments[int(ticket_id)]]

    def update_ticket(self, ticket_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        """Apply a PUT /tickets/{id} `ticket` object with Zendesk's semantics."""
        with self.lock:
            ticket = self._ticket(ticket_id)
            if changes.get("safe_update"):
                stamp = changes.get("updated_stamp")
                if not stamp:
                    raise StubError(422, "RecordInvalid", "updated_stamp is required")
                if stamp != ticket["updated_at"]:
                    raise StubError(
                        409,
                        "UpdateConflict",
                        "Safe Update prevented the update due to outdated ticket data. "
                        "Please fetch the latest ticket data and try again.",
                    )
            priority = changes.get("priority", ticket["priority"])
            if priority is not None and priority not in PRIORITIES:
                raise StubError(422, "RecordInvalid", "Priority: is not valid")
            status = changes.get("status", ticket["status"])
            if status not in STATUSES:
                raise StubError(422, "RecordInvalid", "Status: is not valid")
            if ticket["status"] == "closed":
                raise StubError(422, "RecordInvalid", "Status: closed prevents ticket update")
            new = dict(ticket, priority=priority, status=status)
            for key in ("group_id", "assignee_id", "subject"):
                if key in changes:
                    new[key] = changes[key]
            tags = [str(t).lower() for t in changes.get("tags", ticket["tags"])]
            tags += [str(t).lower() for t in changes.get("additional_tags", []) if t not in tags]
            remove = {str(t).lower() for t in changes.get("remove_tags", [])}
            new["tags"] = [t for t in dict.fromkeys(tags) if t not in remove]
            if "custom_fields" in changes:
                from helpdesk_empathy.dev.stubs import ticket_fields  # it imports this module

                ticket_fields.apply_values(self, new, changes["custom_fields"])
            comment = changes.get("comment")
            new["updated_at"] = self._stamp()
            self.tickets[ticket["id"]] = new
            if isinstance(comment, dict) and (comment.get("body") or comment.get("html_body")):
                body = comment.get("body") or comment.get("html_body")
                self._add_comment(new, body, comment.get("public", True), self.api_user["id"])
            return dict(new)

    def add_tags(self, ticket_id: int, tags: list[str]) -> list[str]:
        with self.lock:
            ticket = self._ticket(ticket_id)
            merged = list(dict.fromkeys(ticket["tags"] + [str(t).lower() for t in tags]))
            self.update_ticket(ticket["id"], {"tags": merged})
            return merged

    def update_many(self, updates: list[dict[str, Any]]) -> dict[str, Any]:
        """Apply each update now; the job_status reads `completed` when polled."""
        if not updates or len(updates) > 100:
            raise StubError(400, "InvalidValue", "between 1 and 100 tickets are allowed")
        results = []
        for index, update in enumerate(updates):
            ticket_id = update.get("id")
            try:
                with self.lock:
                    self._ticket(ticket_id)
                    wait = self.limits.take_ticket(int(ticket_id), time.time())
                if wait > 0:
                    raise StubError(429, "TooManyRequests", "ticket update limit reached")
                self.update_ticket(ticket_id, {k: v for k, v in update.items() if k != "id"})
                results.append(
                    {"id": ticket_id, "action": "update", "success": True, "status": "Updated"}
                )
            except StubError as error:
                # Like Zendesk's job results for failed items: named by index, no id.
                results.append(
                    {
                        "index": index,
                        "error": error.error,
                        "details": error.description,
                        "status": "Failed",
                    }
                )
        with self.lock:
            job_id = base64.b32encode(secrets.token_bytes(15)).decode().rstrip("=")
            job = {
                "id": job_id,
                "url": f"https://{self.account}.zendesk.com/api/v2/job_statuses/{job_id}.json",
                "job_type": "bulk_update",
                "total": len(updates),
                "progress": len(updates),
                "status": "completed",
                "message": f"Completed at {self._stamp()}",
                "results": results,
            }
            self.job_statuses[job_id] = job
            return dict(job, status="queued", progress=None, message=None, results=None)

    def get_job_status(self, job_id: str) -> dict[str, Any]:
        with self.lock:
            if job_id not in self.job_statuses:
                raise StubError(404, "RecordNotFound", "Not found")
            return dict(self.job_statuses[job_id])

    # -- request log, rate limit and failure hooks ---------------------------------------
    def record(self, method: str, path: str, status: int) -> None:
        with self.lock:
            self.requests.append(
                {"method": method, "path": path, "status": status, "at": time.time()}
            )

    def request_log(self) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(r) for r in self.requests]

    def take_failure(self) -> Failure | None:
        with self.lock:
            if self.failure.count <= 0:
                return None
            self.failure.count -= 1
            return Failure(1, self.failure.status, self.failure.delay)

    def take_late_answer(self) -> float:
        """Seconds to hold back the answer of the write being made (0: answer at once)."""
        with self.lock:
            if self.late_answers.count <= 0:
                return 0.0
            self.late_answers.count -= 1
            return self.late_answers.delay

    def rate_check(self) -> tuple[bool, int, int]:
        """(allowed, remaining, seconds until the window resets) for one more API request.

        Like Zendesk: a fixed budget per clock window ("requests remaining for the current
        minute"), so every client sees the same reset time.
        """
        with self.lock:
            if self.rate_limit is None:
                return True, -1, 0
            limit, window = self.rate_limit
            now = time.time()
            number = int(now // window)
            reset = max(1, math.ceil((number + 1) * window - now))
            count = self._window[1] if self._window[0] == number else 0
            if count >= limit:
                return False, 0, reset
            self._window = (number, count + 1)
            return True, limit - count - 1, reset
