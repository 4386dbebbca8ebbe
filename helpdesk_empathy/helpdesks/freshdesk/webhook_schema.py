"""Marshmallow schema for the body our Freshdesk automation rule sends -> TicketEvent.

The recommended body carries ids and metadata only (a message inside a JSON string would need
escaping Freshdesk does not document); the worker then reads the message through the API.
Bodies that still embed `description` / `latest_public_comment` are scored as sent.

Pure: no Flask, no Redis. Freshdesk renders every placeholder as text ("Medium", "a,b", "" for
missing values) and `{{triggered_event}}` as e.g. "{ticket_action:created}",
"{note_type:private}" or "{priority:{from:2,to:3}}". Property changes and private notes carry
no new customer message and are ignored; that also stops our own write-back from looping.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import Any

from marshmallow import ValidationError, fields, validate

from helpdesk_empathy.analysis.html_text import message_text
from helpdesk_empathy.errors import InvalidPayload
from helpdesk_empathy.helpdesks.freshdesk.payloads import priority_name
from helpdesk_empathy.helpdesks.zendesk.webhook_schema import MAX_TEXT_CHARS, Id, Strict, Tags
from helpdesk_empathy.intake.outcome import Ignored
from helpdesk_empathy.models import TicketEvent

MAX_BODY_CHARS = 1_000_000
NO_MESSAGE = "event carries no customer message to score"
TEXT_KEYS = ("description", "latest_public_comment")
# "{status:{from:4,to:6}}": a property change, not a message.
_PROPERTY_CHANGE = re.compile(r"^\{\s*\w+\s*:\s*\{\s*from\s*:.*\bto\s*:.*\}\s*\}$", re.DOTALL)


def _short(**kwargs: Any) -> fields.String:
    return fields.String(allow_none=True, validate=validate.Length(max=200), **kwargs)


class RequesterSchema(Strict):
    id = Id(load_default=None, allow_none=True)
    firstname = _short(load_default=None)


class FreshdeskTicketSchema(Strict):
    id = Id(required=True)
    subject = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    description = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=MAX_BODY_CHARS)
    )
    latest_public_comment = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=MAX_BODY_CHARS)
    )
    tags = Tags(separator=",", load_default=(), allow_none=True)  # {{ticket.tags}}: a,b
    priority = _short(load_default=None)
    status = _short(load_default=None)
    requester = fields.Nested(RequesterSchema, load_default=dict, allow_none=True)


class FreshdeskBodySchema(Strict):
    ticket = fields.Nested(FreshdeskTicketSchema, required=True)
    triggered_event = fields.String(
        load_default="", allow_none=True, validate=validate.Length(max=2000)
    )
    delivery_id = _short(load_default=None)


# Built once: constructing a schema costs more than loading a payload with it.
FRESHDESK_BODY_SCHEMA = FreshdeskBodySchema()


def _messages(error: ValidationError) -> dict:
    return error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}


def is_message_event(triggered_event: str) -> bool:
    """False for property changes and private notes; True otherwise (and when not sent)."""
    compact = (triggered_event or "").strip()
    if not compact:
        return True
    if "note_type:private" in compact.replace(" ", "").lower():
        return False
    return not _PROPERTY_CHANGE.match(compact)


def is_creation(triggered_event: str) -> bool:
    return "ticket_action:created" in triggered_event.replace(" ", "")


def delivery_key(ticket_id: str, text: str) -> str:
    """Freshdesk sends no delivery id: one message on one ticket is one delivery."""
    digest = hashlib.sha256(f"{ticket_id}\0{text}".encode()).hexdigest()[:40]
    return f"fd-{digest}"


def carries_text(body: Any) -> bool:
    """Older rule bodies embed the message; the recommended one sends ids and metadata only."""
    ticket = body.get("ticket") if isinstance(body, dict) else None
    return isinstance(ticket, dict) and any(key in ticket for key in TEXT_KEYS)


def parse_freshdesk(body: Any, *, received_at: float) -> TicketEvent | Ignored:
    """A TicketEvent for a new customer message; Ignored for anything else that is valid."""
    try:
        data = FRESHDESK_BODY_SCHEMA.load(body)
    except ValidationError as error:
        raise InvalidPayload(_messages(error)) from None
    ticket, triggered = data["ticket"], data.get("triggered_event") or ""
    if not is_message_event(triggered):
        return Ignored(NO_MESSAGE)
    delivery_id = (data.get("delivery_id") or "").strip()
    if not carries_text(body):
        # The worker reads the latest public customer message through the API and dedupes on
        # its conversation id; there is nothing here to dedupe on, so each call is its own.
        return TicketEvent(
            helpdesk="freshdesk",
            event_id=delivery_id or f"fd-call-{uuid.uuid4().hex}",
            ticket_id=ticket["id"],
            text="",
            kind="ticket_created" if is_creation(triggered) else "comment_added",
            tags=ticket.get("tags") or (),
            tags_known="tags" in body["ticket"],
            priority=priority_name(ticket.get("priority")),
            status=(ticket.get("status") or "").strip().lower() or None,
            received_at=received_at,
            fetch_text=True,
        )
    comment = message_text(ticket.get("latest_public_comment") or "")
    created = is_creation(triggered) or not comment
    text = comment or message_text(ticket.get("description") or "")
    text = text[:MAX_TEXT_CHARS]
    if not text.strip():
        return Ignored(NO_MESSAGE)
    requester = ticket.get("requester") or {}
    return TicketEvent(
        helpdesk="freshdesk",
        event_id=delivery_id or delivery_key(ticket["id"], text),
        ticket_id=ticket["id"],
        text=text,
        kind="ticket_created" if created else "comment_added",
        requester_id=requester.get("id"),
        requester_name=(requester.get("firstname") or "").strip() or None,
        subject=ticket.get("subject") or None,
        tags=ticket.get("tags") or (),
        priority=priority_name(ticket.get("priority")),
        status=(ticket.get("status") or "").strip().lower() or None,
        received_at=received_at,
    )
