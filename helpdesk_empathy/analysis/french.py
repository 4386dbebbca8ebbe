"""VADER-style scorer for French: folded words, elisions, French negation, boosters, "mais"."""

from __future__ import annotations

import re
from itertools import compress, repeat

from vaderSentiment.vaderSentiment import C_INCR, N_SCALAR

from helpdesk_empathy.analysis import lexicon_fr
from helpdesk_empathy.analysis.lexicon_fr_words import ENGLISH_LOANWORDS, WORDS
from helpdesk_empathy.analysis.text import fold
from helpdesk_empathy.analysis.vader_fast import compound_of

_SUFFIXES = (
    ("s", ""), ("x", ""), ("e", ""), ("es", ""), ("ee", "e"), ("ees", "e"),
    ("aux", "al"), ("euse", "eux"), ("euses", "eux"), ("ive", "if"), ("ives", "if"),
    ("ait", "e"), ("ais", "e"), ("ent", "e"), ("er", "e"), ("ment", ""),
)  # fmt: skip
_DISTANCE_WEIGHT = (1.0, 0.95, 0.9)
# Emoticons, whole tokens: VADER's lexicon has their valences, our French tokenizer skips them.
_EMOTICON = re.compile(r"(?<!\S)(?:[:;=8][-']?[()DdPp3\]\[/|*oO]|<3|:'\()(?!\S)")
# "peu intéressant", "moins réussi": not a dampener but a negation (unlike "un peu", "au moins").
_NEGATING_DEGREE = {"peu": ("un", "tres", "si"), "moins": ("au", "du", "le", "la", "les")}
TROP_ALONE = -0.8  # "trop court", "trop de descriptions": excess is a complaint
# A letter written three or more times ("nuuul"): bounded, linear (one class, one repeat).
_ELONGATED = re.compile(r"([a-z])\1{2,}")
# Words remembered by lookup(): customers write any word, so the cache starts over when full.
CACHE_LIMIT = 20_000
_MISSING = object()
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_NOT_ALNUM_TO_SPACE = [chr(c) if chr(c) in _ALNUM else " " for c in range(128)]


def strip_accents(text: str) -> str:
    """Remove accents but keep case (caps emphasis is still visible)."""
    folded = fold(text)
    if text.islower():
        return folded
    return "".join(f.upper() if o.isupper() else f for o, f in zip(text, folded, strict=False))


SUPER_ALONE = 2.0  # "super service", "super !": praise; "super rapide" only boosts


def _super_alone(lowered: list[str], values: list, sentiments: list[float]) -> None:
    """ "super" before a neutral word (a noun) or alone is praise; "pas super" is not."""
    for i, word in enumerate(lowered):
        if word != "super" or (i + 1 < len(lowered) and values[i + 1]):
            continue
        negated = i > 0 and lowered[i - 1] in lexicon_fr.NEGATIONS
        sentiments[i] = SUPER_ALONE * (N_SCALAR if negated else 1.0)


_CONTRAST = frozenset(("mais", "pourtant", "cependant", "neanmoins", "toutefois"))
_VERDICT_WORDS = frozenset(("bref", "finalement", "conclusion", "resume", "somme", "final"))
_VERDICT_PAIRS = {("en", "conclusion"), ("en", "resume"), ("en", "somme"), ("au", "final")}


def _verdict_start(lowered: list[str]) -> int:
    """Index after the last "bref", "finalement", "en résumé", "au final"... (0: none)."""
    if _VERDICT_WORDS.isdisjoint(lowered):
        return 0
    for i in range(len(lowered) - 1, 0, -1):
        word = lowered[i]
        if word in ("bref", "finalement") or (lowered[i - 1], word) in _VERDICT_PAIRS:
            return i + 1
    return 1 if lowered[0] in ("bref", "finalement") else 0


# "J'avais adoré le premier", "il nous avait habitués à mieux": praise of what came before
# (another book, an earlier visit) sets up a disappointment more often than it praises this one.
_PLUPERFECT = frozenset(("avais", "avait", "avions", "aviez", "avaient"))
EARLIER_PRAISE_WEIGHT = 0.3


def _earlier_praise(lowered: list[str], sentiments: list[float]) -> None:
    """Scale down praise within three words after a pluperfect auxiliary."""
    for i, word in enumerate(lowered):
        if word in _PLUPERFECT:
            for j in range(i + 1, min(i + 4, len(lowered))):
                if sentiments[j] > 0:
                    sentiments[j] *= EARLIER_PRAISE_WEIGHT


def _du_tout(tokens: list[str], lowered: list[str]) -> tuple[list[str], list[str]]:
    """ "pas du tout content" reads as "pas content" (the negation within reach of its word),
    and spoken "je n'ai du tout aimé", without "pas", as "je n'ai pas aimé"."""
    keep_tokens, keep_lowered = list(tokens), list(lowered)
    for i in range(len(lowered) - 1, 0, -1):
        if lowered[i] != "tout" or lowered[i - 1] != "du":
            continue
        before = lowered[max(0, i - 5) : i - 1]
        if any(word in lexicon_fr.NEGATIONS or word == "plus" for word in before[-3:]):
            del keep_tokens[i - 1 : i + 1], keep_lowered[i - 1 : i + 1]
        elif "ne" in before:
            keep_tokens[i - 1 : i + 1] = ["pas"]
            keep_lowered[i - 1 : i + 1] = ["pas"]
    if tokens is lowered:
        return keep_lowered, keep_lowered
    return keep_tokens, keep_lowered


