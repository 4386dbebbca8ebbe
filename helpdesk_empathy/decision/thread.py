"""What earlier messages of a ticket decided, and whether this one deserves a note (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from helpdesk_empathy.models import UNKNOWN_LEVEL

NOTE_MODES = ("on_change", "every_message", "escalation_only", "never")
NEGATIVE_LEVELS = ("very_negative", "negative")
# Signals that always deserve a note the first time they appear in a ticket.
SERIOUS_SIGNALS = ("legal_threat", "payment_dispute", "churn_threat", "wants_human")


@dataclass(frozen=True)
class ThreadFacts:
    """What one scored message left behind: scores, flags and a digest; never any text."""

    at: float  # when the customer wrote (orders the thread)
    level: str
    contact: int  # the contact number shown for this message
    serious: tuple[str, ...]  # SERIOUS_SIGNALS present in the message
    escalated: bool
    rising: bool  # the trajectory was rising at this message
    noted: bool  # a note was posted for it
    draft: str = ""  # digest of the draft reply that note carried ("" when none)
    priority: str | None = None  # the priority we raised the ticket to, if we did

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> ThreadFacts:
        known = {key: data[key] for key in cls.__dataclass_fields__ if key in data}
        known["serious"] = tuple(known.get("serious", ()))
        return cls(**known)


@dataclass(frozen=True)
class ThreadState:
    """The ticket so far, folded from the facts of its earlier messages."""

    messages: int = 0
    last_level: str | None = None
    max_contact: int = 1
    serious_seen: frozenset[str] = frozenset()
    escalated: bool = False
    rising: bool = False  # the previous message's trajectory was rising
    last_draft: str = ""  # digest of the last draft posted in a note
    priority: str | None = None  # the last priority we raised to

    @classmethod
    def fold(cls, facts: Iterable[ThreadFacts]) -> ThreadState:
        state = cls()
        for fact in sorted(facts, key=lambda f: f.at):
            state = ThreadState(
                messages=state.messages + 1,
                last_level=fact.level,
                max_contact=max(state.max_contact, fact.contact),
                serious_seen=state.serious_seen | set(fact.serious),
                escalated=state.escalated or fact.escalated,
                rising=fact.rising,
                last_draft=fact.draft if fact.noted and fact.draft else state.last_draft,
                priority=fact.priority or state.priority,
            )
        return state


def _negative(level: str | None) -> bool:
    return level in NEGATIVE_LEVELS


def note_triggers(
    state: ThreadState,
    *,
    level: str,
    signals: Iterable[str],
    escalate: bool,
    rising: bool,
    mode: str = "on_change",
) -> tuple[str, ...]:
    """Why this message deserves a note under `mode` (empty: update fields and tags silently)."""
    if mode == "never":
        return ()
    newly_escalated = escalate and not state.escalated
    if mode == "escalation_only":
        return ("escalation",) if newly_escalated else ()
    why = []
    if state.messages == 0:
        why.append("first")
    if newly_escalated:
        why.append("escalation")
    known = state.last_level not in (None, UNKNOWN_LEVEL) and level != UNKNOWN_LEVEL
    if known and _negative(level) != _negative(state.last_level):
        why.append("into_negative" if _negative(level) else "out_of_negative")
    fresh = [name for name in SERIOUS_SIGNALS if name in set(signals) - state.serious_seen]
    why += [f"new_{name}" for name in fresh]
    # Rising escalates by default: once a person has the ticket, say it only with other news.
    if rising and not state.rising and not state.escalated:
        why.append("rising")
    if mode == "every_message" and not why:
        why.append("every_message")
    return tuple(why)
