"""Hostile text and HTML: every clean-up pattern is linear by construction, and the attack
inputs from the audit (up to the body size limit) finish far inside a generous bound."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

import pytest

from helpdesk_empathy.analysis import html_text, text
from helpdesk_empathy.analysis.html_text import html_to_text, looks_like_html, message_text
from helpdesk_empathy.analysis.text import latest_message, latest_message_start

BODY_LIMIT = 256 * 1024  # Settings.max_body_bytes: no body the receiver reads is longer
# Generous: the quadratic versions took 0.3-31 s on these inputs, the linear ones ~10 ms.
BOUND_SECONDS = 1.0


def _unbounded_backtracking_repeats(pattern: re.Pattern[str]) -> list[str]:
    """Greedy or lazy repeats without an upper bound: the only way these patterns backtrack."""
    found: list[str] = []

    def walk(items) -> None:
        for op, av in items:
            if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
                low, high, body = av
                if high == sre_constants.MAXREPEAT:
                    found.append(f"{op} {low}.. in {pattern.pattern!r}")
                walk(body)
            elif op == sre_constants.POSSESSIVE_REPEAT:
                walk(av[2])
            elif op == sre_constants.SUBPATTERN:
                walk(av[3])
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                walk(av[1])
            elif op == sre_constants.ATOMIC_GROUP:
                walk(av)
            elif op == sre_constants.BRANCH:
                for branch in av[1]:
                    walk(branch)

    walk(sre_parse.parse(pattern.pattern, pattern.flags))
    return found


@pytest.mark.parametrize("module", [text, html_text], ids=lambda m: m.__name__)
def test_every_unbounded_repeat_is_possessive(module) -> None:
    patterns = [v for v in vars(module).values() if isinstance(v, re.Pattern)]
    assert len(patterns) >= 5
    offenders = [o for p in patterns for o in _unbounded_backtracking_repeats(p)]
    assert offenders == []


def test_the_checker_flags_a_backtracking_pattern() -> None:
    assert _unbounded_backtracking_repeats(re.compile(r"cordialement\s*,?\s*$"))
    assert not _unbounded_backtracking_repeats(re.compile(r"cordialement\s*+,?\s*+$"))


def _timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


HOSTILE_TEXT = {
    "signature spaces": "Hello\ncordialement" + " " * 20_000 + "x",
    "closing spaces": "Hello\nthanks" + " " * 20_000 + "x",
    "regards spaces": "Hello\nkind" + " " * 20_000 + "regards" + " " * 20_000 + "x",
    "history spaces": "Hello\nOn " + " " * 20_000 + "x wrote" + " " * 20_000 + "y",
    "separator": "Hello\n" + "-" * 100_000 + "x",
    "underscores": "Hello\n" + "_" * 100_000 + " x",
    "no-break spaces": "Hello\ncordialement" + "\u00a0" * 50_000 + "x",
    "em spaces": "Hello\nregards" + "\u2003" * 50_000 + "x",
    "blank lines": "Hello" + "\n" * BODY_LIMIT,
    "quoted lines": "Hello\n" + "> x\n" * (BODY_LIMIT // 4),
    "short lines": "x\n" * (BODY_LIMIT // 2),
    "from lines": "Hello\n" + "from: " * (BODY_LIMIT // 6),
}


@pytest.mark.parametrize("body", HOSTILE_TEXT.values(), ids=HOSTILE_TEXT.keys())
def test_latest_message_is_fast_on_hostile_spacing(body: str) -> None:
    assert _timed(latest_message, body) < BOUND_SECONDS
    assert _timed(latest_message_start, body, 5_000) < BOUND_SECONDS


@pytest.mark.parametrize(
    "space", ["\u00a0", "\u2003", "\u2009", "\u202f", "\u3000", "\t \u00a0 "], ids=repr
)
def test_unicode_spaces_fold_so_sign_offs_are_still_found(space: str) -> None:
    body = f"My router{space}{space}is down.\nCordialement{space},\nMarie{space}Dupont"
    assert latest_message(body) == "My router is down."


def test_invisible_characters_do_not_hide_a_sign_off() -> None:
    assert latest_message("Still broken.\nRegards\u200b,\nSam") == "Still broken."


def test_latest_message_start_cuts_between_words_and_says_so() -> None:
    message, cut = latest_message_start("word " * 2_000, 5_000)
    assert cut and len(message) <= 5_000 and message.endswith("word")
    whole, cut = latest_message_start("word " * 10, 5_000)
    assert not cut and whole == ("word " * 10).strip()


def test_a_long_history_does_not_count_as_a_cut_message() -> None:
    body = "Short question.\nOn Mon, 3 Mar 2025, Support wrote:\n" + "> old\n" * 10_000
    assert latest_message_start(body, 5_000) == ("Short question.", False)


def test_a_message_longer_than_what_is_read_is_cut() -> None:
    message, cut = latest_message_start("ok" + " " * 30_000 + "furious", 5_000)
    assert cut and "furious" not in message


def test_blank_line_runs_fold_to_one_blank_line() -> None:
    assert latest_message("Hello\n\n\n\n \n\nStill broken.\nx") == "Hello\n\nStill broken.\nx"


def _filled(unit: str) -> str:
    """The unit repeated to fill a body of the largest size the receiver reads."""
    return unit * (BODY_LIMIT // len(unit))


# Units that each fill a whole body, and openers followed by a body-long run.
REPEATED_MARKUP = {
    "open tags": "<a ",
    "bare less-than": "<",
    "tag names": "<a",
    "unclosed comments": "<!--",
    "unclosed quotes": '<a b="',
    "mixed quotes": "<a '\"",
    "declarations": "<!",
    "instructions": "<?",
    "end tags": "</",
    "scripts": "<script>",
    "entities": "&a",
    "numeric entities": "&#",
    "paragraphs": "<p>",
    "blockquotes": "<blockquote>",
}
HOSTILE_HTML = {
    "open tag and spaces": "<a" + " " * BODY_LIMIT,
    "unclosed comment": "<!--" + "-" * BODY_LIMIT,
    "script and lt": "<script>" + "<" * BODY_LIMIT,
    **{name: _filled(unit) for name, unit in REPEATED_MARKUP.items()},
}


@pytest.mark.parametrize("body", HOSTILE_HTML.values(), ids=HOSTILE_HTML.keys())
@pytest.mark.parametrize("content_type", ["text/html", "text/plain"])
def test_message_text_is_fast_on_hostile_markup(body: str, content_type: str) -> None:
    # Zammad sends text/plain bodies that may still hold tags: both paths see the attack.
    assert _timed(message_text, body, content_type) < BOUND_SECONDS


class _Reference(HTMLParser):
    """The standard library's reading of the same markup, for realistic bodies only."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in html_text._SKIPPED:
            self.skipping += 1
        elif tag in html_text._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in html_text._SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in html_text._BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.parts.append(data)


