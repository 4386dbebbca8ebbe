"""Fast phrase matching: each alternative is tried only at words that can start it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from helpdesk_empathy.analysis.literals import start_strings

Entry = tuple[str, float, str | None]
_DIGIT = "#d"  # key for alternatives that start with a digit
_CACHE_LIMIT = 50_000  # distinct 3-character word starts remembered
_LETTERS = re.compile(r"[a-z0-9' -]")
_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789'"  # in `(?<![\w'])`: no word starts here


class PhraseHit(NamedTuple):
    """One support phrase found in the message (a named tuple: several per message)."""

    signal: str | None
    valence: float
    text: str = ""  # the matched words, lower-cased (to read "3rd time" -> 3)
    start: int = 0  # where the match starts in the text given to apply()


class UnindexablePattern(ValueError):
    """An alternative whose first word cannot be worked out; rewrite it to start literally."""


def _walk(pattern: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """Yield (index, depth after it) for each character outside escapes and [classes]."""
    depth, i = 0, start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = pattern.index("]", i + 1) + 1
            continue
        depth += (ch == "(") - (ch == ")")
        yield i, depth
        i += 1


def split_top(pattern: str) -> list[str]:
    """Split a regex on its top-level "|"."""
    parts, start = [], 0
    for i, depth in _walk(pattern):
        if pattern[i] == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def _close(pattern: str, open_at: int) -> int:
    for i, depth in _walk(pattern, open_at):
        if depth == 0:
            return i
    raise UnindexablePattern(pattern)


def first_keys(alt: str) -> set[str]:
    """Literal prefixes, one of which starts any match of `alt` (#d: a digit)."""
    if alt.startswith("\\d"):
        return {_DIGIT}
    if alt.startswith("(?:"):
        end = _close(alt, 0)
        inner, rest = alt[3:end], alt[end + 1 :]
        optional = rest[:1] in ("?", "*")
        if rest[:1] in ("?", "*", "+"):
            rest = rest[1:]
        keys: set[str] = set()
        for option in split_top(inner):
            keys |= first_keys(option + rest)
        if optional:
            keys |= first_keys(rest)
        return keys
    prefix = ""
    for i, ch in enumerate(alt):
        if not _LETTERS.match(ch):
            break
        if alt[i + 1 : i + 2] in ("?", "*", "{"):
            break
        prefix += ch
    if not prefix or prefix[0] in " -":
        raise UnindexablePattern(alt)
    return {prefix}


def trie_pattern(keys: Sequence[str], *, consume: str = "") -> str:
    """A regex matching any of `keys` as a prefix, factored as a trie ("ab|ac" -> "a(?:b|c)").

    `consume`: the characters the match may take; from the first other one on, the rest of
    a key is only looked ahead at ("je suis" -> "je(?= suis)"), so the match ends there.
    """
    trie: dict[str, dict] = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict], consuming: bool) -> str:
        alts = []
        for ch, child in sorted(node.items()):
            if not ch:
                continue
            if consuming and ch not in consume:
                alts.append(f"(?={re.escape(ch)}{emit(child, False)})")
            else:
                alts.append(re.escape(ch) + emit(child, consuming))
        if not alts:
            return ""
        ends_here = "" in node
        body = alts[0] if len(alts) == 1 and not ends_here else "(?:" + "|".join(alts) + ")"
        return body + ("?" if ends_here else "")

    return emit(trie, bool(consume)) or "(?!)"


def _scan_keys(alt: str, keys: set[str]) -> set[str]:
    """Strings one of which starts any match of `alt` at a word: its start strings followed
    through its groups when they all open with a word character, else its literal keys."""
    starts = start_strings(alt)
    if starts and all(start[0] in _WORD_CHARS for start in starts):
        return set(starts)
    return {key for key in keys if key != _DIGIT}


