"""Marshmallow schemas for inbound Zendesk payloads, mapped to models.TicketEvent."""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from helpdesk_empathy.errors import InvalidPayload
from helpdesk_empathy.models import TicketEvent

# Longest customer message we keep; beyond this a message is an attachment dump, not a feeling.
MAX_TEXT_CHARS = 20_000
EVENT_PREFIX = "zen:event-type:ticket."
HANDLED_EVENTS = {"created": "ticket_created", "comment_added": "comment_added"}
# A first name for the greeting; a longer "first token" is not a name worth echoing.
MAX_FIRST_NAME_CHARS = 40


class Id(fields.Field):
    """A Zendesk id: number or digit string; an unrendered or empty placeholder becomes None."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValidationError("must be an id (number or string of digits)")
        text = str(value).strip()
        # isascii: str.isdigit() also accepts "٣٤", "²" and full-width digits.
        if not (text.isascii() and text.isdigit()) or len(text) > 20:
            raise ValidationError("must be an id (number or string of digits)")
        return text


def _present(value: str | None) -> None:
    # Id() maps "" to None; a required id must still be there once rendered.
    if value is None:
        raise ValidationError("must not be empty")


class Tags(fields.Field):
    """Tags as a helpdesk sends them: a list, or a rendered placeholder string, split on white
    space (Zendesk's {{ticket.tags}}) or on `separator` (Freshdesk's, with ",")."""

    def __init__(self, *, separator: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.separator = separator

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> tuple:
        if value is None:
            return ()
        items = value.split(self.separator) if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(tag, str) for tag in items):
            kind = "comma" if self.separator == "," else "space"
            raise ValidationError(f"must be a list of tags or a {kind}-separated string")
        if len(items) > 500:
            raise ValidationError("too many tags")
        return tuple(dict.fromkeys(tag.strip().lower() for tag in items if tag.strip()))


def _text(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(max=MAX_TEXT_CHARS), **kwargs)


def _lower(value: str | None) -> str | None:
    return value.strip().lower() or None if value else None


class Strict(Schema):
    class Meta:
        unknown = EXCLUDE


class RequesterSchema(Strict):
    id = Id(load_default=None)
    first_name = fields.String(load_default=None, validate=validate.Length(max=200))
    locale = fields.String(load_default=None, validate=validate.Length(max=20))


class TriggerTicketSchema(Strict):
    """Ids and metadata only: the comment is read through the API by the worker, because a
    placeholder like {{ticket.latest_comment}} is not escaped inside a JSON string."""

    id = Id(required=True, validate=_present)
    subject = _text(load_default=None)
    tags = Tags(load_default=())
    priority = fields.String(load_default=None, validate=validate.Length(max=20))
    status = fields.String(load_default=None, validate=validate.Length(max=20))
    group_id = Id(load_default=None)
    assignee_id = Id(load_default=None)
    updated_at = fields.String(load_default=None, validate=validate.Length(max=64))
    requester = fields.Nested(RequesterSchema, load_default=dict)
    current_user_id = Id(load_default=None)


class TriggerBodySchema(Strict):
    """The body our recommended trigger sends (helpdesks/zendesk/trigger_body.json)."""

    ticket = fields.Nested(TriggerTicketSchema, required=True)
    account = fields.String(load_default=None, validate=validate.Length(max=200))


# Built once: constructing a schema costs more than loading a payload with it.
TRIGGER_BODY_SCHEMA = TriggerBodySchema()


class AuthorSchema(Strict):
    id = Id(load_default=None)
    is_staff = fields.Boolean(load_default=False)
    name = fields.String(load_default=None, validate=validate.Length(max=200))


class CommentSchema(Strict):
    id = Id(load_default=None)
    body = _text(required=True)
    is_public = fields.Boolean(load_default=True)
    author = fields.Nested(AuthorSchema, load_default=dict)


class EventSchema(Strict):
    comment = fields.Nested(CommentSchema, load_default=None)


class DetailSchema(Strict):
    id = Id(required=True, validate=_present)
    actor_id = Id(load_default=None)
    requester_id = Id(load_default=None)
    assignee_id = Id(load_default=None)
    group_id = Id(load_default=None)
    priority = fields.String(load_default=None, allow_none=True)
    status = fields.String(load_default=None, allow_none=True)
    subject = _text(load_default=None, allow_none=True)
    description = _text(load_default=None, allow_none=True)
    tags = Tags(load_default=(), allow_none=True)
    updated_at = fields.String(load_default=None, allow_none=True)


class EnvelopeSchema(Strict):
    """Zendesk event-subscription webhooks: fixed envelope, ids as strings."""

    type = fields.String(required=True, validate=validate.Length(max=200))
    id = fields.String(required=True, validate=validate.Length(min=1, max=200))
    account_id = Id(load_default=None)
    time = fields.String(load_default=None)
    detail = fields.Nested(DetailSchema, required=True)
    event = fields.Nested(EventSchema, load_default=dict)


# Built once: constructing a schema costs more than loading a payload with it.
ENVELOPE_SCHEMA = EnvelopeSchema()


def _messages(error: ValidationError) -> dict:
    return error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}


def event_kind(body: dict) -> str | None:
    """For an event envelope, our kind ('ticket_created'...) or None if we do not handle it."""
    name = str(body.get("type", ""))
    if not name.startswith(EVENT_PREFIX):
        return None
    return HANDLED_EVENTS.get(name.removeprefix(EVENT_PREFIX))


def is_envelope(body: Any) -> bool:
    return isinstance(body, dict) and "type" in body and "detail" in body


def parse_trigger_body(body: Any, *, delivery_id: str, received_at: float) -> TicketEvent:
    """An ids-only event (`fetch_text`): the worker reads the latest public comment of an end
    user through the API. `delivery_id` names the delivery from its signed content."""
    try:
        data = TRIGGER_BODY_SCHEMA.load(body)
    except ValidationError as error:
        raise InvalidPayload(_messages(error)) from None
    ticket = data["ticket"]
    requester = ticket["requester"] or {}
    return TicketEvent(
        helpdesk="zendesk",
        event_id=delivery_id,
        ticket_id=ticket["id"],
        text="",
        fetch_text=True,
        kind="comment_added",
        account_id=data.get("account"),
        actor_id=ticket.get("current_user_id"),
        requester_id=requester.get("id"),
        requester_name=requester.get("first_name") or None,
        received_at=received_at,
        **_ticket_state(ticket, body.get("ticket")),
    )


def _ticket_state(ticket: dict, raw: Any) -> dict[str, Any]:
    """What a delivery says of the ticket itself (trigger `ticket`, event `detail`), as
    TicketEvent fields; `raw` is that part as sent, before loading."""
    return {
        "subject": ticket.get("subject") or None,
        "tags": ticket.get("tags") or (),
        "priority": _lower(ticket.get("priority")),
        "status": _lower(ticket.get("status")),
        "group_id": ticket.get("group_id"),
        "assignee_id": ticket.get("assignee_id"),
        "updated_at": ticket.get("updated_at") or None,
        "tags_known": _has_tags(raw),
    }


def _has_tags(raw: Any) -> bool:
    """Whether the payload said which tags the ticket has ("" = none; absent or null = unknown)."""
    return isinstance(raw, dict) and raw.get("tags") is not None


def _requester_first_name(author: dict, requester_id: str | None) -> str | None:
    """The author's first name, only when the author is the requester (not a CC or agent)."""
    if not requester_id or author.get("id") != requester_id:
        return None
    tokens = (author.get("name") or "").split()
    return tokens[0][:MAX_FIRST_NAME_CHARS] if tokens else None


