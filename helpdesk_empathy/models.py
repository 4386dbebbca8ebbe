"""Plain data passed between the pure core (analysis, policy) and the I/O edges."""

from __future__ import annotations

from dataclasses import dataclass, field

# The five levels Zendesk's own intelligent triage uses, most negative first.
LEVELS = ("very_negative", "negative", "neutral", "positive", "very_positive")
# The level of a message in a language we do not score (neither English nor French).
UNKNOWN_LEVEL = "unknown"
# The language code analysis gives such a message.
UNSUPPORTED_LANGUAGE = "other"

# Signal names the analysis may emit; policy, replies and tags rely on these exact names.
SIGNAL_NAMES = (
    "shouting",  # a large share of words in capitals
    "exclamations",  # runs of "!!" / "?!"
    "repeat_contact",  # "third time", "again", "toujours pas", or the requester's real count
    "delay",  # waiting, on hold, no answer yet, "still not received"
    "ignored",  # nobody answered / replied
    "broken",  # not working, damaged, error, panne
    "billing",  # refund, charged twice, remboursement
    "churn_threat",  # cancel my account, switching to a competitor, résilier
    "legal_threat",  # lawyer, court, avocat, mise en demeure
    "payment_dispute",  # a bank dispute or chargeback: "dispute the charge", "faire opposition"
    "profanity",  # swearing
    "anger",  # strong anger or contempt: furious, disgraceful, useless, honteux, inadmissible
    "wants_human",  # asks for a manager, a supervisor or a real person
    "confusion",  # "I don't understand", "how do I", "je ne comprends pas"
    "gratitude",  # thanks, merci
)

# Ticket fields a decision sets: the sentiment level (as its tag, "<prefix>_sentiment_<level>",
# which is also the drop-down option's value), the frustration score (0-100) and whether we
# handed the ticket to a human.
FIELD_NAMES = ("sentiment_level", "frustration", "escalated")

# Zendesk priorities, lowest first; index order is what "raise only" compares.
PRIORITIES = ("low", "normal", "high", "urgent")


@dataclass(frozen=True)
class Signal:
    """One reason the analysis fired, with its share of the frustration score."""

    name: str  # stable identifier, e.g. "shouting", "repeat_contact", "churn_threat"
    contribution: float  # frustration points (0-100 scale) this signal added
    reason: str  # plain-language explanation for agents; never quotes the customer


@dataclass(frozen=True)
class Evidence:
    """The exact words of the analysed text that fired a signal or moved the score."""

    signal: str  # a SIGNAL_NAMES entry, or "sentiment" for a phrase that moved the score
    start: int  # offsets into the text given to analyze(): text[start:end] is the quote
    end: int
    quote: str  # the customer's words (shortened); never logged, audited or kept in Redis


@dataclass(frozen=True)
class Analysis:
    """What the analysis says about one customer message."""

    language: str  # "en" or "fr"
    compound: float  # VADER-style compound in [-1, 1]
    level: str  # one of LEVELS
    frustration: int  # 0-100
    signals: tuple[Signal, ...] = ()
    contact_number: int = 1  # which contact this is about the issue: 3 = "third time"
    evidence: tuple[Evidence, ...] = ()  # where in the text each signal and phrase fired
    truncated: bool = False  # only the first part of a very long message was analysed

    def has(self, name: str) -> bool:
        return any(signal.name == name for signal in self.signals)


@dataclass(frozen=True)
class TicketEvent:
    """A ticket event as received from a helpdesk, reduced to what the worker needs."""

    helpdesk: str  # "zendesk", ...
    event_id: str  # delivery or event id, used for deduplication
    ticket_id: str
    text: str  # the latest customer message (may still contain quoted history)
    kind: str = "comment_added"  # "ticket_created" | "comment_added"
    account_id: str | None = None
    actor_id: str | None = None  # who caused the event (loop guard)
    requester_id: str | None = None
    requester_name: str | None = None
    subject: str | None = None
    tags: tuple[str, ...] = ()
    priority: str | None = None
    status: str | None = None
    group_id: str | None = None
    assignee_id: str | None = None
    updated_at: str | None = None  # ticket's updated_at, for safe_update
    received_at: float = 0.0  # epoch seconds when our webhook accepted it
    tags_known: bool = True  # False: the payload did not say, so `tags` is not the ticket's
    # True: the webhook carried ids only; the worker reads the message through the helpdesk's
    # API (Helpdesk.fetch_message) before scoring it. `text` is empty until then.
    fetch_text: bool = False


@dataclass(frozen=True)
class Decision:
    """What to write back: intents, re-applied on top of the ticket's current state."""

    add_tags: tuple[str, ...]
    min_priority: str | None  # raise to at least this; never lowers
    route_group_id: str | None  # hand to this group, unless a person already owns it
    escalate: bool
    note: str  # internal note body (public: false)
    reasons: tuple[str, ...] = field(default=())  # why, for the audit log
    # Which escalation rules fired, as keys: "frustration", "level", "contact", "rising",
    # "signal:<name>" (names only: the dashboard lists and filters escalated tickets by them).
    escalation_keys: tuple[str, ...] = field(default=())
    # Our own tags that no longer hold (e.g. yesterday's sentiment level); never anyone else's.
    remove_tags: tuple[str, ...] = field(default=())
    # Ticket field values by FIELD_NAMES key, set in the same request as the tags where the
    # helpdesk has such fields (Zendesk custom ticket fields); the tags carry them otherwise.
    fields: dict[str, object] = field(default_factory=dict)
