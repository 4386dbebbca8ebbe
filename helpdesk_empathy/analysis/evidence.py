"""Evidence spans: where, in the text given to analyze(), each phrase, word and signal fired.

Scoring reads a cleaned, lower-cased, accent-folded copy of the message (quoted history,
handles and links removed, hashtags split), so offsets are not kept through those steps.
Instead each matched item is found again in the original text, in reading order, on a
folded view that maps every character back to its original offset. Anything that cannot be
found exactly (an emoji read as words) is left out: a span is exact or absent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from helpdesk_empathy.analysis.phrases import PhraseHit
from helpdesk_empathy.analysis.records import record_builder
from helpdesk_empathy.analysis.text import _FOLD_LIST as FOLD_TABLE
from helpdesk_empathy.analysis.text import fold
from helpdesk_empathy.models import Evidence

MAX_QUOTE = 80  # longer spans keep their exact offsets; the quote is shortened
ELLIPSIS = "…"
MAX_WORDS = 12  # per message, the strongest score-moving words are enough to explain it
_evidence = record_builder(Evidence)  # Evidence(...) without the per-field frozen __init__


def quote_of(text: str, start: int, end: int) -> str:
    """text[start:end], shortened to MAX_QUOTE characters with an ellipsis."""
    span = text[start:end]
    if len(span) <= MAX_QUOTE:
        return span
    return span[: MAX_QUOTE - 1].rstrip() + ELLIPSIS


def quote_matches(text: str, item: Evidence) -> bool:
    """True when item.quote is text[item.start:item.end] (or its shortened start)."""
    span = text[item.start : item.end]
    if item.quote == span:
        return True
    return item.quote.endswith(ELLIPSIS) and span.startswith(item.quote[: -len(ELLIPSIS)])


def _fold_char(ch: str) -> str:
    return "'" if ch in "‘’" else fold(ch)


class Locator:
    """Finds scorer items (lower-case, folded words) back in the original text, in order."""

    def __init__(self, original: str, view: str | None = None) -> None:
        """`view`: the original as the scorer read it (same length, lower-cased), if known."""
        self.original = original
        self.taken: list[tuple[int, int]] = []
        self._map: list[int] | None = None
        if view is not None and len(view) == len(original):
            self.view = view
            return
        view = original.lower()
        if not original.isascii():
            view = view.replace("‘", "'").translate(FOLD_TABLE)
        if len(view) != len(original):  # "œ" -> "oe" and the like: map char by char
            # Fold each distinct character once; the per-character work is list look-ups.
            folds = {ch: _fold_char(ch) for ch in set(original)}
            chars = [folds[ch] for ch in original]
            view = "".join(chars)
            offsets = [i for i, folded in enumerate(chars) for _ in folded]
            offsets.append(len(original))
            self._map = offsets
        self.view = view

    def _original_span(self, start: int, end: int) -> tuple[int, int]:
        if self._map is None:
            return start, end
        return self._map[start], self._map[end - 1] + 1

    def _free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.taken)

    def find(self, needle: str, cursor: int) -> tuple[int, int] | None:
        """Next whole-word, not yet taken occurrence of needle at or after cursor (view offsets)."""
        view, size = self.view, len(needle)
        pos = view.find(needle, cursor)
        while pos != -1:
            end = pos + size
            before_ok = pos == 0 or not view[pos - 1].isalnum() or not needle[0].isalnum()
            after_ok = end == len(view) or not view[end].isalnum() or not needle[-1].isalnum()
            if before_ok and after_ok and (not self.taken or self._free(pos, end)):
                return pos, end
            pos = view.find(needle, pos + 1)
        if " " not in needle:
            return None
        # Line breaks and split hashtags ("#NeverAgain" -> "never again"): any or no spaces.
        parts = [re.escape(part) for part in needle.split()]
        pattern = re.compile(r"(?<!\w)" + r"\s*".join(parts) + r"(?!\w)")
        for match in pattern.finditer(view, cursor):
            if self._free(match.start(), match.end()):
                return match.start(), match.end()
        return None

    def locate(self, items: Iterable[tuple[str, str]]) -> list[Evidence]:
        """Evidence for each (signal, needle), searched in reading order after the previous."""
        found: list[Evidence] = []
        cursor = 0
        for signal, needle in items:
            needle = needle.strip().lower()
            span = self.find(needle, cursor) if needle else None
            if span is None:
                continue
            cursor = span[1]
            self.taken.append(span)
            start, end = self._original_span(*span)
            found.append(
                _evidence(
                    signal=signal, start=start, end=end, quote=quote_of(self.original, start, end)
                )
            )
        return found

    def place_hits(self, hits: Sequence[PhraseHit]) -> list[Evidence]:
        """Evidence for phrase hits whose offsets are the view's (the view is the original's):
        one loop, no call per hit (most messages' only evidence)."""
        original, taken, found = self.original, self.taken, []
        for hit in hits:
            start = hit.start
            end = start + len(hit.text)
            taken.append((start, end))
            if self._map is not None:
                start, end = self._original_span(start, end)
            quote = original[start:end]
            if len(quote) > MAX_QUOTE:
                quote = quote_of(original, start, end)
            found.append(
                _evidence(signal=hit.signal or "sentiment", start=start, end=end, quote=quote)
            )
        return found

    def place(self, signal: str, start: int, end: int) -> Evidence:
        """Evidence for a span already known in view offsets (the view is the original's)."""
        self.taken.append((start, end))
        start, end = self._original_span(start, end)
        return _evidence(
            signal=signal, start=start, end=end, quote=quote_of(self.original, start, end)
        )

    def locate_exact(self, signal: str, needles: Iterable[str]) -> list[Evidence]:
        """Evidence for needles that must match case and all (capitals, "!!" runs)."""
        found: list[Evidence] = []
        cursor = 0
        text = self.original
        for needle in needles:
            start = text.find(needle, cursor)
            while start != -1 and needle.isalnum() and not _whole_word(text, start, len(needle)):
                start = text.find(needle, start + 1)
            if start == -1:
                continue
            end = start + len(needle)
            cursor = end
            found.append(
                _evidence(
                    signal=signal, start=start, end=end, quote=quote_of(self.original, start, end)
                )
            )
        return found


def _whole_word(text: str, start: int, size: int) -> bool:
    end = start + size
    return (start == 0 or not text[start - 1].isalnum()) and (
        end == len(text) or not text[end].isalnum()
    )


def strongest(words: Sequence[str], valences: Sequence[float], limit: int) -> list[str]:
    """The words with a valence, the strongest `limit` of them, kept in reading order."""
    if not any(valences):
        return []  # most words of most messages carry none
    scored = [(i, v) for i, v in enumerate(valences) if v and i < len(words)]
    if len(scored) > limit:
        keep = {i for i, _ in sorted(scored, key=lambda t: -abs(t[1]))[:limit]}
        scored = [(i, v) for i, v in scored if i in keep]
    return [words[i] for i, _ in scored]


__all__ = ["ELLIPSIS", "MAX_QUOTE", "Locator", "quote_matches", "quote_of", "strongest"]