def parse_envelope(body: Any, *, received_at: float) -> TicketEvent | None:
    """A TicketEvent, or None when the event is valid but carries nothing for us to score."""
    try:
        data = ENVELOPE_SCHEMA.load(body)
    except ValidationError as error:
        raise InvalidPayload(_messages(error)) from None
    kind = event_kind(data)
    detail, comment = data["detail"], (data["event"] or {}).get("comment")
    requester_name = None
    if kind == "comment_added":
        # Only what the customer said: agent replies and private notes are not scored.
        if not comment or not comment["is_public"] or comment["author"].get("is_staff"):
            return None
        text, actor = comment["body"], comment["author"].get("id") or detail.get("actor_id")
        requester_name = _requester_first_name(comment["author"], detail.get("requester_id"))
    elif kind == "ticket_created":
        text, actor = detail.get("description") or "", detail.get("actor_id")
        requester = detail.get("requester_id")
        if actor and requester and actor != requester:
            return None  # an agent opened it for the customer: the words are the agent's
    else:
        return None
    if not text.strip():
        return None
    return TicketEvent(
        helpdesk="zendesk",
        event_id=data["id"],
        ticket_id=detail["id"],
        text=text,
        kind=kind,
        account_id=data.get("account_id"),
        actor_id=actor,
        requester_id=detail.get("requester_id"),
        requester_name=requester_name,
        received_at=received_at,
        **_ticket_state(detail, body.get("detail")),
    )
