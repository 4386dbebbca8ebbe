"""Marshmallow schema for Zammad's webhook payload ({"ticket": ..., "article": ...}) -> TicketEvent.

Pure: no Flask, no Redis. Only a public article written by the customer is scored; agent
replies, system articles and internal notes are ignored (they are not how the customer feels).
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate

from helpdesk_empathy.analysis.html_text import message_text
from helpdesk_empathy.errors import InvalidPayload
from helpdesk_empathy.helpdesks.zammad.payloads import owner_id, priority_name
from helpdesk_empathy.helpdesks.zendesk.webhook_schema import MAX_TEXT_CHARS, Id, Strict, Tags
from helpdesk_empathy.intake.outcome import Ignored
from helpdesk_empathy.models import TicketEvent

# Raw HTML bodies are larger than the text they carry; the request size limit bounds them.
MAX_BODY_CHARS = 1_000_000
NO_MESSAGE = "event carries no customer message to score"


class NamedValue(fields.Field):
    """Zammad sends state/priority as a name ("open") or as an object ({"name": "open"})."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        if isinstance(value, dict):
            value = value.get("name")
        if value is None or value == "":
            return None
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise ValidationError("must be a name or an object with a name")
        return str(value)[:100]


class UserSchema(Strict):
    id = Id(load_default=None)
    firstname = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class ZammadTicketSchema(Strict):
    id = Id(required=True)
    number = fields.Raw(load_default=None)
    title = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    group_id = Id(load_default=None, allow_none=True)
    owner_id = Id(load_default=None, allow_none=True)
    customer_id = Id(load_default=None, allow_none=True)
    customer = fields.Nested(UserSchema, load_default=None, allow_none=True)
    priority_id = Id(load_default=None, allow_none=True)
    state = NamedValue(load_default=None, allow_none=True)
    tags = Tags(load_default=(), allow_none=True)
    article_count = fields.Integer(load_default=None, allow_none=True)
    updated_at = fields.String(load_default=None, allow_none=True)


class ZammadArticleSchema(Strict):
    id = Id(load_default=None)
    ticket_id = Id(load_default=None, allow_none=True)
    body = fields.String(required=True, validate=validate.Length(max=MAX_BODY_CHARS))
    content_type = fields.String(load_default=None, allow_none=True)
    internal = fields.Boolean(load_default=False, allow_none=True)
    sender = NamedValue(load_default=None, allow_none=True)
    type = NamedValue(load_default=None, allow_none=True)
    created_by_id = Id(load_default=None, allow_none=True)


class ZammadWebhookSchema(Strict):
    ticket = fields.Nested(ZammadTicketSchema, required=True)
    article = fields.Nested(ZammadArticleSchema, load_default=None, allow_none=True)


# Built once: constructing a schema costs more than loading a payload with it.
ZAMMAD_WEBHOOK_SCHEMA = ZammadWebhookSchema()


def _messages(error: ValidationError) -> dict:
    return error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}


def event_id_for(article_id: str | None, delivery_id: str) -> str:
    """Dedupe on what the signature covers: the article id in the body.

    X-Zammad-Delivery is not signed, so a captured body sent again with a new delivery id
    would otherwise be accepted again; Zammad's own retries keep the article id too.
    """
    return f"article-{article_id}" if article_id else delivery_id


def parse_zammad(body: Any, *, delivery_id: str, received_at: float) -> TicketEvent | Ignored:
    """A TicketEvent for a customer's public article; Ignored for anything else that is valid."""
    if isinstance(body, dict) and body.get("article") == {}:
        body = dict(body, article=None)  # a ticket change without an article
    try:
        data = ZAMMAD_WEBHOOK_SCHEMA.load(body)
    except ValidationError as error:
        raise InvalidPayload(_messages(error)) from None
    ticket, article = data["ticket"], data.get("article")
    if not article:
        return Ignored(NO_MESSAGE)
    if article.get("internal"):
        return Ignored("internal note, not a customer message")
    if (article.get("sender") or "").lower() != "customer":
        return Ignored("article written by an agent or the system, not the customer")
    text = message_text(article["body"], article.get("content_type"))[:MAX_TEXT_CHARS]
    if not text.strip():
        return Ignored(NO_MESSAGE)
    customer = ticket.get("customer") or {}
    first_article = (ticket.get("article_count") or 0) <= 1
    return TicketEvent(
        helpdesk="zammad",
        event_id=event_id_for(article.get("id"), delivery_id),
        ticket_id=ticket["id"],
        text=text,
        kind="ticket_created" if first_article else "comment_added",
        actor_id=article.get("created_by_id"),
        requester_id=ticket.get("customer_id") or customer.get("id"),
        requester_name=(customer.get("firstname") or "").strip() or None,
        subject=ticket.get("title") or None,
        # Zammad's standard payload has no tags; a custom payload may add them.
        tags=ticket.get("tags") or (),
        tags_known="tags" in (body.get("ticket") or {}),
        priority=priority_name(ticket.get("priority_id")),
        status=(ticket.get("state") or "").lower() or None,
        group_id=ticket.get("group_id"),
        assignee_id=owner_id(ticket.get("owner_id")),
        updated_at=ticket.get("updated_at") or None,
        received_at=received_at,
    )