def _reference_text(markup: str) -> str:
    parser = _Reference()
    parser.feed(markup)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


REALISTIC_HTML = [
    "<p>Hello,</p><p>My order <b>#88412</b> never arrived!</p><p>Thanks,<br>Dana</p>",
    '<div dir="ltr">Still waiting&nbsp;&mdash; it&#39;s been <i>3 weeks</i>.<br/></div>',
    '<div class="x" title="a > b">Refund me</div><blockquote type="cite">'
    "<p>We are delighted</p><blockquote>older</blockquote></blockquote><p>Now!</p>",
    "<!DOCTYPE html><html><head><title>Re: order</title><style>p {color: red}</style></head>"
    "<body><p>Colis jamais re&ccedil;u.</p><!-- tracking --><script>var a = '<p>';</script>"
    "<ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table></body></html>",
    "<P>UPPER case tags</P><BR><DIV>and &lt;escaped&gt; text &amp; more</DIV>",
    "a < b and c > d, <3 you",
    "<p>Cordialement,</p><p>Marie</p><p>&eacute;l&egrave;ve &#x2603; &unknown; &amp</p>",
]


@pytest.mark.parametrize("markup", REALISTIC_HTML)
def test_html_to_text_reads_realistic_markup_like_the_standard_parser(markup: str) -> None:
    assert html_to_text(markup) == _reference_text(markup)


def test_quoted_history_scripts_and_comments_are_not_text() -> None:
    markup = (
        "<p>Broken again</p><blockquote>delighted</blockquote><script>happy()</script>"
        "<style>.great{}</style><!-- wonderful --><p>Fix it</p>"
    )
    assert html_to_text(markup) == "Broken again\n\nFix it"


def test_an_unclosed_comment_hides_the_rest_like_a_browser() -> None:
    assert html_to_text("<p>Visible</p><!-- hidden <p>also hidden") == "Visible"


def test_plain_text_with_angle_brackets_is_not_html() -> None:
    assert not looks_like_html("1 < 2 and 3 > 2, <3")
    assert message_text("1 < 2 and 3 > 2", "text/plain") == "1 < 2 and 3 > 2"
    assert looks_like_html("Hello <br> there")
