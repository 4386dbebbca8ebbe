"""Literal gates: strings without which a regex cannot match, checked first by one fast scan.

A regex of many alternatives that each open with a word boundary ("\\b(?:i|we) (?:forgot|
broke)...") is tried at every position of the message, which costs microseconds even when it
rarely matches. Each of its matches contains one of a few plain strings ("forgot", "broke"),
worked out here from the parsed pattern; a text holding none of them cannot match, so the
regex itself runs only on the few texts that do. Results are exactly the regex's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from helpdesk_empathy.analysis.literals import required_strings
from helpdesk_empathy.analysis.phrases import trie_pattern


class GatedPattern:
    """A compiled regex that first checks, in one scan, for a string every match contains."""

    def __init__(self, pattern: str) -> None:
        self.regex = re.compile(pattern)
        self.pattern = pattern
        required = required_strings(pattern)
        self.gate = None
        if required:  # as a trie: a position costs a few branches, not one per string
            self.gate = re.compile(trie_pattern(sorted(required)))

    def search(self, text: str) -> re.Match[str] | None:
        if self.gate is not None and self.gate.search(text) is None:
            return None
        return self.regex.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.gate is not None and self.gate.search(text) is None:
            return iter(())
        return self.regex.finditer(text)


__all__ = ["GatedPattern"]
