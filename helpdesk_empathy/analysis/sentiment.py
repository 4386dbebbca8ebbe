"""Support-aware sentiment: VADER plus domain phrases (EN), a VADER-style French scorer (FR)."""

from __future__ import annotations

import math
import re
import threading
from typing import NamedTuple

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer, normalize

from helpdesk_empathy.analysis import discourse, lexicon_en, lexicon_fr
from helpdesk_empathy.analysis.evidence import MAX_WORDS, strongest
from helpdesk_empathy.analysis.french import FrenchAnalyzer
from helpdesk_empathy.analysis.phrases import PhraseHit, PhraseMatcher
from helpdesk_empathy.analysis.social import SocialCleaner
from helpdesk_empathy.analysis.text import fold, normalise_quotes
from helpdesk_empathy.analysis.vader_fast import EnglishAnalyzer, compound_of

ALPHA = 15.0  # VADER's normalisation constant: compound = s / sqrt(s^2 + ALPHA)
_MAX_COMPOUND = 0.9999  # VADER rounds to 4 decimals; keeps the inverse finite


class Sentiment(NamedTuple):
    """The adjusted compound and the phrases that moved it (a named tuple: one per message)."""

    compound: float
    hits: tuple[PhraseHit, ...]
    words: tuple[str, ...] = ()  # the strongest single words that moved the score, in order
    emojis: tuple[str, ...] = ()  # emojis with a valence, in order
    view: str = ""  # the text as the phrases were matched (lower-cased, folded for French)


def raw_from_compound(compound: float) -> float:
    """Invert VADER's normalisation to recover the summed valence."""
    c = max(-_MAX_COMPOUND, min(_MAX_COMPOUND, compound))
    return c * math.sqrt(ALPHA / (1.0 - c * c))


_lock = threading.Lock()
_state: dict[str, object] = {}


class _Scorers(NamedTuple):
    """What scoring loads once per process."""

    english: EnglishAnalyzer  # with the support register's word senses
    general: EnglishAnalyzer  # plain VADER, for text not about a purchase or service
    french: FrenchAnalyzer
    match_en: PhraseMatcher
    match_fr: PhraseMatcher
    social: SocialCleaner


_loaded: _Scorers | None = None


def _scorers() -> _Scorers:
    """Load VADER and the matchers once per process (thread-safe, lazy)."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                english = EnglishAnalyzer()
                general = EnglishAnalyzer()
                english.lexicon.update(lexicon_en.VADER_OVERRIDES)
                _loaded = _Scorers(
                    english,
                    general,
                    FrenchAnalyzer(english.emojis, english.lexicon),
                    PhraseMatcher(lexicon_en.PHRASES),
                    PhraseMatcher(lexicon_fr.PHRASES),
                    SocialCleaner(english.lexicon.keys()),
                )
    return _loaded


def _analyzers() -> tuple[EnglishAnalyzer, FrenchAnalyzer, PhraseMatcher, PhraseMatcher]:
    """The English and French scorers and phrase matchers."""
    loaded = _loaded or _scorers()
    return loaded.english, loaded.french, loaded.match_en, loaded.match_fr


def clean_social(text: str) -> str:
    """The message without @handles and links, #hashtags split into words."""
    return (_loaded or _scorers()).social.clean(text)


def score(text: str, language: str) -> Sentiment:
    """Adjusted compound in [-1, 1] for a cleaned message in "en" or "fr"."""
    loaded = _loaded or _scorers()
    french = loaded.french
    if language == "fr":
        # Phrases are matched on folded text, so French loses VADER's caps boost; the
        # shouting signal still sees the capitals (it reads the original text).
        matched = fold(normalise_quotes(text))
        company = discourse.to_company(matched, language)
        hits, rest = loaded.match_fr.apply(matched)
        base, words, valences = french.scored_words(rest)
    else:
        quoted = normalise_quotes(text)
        matched = quoted.lower()
        company = discourse.to_company(matched, language)
        hits, rest = loaded.match_en.apply(quoted)
        # The support register's word senses ("please", "hope", "excuse") only in support text.
        scorer = loaded.english if company else loaded.general
        base, words, valences = scorer.scored_words(rest)  # type: ignore[attr-defined]
        if base and rest.isascii() and has_name_pair(rest):
            # Capitals on neighbouring words mark a name ("Is Killer Queen on the setlist?",
            # "Arrested Development is on sale"), whose negative words carry no opinion. Outside
            # a question, praise in capitals is as often the writer's own emphasis ("Best New
            # Manga of 2011"), so only the negative words of a name are set aside there.
            named = names_neutralised(rest.split(), words, valences)
            if named is not None and "?" not in rest:
                named = [v if v > 0 else n for n, v in zip(named, valences, strict=True)]
            if named is not None:
                valences = named
                base = compound_of(valences, rest)
        # Only delay words can be a status ("is it delayed?"); a fault, an insult or a
        # complaint phrase ("is anyone reading these?") is not. (The question test is cheap
        # for the usual message that is none, so it comes first.)
        if (
            company
            and base > STATUS_QUESTION_FLOOR
            and is_status_question(text)
            and all(
                h.signal in ("delay", "confusion") or not h.signal and h.valence > COMPLAINT_PHRASE
                for h in hits
            )
        ):
            # "Is flight 123 delayed?" asks about a status; it reports no problem of the
            # customer's own, so its delay or cancellation words are not a complaint.
            kept = tuple(strongest(words, valences, MAX_WORDS)) if base > 0 else ()
            return Sentiment(round(max(base, 0.0), 4), (), kept, (), matched)
    hit_valences = [h.valence for h in hits]
    reading = None
    if hits or base < 0:
        reading = discourse.read(matched, language, hits, valences, company=company)
    if reading is not None:
        valences, hit_valences = list(reading.words), list(reading.hits)
        base = compound_of(valences, rest)
        if reading.blameless:  # nobody is blamed: the problem words fire no signals
            hits = [h for h in hits if h.signal not in discourse.PROBLEM_SIGNALS]
    compound = base
    if hit_valences:
        compound = normalize(raw_from_compound(base) + sum(hit_valences))
    moved = tuple(strongest(words, valences, MAX_WORDS))
    emojis: tuple[str, ...] = ()
    if not matched.isascii():  # every emoji is non-ASCII and stays so in `matched`
        found = french.emojis_in(text)
        emojis = tuple(ch for ch in found if french.emoji_valence(ch))[:MAX_WORDS]
    return Sentiment(round(max(-1.0, min(1.0, compound)), 4), tuple(hits), moved, emojis, matched)


