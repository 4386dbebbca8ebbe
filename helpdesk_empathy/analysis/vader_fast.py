"""VADER's compound score, same rules and same numbers, without its per-word re-lowering."""

from __future__ import annotations

import heapq
import string
from collections.abc import Sequence
from itertools import compress, repeat
from operator import ne

from vaderSentiment.vaderSentiment import (
    B_INCR,
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    negated,
    normalize,
)

_NEGATE = frozenset(NEGATE)
_PUNCTUATION = string.punctuation


def _negated(low: str) -> bool:
    return low in _NEGATE or "n't" in low


def punctuation_emphasis(text: str) -> float:
    """VADER's amplifier from "!" (up to 4) and "??"-style question marks."""
    ep = min(text.count("!"), 4) * 0.292
    qm = text.count("?")
    if qm > 1:
        return ep + (qm * 0.18 if qm <= 3 else 0.96)
    return ep


def compound_of(sentiments: Sequence[float], text: str) -> float:
    """VADER's score_valence()["compound"] for already-computed word valences."""
    total = float(sum(sentiments))
    if not total:
        return 0.0  # no valence (or none left): no emphasis to add either
    emphasis = punctuation_emphasis(text)
    if total > 0:
        total += emphasis
    elif total < 0:
        total -= emphasis
    return round(normalize(total), 4)


def _but_check(lowered: list[str], sentiments: list[float]) -> list[float]:
    """VADER's "but" rule with VADER's exact results, in O(n log n) instead of O(n^2).

    VADER walks the list and, for each value, rescales the FIRST position holding an equal
    value (list.index), which need not be the current one. Here a heap of positions per value
    finds that first position; entries whose value has since changed are dropped lazily.
    """
    if "but" not in lowered:
        return sentiments
    bi = lowered.index("but")
    positions: dict[float, list[int]] = {}
    for index, value in enumerate(sentiments):
        positions.setdefault(value, []).append(index)  # ascending: already a heap
    for k in range(len(sentiments)):
        value = sentiments[k]
        heap = positions[value]
        while sentiments[heap[0]] != value:
            heapq.heappop(heap)
        si = heap[0]
        if si == bi:
            continue
        scaled = value * 0.5 if si < bi else value * 1.5
        sentiments[si] = scaled
        if scaled != value:  # 0 stays 0: its position stays in the same heap
            heapq.heappush(positions.setdefault(scaled, []), si)
    return sentiments


# The first two words of every multi-word idiom and booster: a word pair outside this set
# starts none of them, so most words skip building and looking up seven n-grams.
_NGRAM_PAIRS = frozenset(
    tuple(key.split()[:2]) for key in (*SPECIAL_CASES, *BOOSTER_DICT) if " " in key
)


def _special_idioms(valence: float, low: list[str], i: int) -> float:
    pairs = _NGRAM_PAIRS
    if (
        (low[i - 3], low[i - 2]) not in pairs
        and (low[i - 2], low[i - 1]) not in pairs
        and (low[i - 1], low[i]) not in pairs
        and (len(low) - 1 <= i or (low[i], low[i + 1]) not in pairs)
    ):
        return valence  # no n-gram below can match
    onezero = f"{low[i - 1]} {low[i]}"
    twoonezero = f"{low[i - 2]} {low[i - 1]} {low[i]}"
    twoone = f"{low[i - 2]} {low[i - 1]}"
    threetwoone = f"{low[i - 3]} {low[i - 2]} {low[i - 1]}"
    threetwo = f"{low[i - 3]} {low[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(low) - 1 > i:
        zeroone = f"{low[i]} {low[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(low) - 1 > i + 1:
        zeroonetwo = f"{low[i]} {low[i + 1]} {low[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


def _negation(valence: float, low: list[str], start_i: int, i: int) -> float:
    if start_i == 0:
        if _negated(low[i - 1]):
            valence = valence * N_SCALAR
    elif start_i == 1:
        if low[i - 2] == "never" and low[i - 1] in ("so", "this"):
            valence = valence * 1.25
        elif low[i - 2] == "without" and low[i - 1] == "doubt":
            pass
        elif _negated(low[i - 2]):
            valence = valence * N_SCALAR
    elif (low[i - 3] == "never" and low[i - 2] in ("so", "this")) or low[i - 1] in ("so", "this"):
        valence = valence * 1.25
    elif low[i - 3] == "without" and (low[i - 2] == "doubt" or low[i - 1] == "doubt"):
        pass
    elif _negated(low[i - 3]):
        valence = valence * N_SCALAR
    return valence


def _vader_words(text: str) -> list[str]:
    """VADER's words: each token stripped of punctuation, unless that leaves under 3 letters."""
    tokens = text.split()
    words = list(map(str.strip, tokens, repeat(_PUNCTUATION)))
    # Most tokens carry no punctuation; a C-level pass finds the few that were stripped.
    for i in compress(range(len(tokens)), map(ne, words, tokens)):
        if len(words[i]) <= 2:
            words[i] = tokens[i]
    return words


