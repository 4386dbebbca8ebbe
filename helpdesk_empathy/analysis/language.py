"""English/French detection for short support messages: function words first, Lingua if unsure."""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from helpdesk_empathy.analysis.function_words import EN_WORDS, FR_WORDS
from helpdesk_empathy.analysis.other_languages import OTHER_WORDS, is_unsupported
from helpdesk_empathy.models import UNSUPPORTED_LANGUAGE

log = logging.getLogger(__name__)

SUPPORTED = ("en", "fr")
DEFAULT_LANGUAGE = "en"

# Each function word's language: 0 English, 1 French, 2 another one.
_KIND = {
    **dict.fromkeys(OTHER_WORDS - EN_WORDS - FR_WORDS, 2),
    **dict.fromkeys(FR_WORDS, 1),
    **dict.fromkeys(EN_WORDS, 0),
}
# Letters that mark a French word (English borrows few: "café", "résumé").
_FRENCH_LETTERS = re.compile(r"[éèêàçùâîôûëïœ]")
# French letters, plus the other Latin letters that spell the unsupported languages' words.
_TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöûùüÿœæáíóúñãõìòß'"
_TOKEN = re.compile(f"[{_TOKEN_CHARS}]+")
# Latin-1 text (nearly every English or French message; all of _TOKEN's letters but "œ"): the
# same tokens come from one C-level byte translation (every other byte to a space) and a split.
_LATIN1_TOKEN_BYTES = bytes(c if chr(c) in _TOKEN_CHARS else 32 for c in range(256))
_KIND_LATIN1 = {
    word.encode("latin-1"): kind
    for word, kind in _KIND.items()
    if all(ord(ch) < 256 for ch in word)  # the others never occur in Latin-1 text
}


def _by_kind(kinds: dict[Any, int]) -> tuple[frozenset[Any], ...]:
    return tuple(frozenset(word for word, kind in kinds.items() if kind == k) for k in (0, 1, 2))


# The function words of each kind (English, French, other) as sets, for C-level tests.
_SETS, _SETS_LATIN1 = _by_kind(_KIND), _by_kind(_KIND_LATIN1)
_CLEAR_MARGIN = 2
_NO_EVIDENCE_WORDS = 5
_FRENCH_CONFIDENCE = 0.7
# Lingua's cost grows with the text (a 5,000-character run of one "word" took 20 ms); its
# first characters tell the language as well as the whole text.
_LINGUA_MAX_CHARS = 1_000

_detector: Any = None
_lock = threading.Lock()


def _lingua() -> Any:
    """Lingua restricted to EN/FR: 0.6 s and ~90 MB to load, then ~50 µs a message."""
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                from lingua import Language, LanguageDetectorBuilder

                _detector = (
                    LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.FRENCH)
                    .with_preloaded_language_models()
                    .build()
                )
                log.debug("language detector loaded")
    return _detector


def warm_up() -> None:
    """Load the language model now (it otherwise loads on the first ambiguous message)."""
    _lingua()


def detect_language(text: str) -> str:
    """Return "en", "fr" or "other" (clearly another language); "en" when unsure."""
    if not text or not text.strip():
        return DEFAULT_LANGUAGE
    lowered = text.lower().replace("’", "'")
    tokens, kinds = tokens_of(lowered)
    if not tokens:
        # Only letters of another script (Cyrillic, CJK...) or none at all.
        return UNSUPPORTED_LANGUAGE if is_unsupported(text, 0, 0, 0) else DEFAULT_LANGUAGE
    return _one_language(text, tokens, kinds) or by_counts(text, lowered, tokens, kinds)


def tokens_of(lowered: str) -> tuple[list[Any], dict[Any, int]]:
    """The words of a lower-cased text (bytes for Latin-1 text) and the table of their kinds."""
    try:
        data = lowered.encode("latin-1")
    except UnicodeEncodeError:  # "œ", "€", another script...
        return _TOKEN.findall(lowered), _KIND
    return data.translate(_LATIN1_TOKEN_BYTES).split(), _KIND_LATIN1


def _one_language(text: str, tokens: list[Any], kinds: dict[Any, int]) -> str | None:
    """The usual message has function words of one language only: set tests settle it as
    by_counts would (one English word; two different French ones), else None."""
    english, french, other = _SETS_LATIN1 if kinds is _KIND_LATIN1 else _SETS
    if not other.isdisjoint(tokens):
        return None
    if french.isdisjoint(tokens) and not english.isdisjoint(tokens):
        return UNSUPPORTED_LANGUAGE if is_unsupported(text, 0, 1, 0) else "en"
    if english.isdisjoint(tokens) and len(french.intersection(tokens)) >= _CLEAR_MARGIN:
        return UNSUPPORTED_LANGUAGE if is_unsupported(text, 0, 0, _CLEAR_MARGIN) else "fr"
    return None


def by_counts(text: str, lowered: str, tokens: list[Any], kinds: dict[Any, int]) -> str:
    """The language from the counts of each kind of function word (Lingua when unsure)."""
    counts = [0, 0, 0]  # English, French, other languages' function words: one pass
    for kind in map(kinds.get, tokens):
        if kind is not None:
            counts[kind] += 1
    en, fr, others = counts
    if is_unsupported(text, others, en, fr):
        return UNSUPPORTED_LANGUAGE
    if en == 0 and fr < _CLEAR_MARGIN and not lowered.isascii():
        # A letter only French uses stands in for a missing French word (two French words
        # already decide it below, without looking for letters).
        if fr == 1 and _FRENCH_LETTERS.search(lowered) is not None:
            return "fr"
        if fr == 0 and len(_FRENCH_LETTERS.findall(lowered)) >= 2:
            return "fr"
    # One English function word and no French one is enough (most short English messages);
    # French needs two, or a clear lead, since "de"/"la" appear in English names and addresses.
    if fr == 0 and en >= 1:
        return "en"
    if (en == 0 and fr >= _CLEAR_MARGIN) or fr >= en + _CLEAR_MARGIN + 1:
        return "fr"
    if en >= fr + _CLEAR_MARGIN + 1:
        return "en"
    if en == fr == 0 and len(tokens) >= _NO_EVIDENCE_WORDS and text.isascii():
        return DEFAULT_LANGUAGE  # French prose of this length always has a function word
    from lingua import Language

    text = text[:_LINGUA_MAX_CHARS]
    if en == fr == 0:
        # No function word either way ("so cute!", "DM sent"): Lingua leans French at ~0.6 on
        # such snippets, so French needs a confident model and English is the default.
        confidence = _lingua().compute_language_confidence(text, Language.FRENCH)
        return "fr" if confidence >= _FRENCH_CONFIDENCE else DEFAULT_LANGUAGE
    found = _lingua().detect_language_of(text)
    if found == Language.FRENCH:
        return "fr"
    if found == Language.ENGLISH:
        return "en"
    return DEFAULT_LANGUAGE
