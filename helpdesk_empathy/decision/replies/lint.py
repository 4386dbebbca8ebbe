"""Phrases a reply must never contain: claimed shared feelings and unilateral promises."""

from __future__ import annotations

import re
import unicodedata

# Claims to share or know the customer's feelings ("listen, don't pretend to feel").
PRETEND_FEELINGS = {
    "en": (
        "i know how you feel",
        "i know exactly how you feel",
        "i know exactly how",
        "i know how frustrating",
        "i know how painful",
        "i understand how you feel",
        "i completely understand how",
        "i totally understand how",
        "i fully understand how",
        "i understand exactly how",
        "i can imagine how you feel",
        "i can only imagine how",
        "i feel your pain",
        "i feel the same",
        "i share your frustration",
        "i share your anger",
        "we share your frustration",
        "i would feel the same",
        "i'd feel the same",
        "i would be frustrated too",
        "i'd be frustrated too",
        "i'd be angry too",
        "i would be angry too",
        "in your shoes",
        "i've been there",
    ),
    "fr": (
        "je sais ce que vous ressentez",
        "je sais exactement ce que vous ressentez",
        "je comprends ce que vous ressentez",
        "je comprends parfaitement ce que vous ressentez",
        "je comprends tout a fait ce que vous ressentez",
        "je comprends votre frustration",
        "je comprends parfaitement votre frustration",
        "je comprends votre colere",
        "je partage votre frustration",
        "je partage votre colere",
        "nous partageons votre frustration",
        "je ressens la meme chose",
        "a votre place",
        "j'imagine ce que vous ressentez",
        "je serais aussi en colere",
    ),
}

# Commitments an agent has not decided: guarantees, refunds, "never again".
UNILATERAL_PROMISES = {
    "en": (
        "we guarantee",
        "i guarantee",
        "guaranteed",
        "i promise",
        "we promise",
        "rest assured",
        "you will get a refund",
        "you'll get a refund",
        "you will be refunded",
        "you'll be refunded",
        "we will refund",
        "we'll refund",
        "i will refund",
        "i'll refund",
        "full refund",
        "you will be compensated",
        "we will compensate",
        "this will never happen again",
        "won't happen again",
        "will not happen again",
        "will be fixed today",
        "i've escalated",
        "i have escalated",
    ),
    "fr": (
        "nous garantissons",
        "c'est garanti",
        "nous vous dedommagerons",
        "vous serez dedommage",
        "vous serez indemnise",
        "je vous garantis",
        "je vous promets",
        "nous vous promettons",
        "soyez assure",
        "vous serez rembourse",
        "nous allons vous rembourser",
        "nous vous rembourserons",
        "je vais vous rembourser",
        "remboursement integral",
        "cela ne se reproduira plus",
        "ca ne se reproduira plus",
        "ne se reproduira jamais",
        "j'ai escalade",
    ),
}


def _normalise(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces: phrase matching is robust."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped)


def _phrases() -> tuple[tuple[str, str], ...]:
    found = []
    for kind, table in (
        ("pretends to share feelings", PRETEND_FEELINGS),
        ("makes a promise the agent has not decided", UNILATERAL_PROMISES),
    ):
        for phrases in table.values():
            found.extend((kind, _normalise(phrase)) for phrase in phrases)
    return tuple(found)


_ALL = _phrases()
_KIND = {phrase: kind for kind, phrase in _ALL}
# One alternation, longest phrases first; the look-behind keeps matches on word starts.
_PATTERN = re.compile(
    r"(?<![a-z])(?:" + "|".join(re.escape(p) for p in sorted(_KIND, key=len, reverse=True)) + ")"
)


def find_forbidden(text: str) -> list[str]:
    """Return a message per forbidden phrase found in text (any language); empty if clean."""
    haystack = _normalise(text)
    found = dict.fromkeys(match.group(0) for match in _PATTERN.finditer(haystack))
    return [f"{_KIND[phrase]}: {phrase!r}" for phrase in found]
