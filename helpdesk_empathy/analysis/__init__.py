"""Pure analysis of a customer message: language, sentiment, level, frustration, signals."""

from __future__ import annotations

from helpdesk_empathy.analysis import language
from helpdesk_empathy.analysis.language import detect_language
from helpdesk_empathy.analysis.scoring import analyze, level_for
from helpdesk_empathy.analysis.text import latest_message

__all__ = ["analyze", "detect_language", "latest_message", "level_for", "warm_up"]


def warm_up() -> None:
    """Load the lexicons and the language model now, not on the first real message.

    A plain warm-up text never reaches the language model (common words decide it), so the
    first ambiguous customer message would otherwise pay its ~0.15-0.6 s load.
    """
    analyze("warm up")
    language.warm_up()
