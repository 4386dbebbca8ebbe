"""Shared check for analysis tests: analyse a text and assert how it reads."""

from __future__ import annotations

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.analysis.evidence import quote_matches
from helpdesk_empathy.models import Analysis

NEGATIVE = {"negative", "very_negative"}
POSITIVE = {"positive", "very_positive"}
LEVELS = {"negative": NEGATIVE, "neutral": {"neutral"}, "positive": POSITIVE}


def assert_reading(text: str, reading: str, language: str | None = None) -> Analysis:
    """Analyse text; its level must read as `reading` and every evidence quote must match."""
    analysis = analyze(text, language=language)
    assert analysis.level in LEVELS[reading], analysis
    assert all(quote_matches(text, e) for e in analysis.evidence), analysis.evidence
    return analysis
