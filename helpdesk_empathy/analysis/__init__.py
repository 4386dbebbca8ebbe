"""Pure analysis of a customer message: language, sentiment, level, frustration, signals."""

from __future__ import annotations

from helpdesk_empathy.analysis.language import detect_language
from helpdesk_empathy.analysis.scoring import analyze, level_for
from helpdesk_empathy.analysis.text import latest_message

__all__ = ["analyze", "detect_language", "latest_message", "level_for"]
