"""Pure analysis of a customer message: language, sentiment, level, frustration, signals."""

from __future__ import annotations

from .language import detect_language
from .scoring import analyze, level_for
from .text import latest_message

__all__ = ["analyze", "detect_language", "latest_message", "level_for"]
