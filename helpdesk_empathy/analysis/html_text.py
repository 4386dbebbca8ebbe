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
# What follows a tag's name: attributes up to ">". A quoted value may hold ">" but stops at
# "<", so an unclosed quote cannot make one attempt read past the next tag.
_TAG_REST = r"""(?![a-zA-Z0-9])(?:[^<>"']++|"[^"<]*+"|'[^'<]*+'|["'])*+>?"""
_SKIPPED_TAG = re.compile(rf"<(/?)(?:{'|'.join(sorted(_SKIPPED))}){_TAG_REST}", re.IGNORECASE)
_BLOCK_TAG = re.compile(rf"</?(?:{'|'.join(sorted(_BLOCKS))}){_TAG_REST}", re.IGNORECASE)
_ANY_TAG = re.compile(rf"</?[a-zA-Z][a-zA-Z0-9]*+{_TAG_REST}")
# Visible text kept before entities are decoded (callers keep 20,000 characters at most):
# decoding costs a Python call per "&", so a body of "&a" repeated is cut first.
MAX_VISIBLE_CHARS = 50_000
_SPACES = re.compile(r"[^\S\n]++")
_BLANK_LINES = re.compile(r"\n{3,}+")
_LINE_ENDS = re.compile(r" ?\n ?")


def looks_like_html(text: str) -> bool:
    return "<" in text and bool(_TAG.search(text))


def _visible_text(markup: str) -> str:
    """The text, "\\n" at block ends, skipped elements (quoted history) left out.

    Each step is one C-level pass; only skipped elements (blockquote...), which nest, are
    walked in Python, one step per such tag."""
    pieces = _SKIPPED_TAG.split(_NON_TEXT.sub("", markup))  # [text, "/" or "", text, ...]
    kept = [pieces[0]]
    skipping = 0
    for index in range(1, len(pieces), 2):
        skipping = max(0, skipping - 1) if pieces[index] else skipping + 1
        if not skipping:
            kept.append(pieces[index + 1])
    return _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", "".join(kept)))


def html_to_text(markup: str) -> str:
    """Visible text with line breaks at block ends; quoted history (blockquote) dropped."""
    text = html.unescape(_visible_text(markup)[:MAX_VISIBLE_CHARS])
    # Whole-text passes, not a loop per line: one space per run, none at a line's ends.
    text = _LINE_ENDS.sub("\n", _SPACES.sub(" ", text))
    return _BLANK_LINES.sub("\n\n", text).strip()


def message_text(body: str, content_type: str | None = None) -> str:
    """Plain text from a body that is HTML when declared so, or when it plainly contains tags."""
    is_html = (content_type or "").lower().startswith("text/html") or looks_like_html(body)
    return html_to_text(body) if is_html else body.strip()
