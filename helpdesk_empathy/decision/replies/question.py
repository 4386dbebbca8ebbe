"""Find the question a customer asks, so a holding reply can restate it (pure, linear time)."""

from __future__ import annotations

import re

MAX_SCAN_CHARS = 5000  # a question is near the top; never scan a whole long message
MAX_QUESTION_CHARS = 160
MIN_WORDS = 3
# A sentence: everything up to its end marks. Linear: no nested or overlapping repetition.
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def find_question(text: str) -> str | None:
    """The first sentence of the message that ends with "?", shortened; None if none."""
    for match in _SENTENCE.finditer(text[:MAX_SCAN_CHARS]):
        sentence = " ".join(match.group().split())
        if not sentence.endswith("?") or "!" in sentence:
            continue
        if len(sentence.rstrip("? ").split()) < MIN_WORDS:
            continue
        if len(sentence) > MAX_QUESTION_CHARS:
            return sentence[:MAX_QUESTION_CHARS].rsplit(" ", 1)[0] + "...?"
        return sentence
    return None