class PhraseMatcher:
    """Leftmost, non-overlapping matches; at one position the earliest entry wins."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = tuple(entries)
        index: dict[str, list[tuple[int, str, int]]] = {}
        literals: set[str] = set()
        scan_keys: set[str] = set()
        for number, (pattern, _, _) in enumerate(self.entries):
            for alt in split_top(pattern):
                groups = re.compile(alt).groups  # its own groups come before its marker group
                keys = first_keys(alt)
                for literal in keys:
                    key = literal if literal == _DIGIT else literal[:3]
                    index.setdefault(key, []).append((number, alt, groups))
                    if literal != _DIGIT:
                        literals.add(literal)
                scan_keys |= _scan_keys(alt, keys)
        self.index = {key: tuple(sorted(v, key=lambda t: t[0])) for key, v in index.items()}
        self._cache: dict[str, tuple[re.Pattern[str], tuple[int, ...]]] = {}
        self._compiled: dict[str, tuple[re.Pattern[str], tuple[int, ...]]] = {}
        # One C-level scan finds the word starts worth trying, instead of a Python loop per word.
        # It looks for each alternative's whole literal start, followed through its groups
        # ("my (?:previous|last) ..." -> "my previous", "my last": not every "my"), so common
        # words are rarely tried, written as a trie so a position costs a few branches.
        # The match takes the key's first word only: no word starts inside a word, so the scan
        # misses no start, and taking the word is cheaper than looking ahead at it.
        scan = trie_pattern(sorted(scan_keys), consume=_WORD_CHARS)
        self._starts = re.compile(rf"(?<![\w'])(?:\d|{scan})")
        # Compile the candidate regexes now, not on the first messages that need them.
        for literal in sorted(literals):
            if len(literal) >= 3:
                self._candidates(literal[:3])

    def _candidates(self, word_start: str) -> tuple[re.Pattern[str], tuple[int, ...]]:
        """One regex trying, in entry order, every alternative that can start with word_start."""
        cached = self._cache.get(word_start)
        if cached is not None:
            return cached
        found: list[tuple[int, str, int]] = []
        for key in (word_start[:1], word_start[:2], word_start[:3]):
            found.extend(self.index.get(key, ()))
        if word_start[:1].isdigit():
            found.extend(self.index.get(_DIGIT, ()))
        found.sort(key=lambda t: t[0])
        # An alternative with several literal starts ("je voudrais|je souhaite") is indexed under
        # each: once in the regex is enough (a second copy matches only where the first did).
        found = list(dict.fromkeys(found))
        # Each alternative ends with an empty marker group: the last group a match closes, so
        # lastindex tells which entry matched. Alternatives that open with the same letters
        # then share them (the regex compiler factors common prefixes out of a branch), and a
        # branch whose first letter differs is skipped without entering it.
        combined = "|".join(rf"{alt}(?!\w)()" for _, alt, _ in found) or "(?!)"
        # Many word starts share one candidate list ("thi", "thr"...): compile each list once.
        result = self._compiled.get(combined)
        if result is None:
            entry_of_group: list[int] = []
            for number, _, groups in found:
                entry_of_group += [-1] * groups + [number]
            result = (re.compile(combined), tuple(entry_of_group))
            self._compiled[combined] = result
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[word_start] = result
        return result

    def apply(self, original: str) -> tuple[list[PhraseHit], str]:
        """Hits (matched case-insensitively) and the text with each hit blanked out."""
        text = original.lower()
        # Keep the capitals for VADER's emphasis rule when lower-casing kept the offsets.
        source = original if len(text) == len(original) else text
        hits: list[PhraseHit] = []
        pieces: list[str] = []
        last = 0
        cached = self._cache.get  # the usual case, without a method call per word start
        for start in self._starts.finditer(text):
            pos = start.start()
            if pos < last:
                continue
            word_start = text[pos : pos + 3]
            combined, numbers = cached(word_start) or self._candidates(word_start)
            match = combined.match(text, pos)
            if match:
                _, valence, signal = self.entries[numbers[match.lastindex - 1]]  # type: ignore[operator]
                hits.append(PhraseHit(signal, valence, match.group(), pos))
                pieces.append(source[last:pos])
                last = match.end()
        if not hits:
            return hits, original
        pieces.append(source[last:])
        return hits, " ".join(pieces)