# Title-case words that open wishes, not names ("Happy Birthday", "Merry Christmas").
_GREETINGS = frozenset(("happy", "merry", "thank", "thanks", "congratulations", "welcome"))


def _title(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


# A capital opening two neighbouring capitalised words. The scan starts at a capital, so the
# regex engine skips straight from one to the next (the classes never overlap: linear).
_CAPITAL_PAIR = re.compile(r"[A-Z](?=[^\sA-Z]+\s+[A-Z][^\sA-Z])")


def has_name_pair(text: str) -> bool:
    """Two neighbouring capitalised words after a word that ends no sentence: without them,
    names_neutralised finds no name (a cheap test first)."""
    for found in _CAPITAL_PAIR.finditer(text):
        i = found.start() - 1
        if i < 0 or not text[i].isspace():
            continue
        while i >= 0 and text[i].isspace():  # back over this pair's own leading space only
            i -= 1
        if i >= 0 and text[i] not in '.!?:"':
            return True
    return False


def names_neutralised(
    tokens: list[str], words: list[str], valences: list[float]
) -> list[float] | None:
    """Valences with the words of multi-word names zeroed ("Dead Sea", "Killer Queen",
    "Happy Meal"): inside a sentence, capitals on two neighbouring words mark a name, whose
    words carry no opinion. None when nothing changes (or the message is in title case)."""
    if len(tokens) != len(words) or len(words) < 3:
        return None
    titled = [_title(w) for w in words]
    if sum(titled) * 2 > len(words):
        return None  # "Great Service And Fast Delivery": capitals for style, not names
    starts = [i == 0 or tokens[i - 1][-1] in '.!?:"' for i in range(len(words))]
    name = [titled[i] and not starts[i] and words[i] != "I" for i in range(len(words))]
    greeting = _GREETINGS
    changed = None
    for i, valence in enumerate(valences):
        if not valence or not titled[i] or words[i].lower() in greeting:
            continue
        before = i > 0 and name[i - 1]
        after = i + 1 < len(words) and name[i + 1]
        if name[i] and (before or after):
            changed = changed or list(valences)
            changed[i] = 0.0
    return changed


# A status question milder than this is neutral; anything stronger is a complaint anyway.
STATUS_QUESTION_FLOOR = -0.3
COMPLAINT_PHRASE = discourse.COMPLAINT_PHRASE
# "Why...?", "...again?", "still...?": questions that complain.
_COMPLAINING = re.compile(r"^\s*why\b|\b(?:again|still|even|ever|seriously|really)\b")
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|i'd|i'll|me|my|mine|we|we're|we've|us|our|ours)\b")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s+|$)")


def is_status_question(text: str) -> bool:
    """Only questions, and none about the writer's own situation (no I/my/we/our)."""
    stripped = text.strip()
    if not stripped.endswith("?") or "!" in stripped:
        return False
    sentences = [s for s in _SENTENCE_END.split(stripped) if s.strip()]
    ends = _SENTENCE_END.findall(stripped)
    if len(ends) != len(sentences) or any("?" not in end for end in ends):
        return False
    lowered = stripped.lower().replace("’", "'")
    return not _FIRST_PERSON.search(lowered) and not _COMPLAINING.search(lowered)


def plain_vader(text: str) -> float:
    """Unmodified VADER compound (for benchmarks): a fresh analyzer without our overrides."""
    if "plain" not in _state:
        with _lock:
            _state.setdefault("plain", SentimentIntensityAnalyzer())
    return _state["plain"].polarity_scores(text)["compound"]  # type: ignore[attr-defined]


__all__ = ["PhraseHit", "Sentiment", "clean_social", "plain_vader", "raw_from_compound", "score"]