# Module constants, not class attributes: a class compiled by mypyc hides its own (setup.py).
_FRENCH_TOKEN = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z]+)*")
# "l'", "qu'", "jusqu'"... -> "le ", "que ", "jusque ": only the apostrophe is replaced.
# Starting at the apostrophe lets the regex engine skip straight to each one, and a
# literal replacement needs no per-match template expansion (ten times faster).
_ELISION = re.compile(
    r"'(?:(?<=\b[ldjnmtsc]')|(?<=\bqu')|(?<=\bjusqu')|(?<=\blorsqu')|(?<=\bpuisqu'))",
    re.IGNORECASE,
)


class FrenchAnalyzer:
    """VADER's scoring rules with a French lexicon, French negation, boosters and "mais"."""

    def __init__(self, emojis: dict[str, str], english_lexicon: dict[str, float]) -> None:
        # The English emoji table is reused: an emoji's valence = its description's words.
        self.lexicon = dict(WORDS)
        self.lexicon.update(
            (word, english_lexicon[word])
            for word in ENGLISH_LOANWORDS
            if word in english_lexicon and word not in self.lexicon
        )
        self.emojis = emojis
        self.emoji_chars = frozenset(ch for ch in emojis if len(ch) == 1)
        self._english_lexicon = english_lexicon
        self._cache: dict[str, float | None] = {word: None for word in lexicon_fr.BOOSTERS}
        self._emoji_cache: dict[str, float] = {}

    def lookup(self, word: str) -> float | None:
        """Lexicon value of a folded word, trying common inflections (déçues -> déçu)."""
        cached = self._cache.get(word, _MISSING)
        if cached is not _MISSING:
            return cached  # type: ignore[return-value]
        value = self.lexicon.get(word)
        if value is None and len(word) > 4:
            for suffix, repl in _SUFFIXES:
                if word.endswith(suffix):
                    stem = word[: len(word) - len(suffix)] + repl
                    value = self.lexicon.get(stem)
                    if value is None and suffix == "ment" and len(stem) > 4:
                        value = self.lookup(stem)  # merveilleusement -> merveilleuse -> -eux
                    if value is not None:
                        break
        if value is None and _ELONGATED.search(word):
            # "nuuul", "géniaaal", "merciii": a letter drawn out for emphasis; once, then twice.
            value = self.lookup(_ELONGATED.sub(r"\1", word))
            if value is None:
                value = self.lookup(_ELONGATED.sub(r"\1\1", word))
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()
            self._cache.update(dict.fromkeys(lexicon_fr.BOOSTERS))
        self._cache[word] = value
        return value

    def emojis_in(self, text: str) -> list[str]:
        """The emojis of text, in order (a C-level set test first: most text has none)."""
        if self.emoji_chars.isdisjoint(text):
            return []
        return [ch for ch in text if ch in self.emoji_chars]

    def emoji_valence(self, char: str) -> float:
        """Valence of an emoji from the words of its English description (VADER's own table)."""
        if char not in self._emoji_cache:
            words = self.emojis[char].split()
            total = sum(self._english_lexicon.get(word, 0.0) for word in words)
            self._emoji_cache[char] = max(-3.0, min(3.0, total))
        return self._emoji_cache[char]

    def _tokens(self, text: str) -> tuple[list[str], list[str]]:
        """(tokens as written, lower-cased tokens), accents folded and elisions split."""
        plain = text if text.isascii() and text.islower() else strip_accents(text)
        if "'" in plain:
            plain = _ELISION.sub("e ", plain)
        if "-" not in plain and plain.isascii():
            # No hyphenated word: the tokens are the runs of letters and digits, cut by one
            # C-level translate (every other character to a space) and a split.
            tokens = plain.translate(_NOT_ALNUM_TO_SPACE).split()
        else:
            tokens = _FRENCH_TOKEN.findall(plain)
        if plain.islower():
            return tokens, tokens
        return tokens, [token.lower() for token in tokens]

    def word_valences(self, text: str) -> list[float]:
        """VADER's per-word valences for French text."""
        return self.scored_tokens(text)[1]

    def scored_tokens(self, text: str) -> tuple[list[str], list[float]]:
        """(lower-cased, accent-folded tokens, each token's final valence)."""
        tokens, lowered = self._tokens(text)
        if "tout" in lowered:
            tokens, lowered = _du_tout(tokens, lowered)
        values = list(map(self._cache.get, lowered, repeat(_MISSING)))  # C-level look-ups
        if _MISSING in values:  # a word not seen yet (a C-level scan first)
            for i, value in enumerate(values):
                if value is _MISSING:
                    values[i] = self.lookup(lowered[i])
        sentiments = [0.0] * len(lowered)
        if "trop" in lowered:
            self._excess(lowered, values, sentiments)
        if "super" in lowered:
            _super_alone(lowered, values, sentiments)
        if not any(values):
            return lowered, sentiments
        cap_diff = False
        if tokens is not lowered:
            upper = sum(1 for token in tokens if len(token) > 1 and token.isupper())
            cap_diff = 0 < upper < len(tokens)
        for i in compress(range(len(values)), values):  # the words with a valence
            sentiments[i] = self._modified(values[i], i, tokens, lowered, cap_diff)  # type: ignore[arg-type]
        if not _PLUPERFECT.isdisjoint(lowered):
            _earlier_praise(lowered, sentiments)
        verdict = _verdict_start(lowered)
        if verdict:  # "bref, ...", "au final, ...": the verdict weighs more than the story
            sentiments = [v * 0.75 for v in sentiments[:verdict]] + [
                v * 1.5 for v in sentiments[verdict:]
            ]
        if not _CONTRAST.isdisjoint(lowered):
            # The clause after "mais" (or "pourtant", "cependant"...) dominates, as with
            # VADER's "but"; the first one pivots, as in VADER.
            pivot = next(i for i, word in enumerate(lowered) if word in _CONTRAST)
            sentiments = [v * 0.5 for v in sentiments[:pivot]] + [
                v * 1.5 for v in sentiments[pivot:]
            ]
        return lowered, sentiments

    @staticmethod
    def _excess(lowered: list[str], values: list, sentiments: list[float]) -> None:
        """ "trop" before a neutral word or "de" is itself negative; before a lexicon word it
        only boosts it ("trop bien", "trop lent"); "pas trop" is left alone, and so is the
        spoken "trop" after an opinion verb ("j'adore trop", "je kiffe trop ce film")."""
        for i, word in enumerate(lowered):
            if word != "trop" or (i > 0 and lowered[i - 1] in ("pas", "ne", "sans")):
                continue
            following = values[i + 1] if i + 1 < len(lowered) else None
            if following:
                continue  # "trop lent", "trop bien": a booster of its word
            if i + 1 < len(lowered) and lowered[i + 1] in lexicon_fr.DETERMINERS_AND_PRONOUNS:
                continue  # "je kiffe trop ce film": spoken "trop" intensifies the verb
            before = lowered[i - 1] if i > 0 else ""
            if before and values[i - 1] and before != "bien" and before not in lexicon_fr.BOOSTERS:
                continue  # "j'adore trop": the verb before carries the opinion ("bien trop": no)
            sentiments[i] = TROP_ALONE

    def _modified(
        self, value: float, i: int, tokens: list[str], lowered: list[str], cap_diff: bool
    ) -> float:
        """One word's valence after caps, boosters and negation within three words before."""
        if cap_diff and tokens[i].isupper():
            value += C_INCR if value > 0 else -C_INCR
        negated = False
        for distance in (1, 2, 3):
            if i < distance:
                break
            before = lowered[i - distance]
            if (
                distance == 1
                and before in _NEGATING_DEGREE
                and (i < 2 or lowered[i - 2] not in _NEGATING_DEGREE[before])
            ):
                negated = True
                continue
            boost = lexicon_fr.BOOSTERS.get(before)
            if boost:
                scalar = boost if value > 0 else -boost
                value += scalar * _DISTANCE_WEIGHT[distance - 1]
            if before in lexicon_fr.NEGATIONS or (
                before in lexicon_fr.WEAK_NEGATIONS and "ne" in lowered[max(0, i - 5) : i]
            ):
                negated = True
        # "je n'aime pas": the negation word follows the verb.
        if not negated and "ne" in lowered[max(0, i - 2) : i]:
            after = lowered[i + 1 : i + 3]
            negated = any(w in lexicon_fr.NEGATIONS or w == "plus" for w in after)
        if negated:
            value *= N_SCALAR
        return value

    def compound(self, text: str) -> float:
        """VADER's compound for French text: word valences, emojis, punctuation emphasis."""
        return self.scored_words(text)[0]

    def emoticons_in(self, text: str) -> list[float]:
        """Valences of ASCII emoticons (":)", ";-)", ":(", "<3"), read as VADER reads them."""
        if ":" not in text and ";" not in text and "<3" not in text and "=" not in text:
            return []
        lexicon = self._english_lexicon
        found = [lexicon.get(m, lexicon.get(m.upper())) for m in _EMOTICON.findall(text)]
        return [value for value in found if value]

    def scored_words(self, text: str) -> tuple[float, list[str], list[float]]:
        """(compound, folded tokens, each token's valence then each emoji's)."""
        tokens, sentiments = self.scored_tokens(text)
        sentiments += self.emoticons_in(text)
        if not text.isascii():
            sentiments += [self.emoji_valence(ch) for ch in self.emojis_in(text)]
        return compound_of(sentiments, text), tokens, sentiments


__all__ = ["FrenchAnalyzer", "strip_accents"]
