"""Pure: the customer's latest public message of a Freshdesk ticket, read from its API answers.

A reply's conversation (GET /api/v2/tickets/{id}/conversations) has `incoming: true` when the
customer wrote it and `private: true` for agents' private notes. A ticket's first message is
not a conversation: it is the ticket's description.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from helpdesk_empathy.analysis.html_text import message_text
from helpdesk_empathy.analysis.text import latest_message
from helpdesk_empathy.helpdesks.freshdesk.payloads import priority_name
from helpdesk_empathy.helpdesks.merge import clean_id
from helpdesk_empathy.helpdesks.zendesk.webhook_schema import MAX_TEXT_CHARS
from helpdesk_empathy.models import TicketEvent


def is_customer_reply(conversation: Mapping[str, Any]) -> bool:
    return conversation.get("incoming") is True and conversation.get("private") is not True


def latest_customer_reply(conversations: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The newest public conversation the customer wrote (by creation time, then id)."""
    replies = [c for c in conversations if is_customer_reply(c)]
    if not replies:
        return None
    return max(replies, key=lambda c: (str(c.get("created_at") or ""), int(c.get("id") or 0)))


def text_of(html: object, plain: object) -> str:
    """The message as text: Freshdesk's own `*_text` when present, else the HTML reduced."""
    text = plain if isinstance(plain, str) and plain.strip() else message_text(str(html or ""))
    return latest_message(text[:MAX_TEXT_CHARS])


def first_name(requester: object) -> str | None:
    if not isinstance(requester, Mapping):
        return None
    name = str(requester.get("name") or "").strip()
    return name.split()[0] if name else None


def message_event(
    event: TicketEvent,
    ticket: Mapping[str, Any],
    conversations: Iterable[Mapping[str, Any]],
) -> TicketEvent | None:
    """The ids-only event completed from the API: message, ticket facts, a dedupe id.

    The event id names the message read (a conversation, or the description), so two
    webhook calls that lead to the same message are handed over once. None: no message.
    """
    reply = latest_customer_reply(conversations)
    ticket_id = str(event.ticket_id)
    if reply is not None:
        text = text_of(reply.get("body"), reply.get("body_text"))
        event_id, kind = f"fd-conversation-{reply.get('id')}", "comment_added"
    else:
        text = text_of(ticket.get("description"), ticket.get("description_text"))
        event_id, kind = f"fd-description-{ticket_id}", "ticket_created"
    if not text.strip():
        return None
    tags = tuple(str(tag) for tag in ticket.get("tags") or () if str(tag).strip())
    return dataclasses.replace(
        event,
        event_id=event_id,
        text=text,
        kind=kind,
        requester_id=clean_id(ticket.get("requester_id")) or event.requester_id,
        requester_name=first_name(ticket.get("requester")) or event.requester_name,
        subject=str(ticket.get("subject") or "") or event.subject,
        tags=tags,
        tags_known=True,
        priority=priority_name(ticket.get("priority")) or event.priority,
        group_id=clean_id(ticket.get("group_id")),
        assignee_id=clean_id(ticket.get("responder_id")),
        fetch_text=False,
    )
