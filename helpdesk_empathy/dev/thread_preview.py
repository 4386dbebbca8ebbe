"""Run a whole ticket thread through the worker's own code, with a throwaway Redis."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import redis

from helpdesk_empathy import config
from helpdesk_empathy.cli.thread_file import ThreadFile
from helpdesk_empathy.decision.rules import Rules
from helpdesk_empathy.dev.embedded_redis import EmbeddedRedis
from helpdesk_empathy.helpdesks.base import BatchResult, WriteResult, apply_each
from helpdesk_empathy.helpdesks.zendesk.payloads import TicketState, build_ticket_update
from helpdesk_empathy.models import Decision, TicketEvent
from helpdesk_empathy.pipeline import jobs, runtime

HELPDESK = "preview"
TICKET_ID = "1"
REQUESTER_ID = "preview-requester"
MAX_QUOTE_CHARS = 80
MINUTE = 60.0


@dataclass
class PreviewTicket:
    """The ticket as the helpdesk holds it; each write-back changes it as Zendesk would."""

    tags: tuple[str, ...] = ()
    priority: str | None = None
    group_id: str | None = None
    assignee_id: str | None = None
    fields: dict[str, object] = field(default_factory=dict)
    writes: list[dict[str, Any]] = field(default_factory=list)


class _LocalRest:
    """Stands in for the HTTP request path: one counted "request" per write, nothing sent."""

    requests_made = 0

    def close(self) -> None:
        return None


class PreviewHelpdesk:
    """A Helpdesk that applies the Zendesk update body to an in-memory ticket."""

    name = HELPDESK

    def __init__(self, ticket: PreviewTicket):
        self.ticket = ticket
        self.rest = _LocalRest()

    def apply_many(self, items: list[tuple[TicketEvent, Decision]]) -> BatchResult:
        return apply_each(self, items)

    def apply(self, event: TicketEvent, decision: Decision) -> WriteResult:
        ticket = self.ticket
        state = TicketState(ticket.tags, ticket.priority, ticket.group_id, ticket.assignee_id)
        body = build_ticket_update(state, decision, safe_update=False)["ticket"]
        tags = tuple(body.get("tags", ticket.tags))
        ticket.writes.append(
            {
                "event_id": event.event_id,
                "note": body.get("comment", {}).get("body"),
                "tags_added": [tag for tag in tags if tag not in ticket.tags],
                "tags_removed": [tag for tag in ticket.tags if tag not in tags],
                "priority": body.get("priority"),
                "group_id": str(body["group_id"]) if "group_id" in body else None,
                "fields": dict(decision.fields),
            }
        )
        ticket.tags = tags
        ticket.priority = body.get("priority", ticket.priority)
        ticket.group_id = str(body["group_id"]) if "group_id" in body else ticket.group_id
        ticket.fields.update(decision.fields)
        self.rest.requests_made += 1
        return WriteResult(event.ticket_id, 1, body)

    def close(self) -> None:
        return None


def _quote(text: str, start: int, end: int) -> str:
    words = " ".join(text[start:end].split())
    return words if len(words) <= MAX_QUOTE_CHARS else words[:MAX_QUOTE_CHARS] + "..."


def run_thread(thread: ThreadFile, rules: Rules, settings: config.Settings) -> list[dict]:
    """One result per customer message, in order, as the worker would have written it."""
    ticket = PreviewTicket(
        priority=thread.priority, group_id=thread.group_id, assignee_id=thread.assignee_id
    )
    helpdesk = PreviewHelpdesk(ticket)
    settings = settings.with_overrides(batch_writes=False, queue_name="preview")
    results = []
    with EmbeddedRedis() as server:
        connection = redis.Redis.from_url(server.url)
        rt = runtime.Runtime(settings, connection, rules, {HELPDESK: helpdesk})
        started = time.time() - MINUTE * len(thread.messages)
        customer = [m for m in thread.messages if m.author == "customer"]
        for number, message in enumerate(thread.messages):
            if message.author != "customer":
                continue  # the worker never scores agents' comments
            event = TicketEvent(
                helpdesk=HELPDESK,
                event_id=f"message-{number}",
                ticket_id=TICKET_ID,
                text=message.text,
                kind="ticket_created" if message is customer[0] else "comment_added",
                requester_id=REQUESTER_ID,
                requester_name=thread.requester_name,
                subject=thread.subject,
                tags=ticket.tags,
                priority=ticket.priority,
                group_id=ticket.group_id,
                assignee_id=ticket.assignee_id,
                received_at=started + MINUTE * number,
            )
            written = len(ticket.writes)
            [record] = jobs.handle_events(rt, [event])
            write = ticket.writes[written] if len(ticket.writes) > written else {}
            results.append(_result(number, message.text, record, write))
        connection.close()
    return results


def _result(number: int, text: str, record: dict, write: dict) -> dict:
    return {
        "message": number,
        "level": record["level"],
        "frustration": record["frustration"],
        "signals": record["signals"],
        "escalate": record["escalate"],
        "evidence": [
            {**item, "quote": _quote(text, item["start"], item["end"])}
            for item in record.get("evidence", [])
        ],
        "note": write.get("note"),
        "tags_added": write.get("tags_added", []),
        "tags_removed": write.get("tags_removed", []),
        "priority": write.get("priority"),
        "group_id": write.get("group_id"),
        "fields": write.get("fields", {}),
    }
