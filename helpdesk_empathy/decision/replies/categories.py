"""Which kind of reply a message calls for: one category per analysis, most serious first."""

from __future__ import annotations

from helpdesk_empathy.models import Analysis

# Every category has a shipped template in each language (see templates/<lang>.yaml).
CATEGORIES = (
    "legal",  # lawyer, court, formal complaint
    "dispute",  # a bank dispute or chargeback
    "churn",  # cancel, close my account, switch to a competitor, "considering my options"
    "human",  # asks for a person or a manager: a person takes over, by [day/time]
    "repeat_contact_3plus",  # third contact or later about the same issue
    "angry",  # strong anger or very negative tone
    "repeat_contact",  # second contact
    "delay",  # waiting, no answer yet, ignored
    "confused",  # does not understand how to do something
    "positive",  # thanks, praise
    "question",  # a plain question: a holding reply that restates it
    "neutral",  # a plain request
)

NEGATIVE_LEVELS = ("very_negative", "negative")
POSITIVE_LEVELS = ("positive", "very_positive")
# Signals that mean "something is wrong": a thank-you that carries them is not a positive message.
_COMPLAINT_SIGNALS = (
    "delay",
    "ignored",
    "broken",
    "billing",
    "churn_threat",
    "legal_threat",
    "payment_dispute",
    "profanity",
    "repeat_contact",
)


def effective_contact_number(analysis: Analysis) -> int:
    """Contact number, at least 2 when the message itself says it is a repeat contact."""
    if analysis.has("repeat_contact"):
        return max(analysis.contact_number, 2)
    return max(analysis.contact_number, 1)


def is_angry(analysis: Analysis, *, angry_at: int = 60) -> bool:
    """Strong anger: very negative tone, a high frustration score, or swearing/shouting."""
    if analysis.level == "very_negative" or analysis.frustration >= angry_at:
        return True
    loud = analysis.has("profanity") or analysis.has("shouting")
    return loud and analysis.level in NEGATIVE_LEVELS


def is_pleased(analysis: Analysis) -> bool:
    """Thanks or praise with nothing wrong in it: the customer is happy, whatever their history."""
    # Repeat contact alone is history (a regular customer), not a complaint in this message.
    complaint = any(analysis.has(n) for n in _COMPLAINT_SIGNALS if n != "repeat_contact")
    pleased = analysis.has("gratitude") or analysis.level in POSITIVE_LEVELS
    return pleased and not complaint and analysis.level not in NEGATIVE_LEVELS


def choose_category(analysis: Analysis, *, angry_at: int = 60, question: str | None = None) -> str:
    """The reply category for this message (one of CATEGORIES); `question`: one it asks."""
    if analysis.has("legal_threat"):
        return "legal"
    if analysis.has("payment_dispute"):
        return "dispute"
    if analysis.has("churn_threat"):
        return "churn"
    if analysis.has("wants_human"):
        return "human"
    if is_pleased(analysis):
        # A loyal customer's fifth ticket saying thanks needs thanks, not an apology.
        return "positive"
    contact = effective_contact_number(analysis)
    if contact >= 3:
        return "repeat_contact_3plus"
    if is_angry(analysis, angry_at=angry_at):
        return "angry"
    if contact == 2:
        return "repeat_contact"
    if analysis.has("delay") or analysis.has("ignored"):
        return "delay"
    if analysis.has("confusion"):
        return "confused"
    if question and not any(analysis.has(name) for name in _COMPLAINT_SIGNALS):
        return "question"
    return "neutral"
