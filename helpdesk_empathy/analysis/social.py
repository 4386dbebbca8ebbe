"""Social-media clean-up before scoring: drop @handles and links, split #hashtags into words."""

from __future__ import annotations

import re
from collections.abc import Collection

# "@SkyJetAir" at a word start (not the "@" inside an e-mail address), or a link. Written to
# start with a character class so the regex engine skips ahead instead of trying every position.
_NOISE = re.compile(
    r"[@hHwW](?:(?<=@)(?<![\w.]@)\w{1,30}"
    r"|(?<=[hH])(?<!\w[hH])[Tt][Tt][Pp][Ss]?://\S+"
    r"|(?<=[wW])(?<!\w[wW])[Ww]{2}\.\S+)"
)
_SPACES = re.compile(r"[ \t]{2,}")
_HASHTAG = re.compile(r"(?<![\w&])#([^\W\d_][\w]{1,60})")
_CAMEL = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_MAX_PARTS = 4
_CACHE_LIMIT = 20_000


def _word_list(spec: str) -> list[str]:
    return spec.split()


# Words frequent in support hashtags that VADER's lexicon lacks (it has "fail", "worst"...).
COMMON_WORDS = frozenset(
    _word_list(
        """
    a an the my your our you we i me it this that is are was be been not no never ever again
    more any all one two day days time hour hours still on off in at to of for with from
    customer customers service services support help desk care team staff flight flights air
    airline airlines plane travel trip bag bags luggage baggage delay delayed cancel cancelled
    late wait waiting hold phone call calls line queue refund money bill billing charge fees
    order orders delivery delivered parcel package shipping store shop app website web online
    internet wifi signal network broadband phone mobile data outage down broken lost missing
    customer service fly flying book booking seat seats gate crew pilot thanks thank you
    again ever more less how why what who where when bad good worst best epic major total
    stuck stranded rip off scam joke nightmare experience back home work office update news
    """
    )
)


def _segment(word: str, vocabulary: Collection[str]) -> list[str] | None:
    """Fewest-parts split of a lower-case run into known words (None if there is none)."""
    n = len(word)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(max(0, end - 20), end):
            prefix = best[start]
            if prefix is None or len(prefix) >= _MAX_PARTS:
                continue
            piece = word[start:end]
            if (len(piece) > 1 or piece in ("a", "i")) and piece in vocabulary:
                candidate = [*prefix, piece]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[n]


class SocialCleaner:
    """Removes handles and links; "#NeverAgain" / "#neveragain" -> "never again"."""

    def __init__(self, vocabulary: Collection[str]) -> None:
        self.vocabulary = frozenset(vocabulary) | COMMON_WORDS
        self._cache: dict[str, str] = {}

    def hashtag_words(self, tag: str) -> str:
        """The words of one hashtag body (without "#"); the tag itself if it cannot split."""
        cached = self._cache.get(tag)
        if cached is not None:
            return cached
        lowered = tag.lower()
        if lowered in self.vocabulary:
            words = tag
        elif not tag.islower() and not tag.isupper():
            # #CustomerServiceFail; Title-case parts lowered, so no part reads as a name.
            words = " ".join(p if p.isupper() else p.lower() for p in _CAMEL.findall(tag))
        else:
            parts = _segment(lowered, self.vocabulary)
            words = " ".join(parts) if parts else tag
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[tag] = words
        return words

    def clean(self, text: str) -> str:
        """The message without @handles and links, hashtags read as words."""
        if "@" not in text and "#" not in text and "http" not in text and "www." not in text:
            return text  # the common case: an e-mail or chat message
        text, removed = _NOISE.subn("", text)
        if removed:
            text = (_SPACES.sub(" ", text) if "  " in text else text).strip()
        if "#" in text:
            text = _HASHTAG.sub(lambda m: self.hashtag_words(m.group(1)), text)
        return text


__all__ = ["COMMON_WORDS", "SocialCleaner"]
