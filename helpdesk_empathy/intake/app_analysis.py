"""What the sidebar panel shows for a ticket's thread: the worker's own analysis and policy (pure).

Each customer comment is scored as the worker scores a message; the latest one is decided on
as the worker decides, with the thread's frustration run as its trajectory. Nothing is kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.decision import policy, trajectory
from helpdesk_empathy.decision.rules import Rules
from helpdesk_empathy.decision.thread import ThreadFacts, ThreadState
from helpdesk_empathy.decision.trajectory import Trajectory
from helpdesk_empathy.models import UNKNOWN_LEVEL, Analysis, Decision, TicketEvent

MAX_COMMENTS = 100  # the panel sends the latest 50; a longer thread is refused (413)
_COMMENT_FIELDS = {"id": (int, str), "body": (str,), "author_is_staff": (bool,), "public": (bool,)}


class BadThread(ValueError):
    """The request body is not a thread the panel sends; the message says what is wrong."""


class ThreadTooLarge(BadThread):
    """More comments than MAX_COMMENTS."""


@dataclass(frozen=True)
class Comment:
    id: int | str
    body: str
    author_is_staff: bool
    public: bool
    created_at: str | None = None

    @property
    def from_customer(self) -> bool:
        # As the worker: a customer's public comment, never a staff reply or an internal note.
        return not self.author_is_staff and self.public


def _is(value: Any, kinds: tuple[type, ...]) -> bool:
    if isinstance(value, bool) and bool not in kinds:
        return False  # True is an int in Python, not an id here
    return isinstance(value, kinds)


def parse_thread(body: Any) -> tuple[int, list[Comment]]:
    """(ticket_id, comments oldest first) from the decoded JSON body, or BadThread why not."""
    if not isinstance(body, Mapping):
        raise BadThread("the body must be a JSON object")
    ticket_id = body.get("ticket_id")
    if not _is(ticket_id, (int,)) or ticket_id <= 0:
        raise BadThread("ticket_id must be a positive integer")
    raw = body.get("comments")
    if not isinstance(raw, list):
        raise BadThread("comments must be a list")
    if len(raw) > MAX_COMMENTS:
        raise ThreadTooLarge(f"at most {MAX_COMMENTS} comments, got {len(raw)}")
    comments = []
    for index, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise BadThread(f"comments[{index}] must be an object")
        for name, kinds in _COMMENT_FIELDS.items():
            if not _is(item.get(name), kinds):
                expected = " or ".join(kind.__name__ for kind in kinds)
                raise BadThread(f"comments[{index}].{name} must be {expected}")
        created_at = item.get("created_at")
        if created_at is not None and not isinstance(created_at, str):
            raise BadThread(f"comments[{index}].created_at must be a string")
        comments.append(
            Comment(item["id"], item["body"], item["author_is_staff"], item["public"], created_at)
        )
    return ticket_id, comments


def _message(comment: Comment, analysis: Analysis) -> dict[str, Any]:
    return {
        "comment_id": comment.id,
        "created_at": comment.created_at,
        "language": analysis.language,
        "level": analysis.level,
        "compound": round(analysis.compound, 4),
        "frustration": analysis.frustration,
        "contact_number": analysis.contact_number,
        "truncated": analysis.truncated,
        "signals": [
            {"name": s.name, "contribution": round(s.contribution, 1), "reason": s.reason}
            for s in analysis.signals
        ],
        "evidence": [
            {"signal": e.signal, "start": e.start, "end": e.end, "quote": e.quote}
            for e in analysis.evidence
        ],
    }


def _audit_line(reasons: Sequence[str], prefix: str) -> str:
    """The policy's own sentence for one part of the decision ("Routing: ...", "Priority: ...")."""
    return next((r[len(prefix) :] for r in reasons if r.startswith(prefix)), "")


def _decide(
    customer: Sequence[Comment], analyses: Sequence[Analysis], ticket_id: int, rules: Rules
) -> tuple[Decision, Trajectory, ThreadState, TicketEvent]:
    """Decide on each customer comment in turn, as the worker did when each arrived, carrying
    the ticket's state (contact number, escalation) from one to the next; the last one counts."""
    points = [(a.compound, a.frustration) for a in analyses]
    facts: list[ThreadFacts] = []
    result = None
    for index, (comment, analysis) in enumerate(zip(customer, analyses, strict=True)):
        run = trajectory.assess(points[: index + 1], rules.trajectory.thresholds)
        event = TicketEvent(
            helpdesk="zendesk",
            event_id=f"sidebar-{comment.id}",
            ticket_id=str(ticket_id),
            text=comment.body,
            received_at=float(index + 1),  # only the order matters
        )
        state = ThreadState.fold(facts)
        decision, fact = policy.decide_with_facts(
            analysis, event, rules, trajectory=run, thread=state
        )
        facts.append(fact)
        result = (decision, run, state, event)
    if result is None:
        raise ValueError("a thread to decide on needs a customer comment")
    return result


def analyse_thread(ticket_id: int, comments: Sequence[Comment], rules: Rules) -> dict[str, Any]:
    """The panel's answer: every customer comment scored, the latest one decided on."""
    customer = [comment for comment in comments if comment.from_customer]
    analyses = [analyze(comment.body) for comment in customer]
    messages = [_message(c, a) for c, a in zip(customer, analyses, strict=True)]
    if not analyses:
        return {
            "ticket_id": ticket_id,
            "messages": [],
            "language": None,
            "contact_number": 0,
            "trajectory": None,
            "decision": None,
            "reply": None,
        }
    decision, run, state, event = _decide(customer, analyses, ticket_id, rules)
    latest = replace(
        analyses[-1], contact_number=max(analyses[-1].contact_number, state.max_contact)
    )
    triggers = policy.escalation_triggers(latest, rules, trajectory=run)
    reply = None
    if latest.level != UNKNOWN_LEVEL:
        category, text = policy.suggest_reply(latest, event, rules, escalate=decision.escalate)
        reply = {"language": latest.language, "category": category, "text": text}
    return {
        "ticket_id": ticket_id,
        "messages": messages,
        "language": latest.language,
        "contact_number": latest.contact_number,
        "trajectory": {
            "direction": run.direction,
            "description": run.description,
            "frustrations": [a.frustration for a in analyses],
        },
        "decision": {
            "escalate": decision.escalate,
            "reasons": [text for text, _ in triggers],
            # The same reasons as short keys ("frustration", "contact", "signal:churn_threat",
            # "level", "rising"), for a panel that speaks another language than English.
            "reason_keys": [key for _, key in triggers],
            "priority": {
                "raise_to": decision.min_priority,
                "why": _audit_line(decision.reasons, "Priority: "),
            },
            "routing": {
                "group_id": decision.route_group_id,
                "why": _audit_line(decision.reasons, "Routing: "),
            },
            "tags": list(decision.add_tags),
        },
        "reply": reply,
    }
