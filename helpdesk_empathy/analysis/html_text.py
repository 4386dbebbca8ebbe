"""HTML message bodies to plain text for scoring: pure, standard library only, linear time.

The standard library's HTMLParser re-scans unfinished tags and is quadratic on bodies such as
"<a " repeated (a 256 KiB body pinned a worker for minutes). Here two C-level passes do the
work: one removes markup without visible text, one splits out the tags. Every unbounded
repeat is possessive (nothing backtracks) and a tag attempt never reads past the next "<".
"""

from __future__ import annotations

import html
import re

# Elements that end a line of text.
_BLOCKS = frozenset(
    ["p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "ul", "ol"]
)
# Elements whose content is never the customer's words now: code, styles, quoted history.
_SKIPPED = frozenset(["script", "style", "head", "title", "blockquote"])

# Used to decide whether a plain-text body is HTML after all.
_TAG = re.compile(r"<\s*+/?\s*+[a-zA-Z][a-zA-Z0-9]*+(?:[\s/][^<>]*+)?>")
# Markup that holds no visible text, removed in one pass: comments, script and style elements
# with their content, doctypes and processing instructions. Every branch ends at its closing
# mark or at the end of the text, so the scan resumes after it and never re-reads.
_NON_TEXT = re.compile(
    r"""<!--(?:[^-]++|-(?!->))*+(?:-->|\Z)
      | <(script|style)(?![a-zA-Z0-9])(?:[^<]++|<(?!/\1(?![a-zA-Z0-9])))*+(?:</\1[^<>]*+>?|\Z)
      | <[!?][^<>]*+>?
      | </(?![a-zA-Z])[^<>]*+>?
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A start or end tag, split out as (close mark, name). A quoted attribute value may hold ">"
# but stops at "<", so an unclosed quote cannot make one attempt read past the next tag.
_TAG_SPLIT = re.compile(
    r"""<(/?)([a-zA-Z][a-zA-Z0-9]*+)(?:[^<>"']++|"[^"<]*+"|'[^'<]*+'|["'])*+>?"""
)
# Visible text kept before entities are decoded (callers keep 20,000 characters at most):
# decoding costs a Python call per "&", so a body of "&a" repeated is cut first.
MAX_VISIBLE_CHARS = 50_000
_SPACES = re.compile(r"[^\S\n]++")
_BLANK_LINES = re.compile(r"\n{3,}+")


def looks_like_html(text: str) -> bool:
    return "<" in text and bool(_TAG.search(text))


def _visible_parts(markup: str) -> list[str]:
    """Text pieces and "\\n" at block ends, skipped elements (quoted history) left out."""
    pieces = _TAG_SPLIT.split(_NON_TEXT.sub("", markup))
    parts = [pieces[0]]
    skipping = 0
    for index in range(1, len(pieces), 3):
        name = pieces[index + 1].lower()
        if name in _BLOCKS:
            parts.append("\n")
        elif name in _SKIPPED:
            skipping = max(0, skipping - 1) if pieces[index] else skipping + 1
        if not skipping:
            parts.append(pieces[index + 2])
    return parts


def html_to_text(markup: str) -> str:
    """Visible text with line breaks at block ends; quoted history (blockquote) dropped."""
    text = html.unescape("".join(_visible_parts(markup))[:MAX_VISIBLE_CHARS])
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def message_text(body: str, content_type: str | None = None) -> str:
    """Plain text from a body that is HTML when declared so, or when it plainly contains tags."""
    is_html = (content_type or "").lower().startswith("text/html") or looks_like_html(body)
    return html_to_text(body) if is_html else body.strip()
