"""HTML message bodies to plain text for scoring: pure, standard library only."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements that end a line of text.
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "table",
    "ul",
    "ol",
}
# Elements whose content is never the customer's words now: code, styles, quoted history.
_SKIPPED = {"script", "style", "head", "title", "blockquote"}
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?\s*>")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def html_to_text(markup: str) -> str:
    """Visible text with line breaks at block ends; quoted history (blockquote) dropped."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    lines = [
        re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(collector.parts).split("\n")
    ]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def message_text(body: str, content_type: str | None = None) -> str:
    """Plain text from a body that is HTML when declared so, or when it plainly contains tags."""
    is_html = (content_type or "").lower().startswith("text/html") or looks_like_html(body)
    return html_to_text(body) if is_html else body.strip()