class FastVader(SentimentIntensityAnalyzer):
    """SentimentIntensityAnalyzer plus compound(): each word lower-cased once, not per rule."""

    _emoji_chars: frozenset[str] | None = None

    def _has_emoji(self, text: str) -> bool:
        """A C-level set test instead of a Python loop over an accented message's characters."""
        if self._emoji_chars is None:
            self._emoji_chars = frozenset(ch for ch in self.emojis if len(ch) == 1)
        return not self._emoji_chars.isdisjoint(text)

    def _replace_emojis(self, text: str) -> str:
        out: list[str] = []
        prev_space = True
        emojis = self.emojis
        for ch in text:
            description = emojis.get(ch)
            if description is not None:
                if not prev_space:
                    out.append(" ")
                out.append(description)
                prev_space = False
            else:
                out.append(ch)
                prev_space = ch == " "
        return "".join(out)

    def compound(self, text: str) -> float:
        """Equal to polarity_scores(text)["compound"] (checked on VADER's own test sets)."""
        return self.scored_words(text)[0]

    def scored_words(self, text: str) -> tuple[float, list[str], list[float]]:
        """(compound, the words as VADER splits them, each word's final valence)."""
        if not text.isascii() and self._has_emoji(text):  # VADER's emojis are all non-ASCII
            text = self._replace_emojis(text)
        text = text.strip()
        words = _vader_words(text)
        lex = self.lexicon
        low = list(map(str.lower, words))
        if lex.keys().isdisjoint(low):  # no lexicon word: every valence is 0
            return 0.0, words, []
        n = len(words)
        caps = sum(map(str.isupper, words))
        cap_diff = 0 < n - caps < n
        sentiments: list[float] = [0] * n  # VADER's 0 for a word outside the lexicon
        # Only the lexicon's words get a valence: a C-level pass picks them out.
        for i in compress(range(n), map(lex.__contains__, low)):
            word, item = low[i], words[i]
            base = lex[word]
            if word in BOOSTER_DICT or (word == "kind" and i < n - 1 and low[i + 1] == "of"):
                continue
            valence = base
            if word == "no" and i != n - 1 and low[i + 1] in lex:
                valence = 0.0
            if (
                (i > 0 and low[i - 1] == "no")
                or (i > 1 and low[i - 2] == "no")
                or (i > 2 and low[i - 3] == "no" and low[i - 1] in ("or", "nor"))
            ):
                valence = base * N_SCALAR
            if cap_diff and item.isupper():
                valence = valence + C_INCR if valence > 0 else valence - C_INCR
            for start_i in range(3):
                if i > start_i and low[i - start_i - 1] not in lex:
                    before = i - start_i - 1
                    scalar = 0.0
                    if low[before] in BOOSTER_DICT:
                        scalar = BOOSTER_DICT[low[before]]
                        if valence < 0:
                            scalar *= -1
                        if cap_diff and words[before].isupper():
                            scalar = scalar + C_INCR if valence > 0 else scalar - C_INCR
                        if start_i == 1:
                            scalar = scalar * 0.95
                        elif start_i == 2:
                            scalar = scalar * 0.9
                    valence = valence + scalar
                    valence = _negation(valence, low, start_i, i)
                    if start_i == 2:
                        valence = _special_idioms(valence, low, i)
            if (
                i > 0
                and low[i - 1] == "least"
                and "least" not in lex
                and (i == 1 or low[i - 2] not in ("at", "very"))
            ):
                valence = valence * N_SCALAR
            sentiments[i] = valence
        sentiments = _but_check(low, sentiments)
        return compound_of(sentiments, text), words, sentiments


class EnglishAnalyzer(FastVader):
    """VADER plus FastVader.compound(); polarity_scores() keeps VADER's path with the negation
    look-back computed per word instead of re-lowering the whole message (same results)."""

    def _negation_check(self, valence, words_and_emoticons, start_i, i):  # type: ignore[override]
        def low(k: int) -> str:
            return str(words_and_emoticons[i - k]).lower()

        if start_i == 0:
            if negated([low(1)]):
                valence = valence * N_SCALAR
        elif start_i == 1:
            if low(2) == "never" and low(1) in ("so", "this"):
                valence = valence * 1.25
            elif low(2) == "without" and low(1) == "doubt":
                pass
            elif negated([low(2)]):
                valence = valence * N_SCALAR
        elif start_i == 2:
            if (low(3) == "never" and low(2) in ("so", "this")) or low(1) in ("so", "this"):
                valence = valence * 1.25
            elif low(3) == "without" and (low(2) == "doubt" or low(1) == "doubt"):
                pass
            elif negated([low(3)]):
                valence = valence * N_SCALAR
        return valence


__all__ = ["B_INCR", "EnglishAnalyzer", "FastVader", "compound_of", "punctuation_emphasis"]
