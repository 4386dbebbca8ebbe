"""Trigger mode's message, read through the API: the latest public comment of an end user.

The recommended trigger sends ids and metadata only (a placeholder such as
{{ticket.latest_comment}} is not escaped inside a JSON string, so a quote in the customer's
words would break the body). The worker reads
`GET /api/v2/tickets/{id}/comments?sort_order=desc&include=users` and scores the newest public
comment whose author is an end user. Pure functions over Zendesk's answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from helpdesk_empathy.models import TicketEvent

END_USER = "end-user"


def latest_customer_comment(
    comments: Sequence[Mapping[str, Any]], users: Sequence[Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    """The first public comment by an end user in a newest-first list (users sideloaded)."""
    roles = {str(user.get("id")): user.get("role") for user in users}
    for comment in comments:
        if comment.get("public") and roles.get(str(comment.get("author_id"))) == END_USER:
            return comment
    return None


def comment_event(event: TicketEvent, comment: Mapping[str, Any]) -> TicketEvent:
    """The ids-only event with the comment's text, named by the comment (so two deliveries
    that read the same comment are scored once).

    The trigger's updated-at has minutes only. When the comment was written in that minute, it
    is most likely the change that set the ticket's updated_at: its exact time is used as the
    stamp for safe_update (a wrong guess costs one 409 and a re-read, never a lost edit).
    """
    text = str(comment.get("plain_body") or comment.get("body") or "")
    created = str(comment.get("created_at") or "")
    minute = (event.updated_at or "")[:16]
    stamp = created if minute and created[:16] == minute else event.updated_at
    return replace(
        event,
        event_id=f"zd-comment-{comment.get('id')}",
        text=text,
        fetch_text=False,
        updated_at=stamp,
    )
