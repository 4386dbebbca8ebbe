"""Hostile messages: analysis reads a bounded start of the latest message, says when it cut
it, keeps VADER's exact "but" rule without its quadratic cost, and bounds its word cache."""

from __future__ import annotations

import io
import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from helpdesk_empathy import config
from helpdesk_empathy.analysis import analyze, warm_up
from helpdesk_empathy.analysis.french import CACHE_LIMIT
from helpdesk_empathy.analysis.scoring import MAX_ANALYSED_CHARS
from helpdesk_empathy.analysis.sentiment import _analyzers
from helpdesk_empathy.analysis.vader_fast import _but_check
from helpdesk_empathy.cli.score import score_stream
from helpdesk_empathy.decision import rules

# Generous: the quadratic versions took 0.1-46 s on these inputs, the bounded ones ~10 ms.
BOUND_SECONDS = 1.0
TEXT_LIMIT = 20_000  # the longest message text a webhook schema accepts

# Values that collide after halving or scaling by 1.5, so list.index finds earlier equals.
_VALUES = st.sampled_from([0, 0.0, 1.0, 0.5, 2.0, 1.5, -1.0, 3.0, 0.75, 2.25, 4.5, -0.5, -1.5])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["x", "but", "BUT", "y"]), _VALUES), max_size=16))
def test_but_check_equals_vaders_own(pairs: list[tuple[str, float]]) -> None:
    words = [word for word, _ in pairs]
    values = [value for _, value in pairs]
    expected = SentimentIntensityAnalyzer._but_check(words, list(values))
    got = _but_check([word.lower() for word in words], list(values))
    assert got == expected
    assert [type(v) for v in got] == [type(v) for v in expected]


def test_but_check_on_many_distinct_values_is_fast() -> None:
    # VADER's list.index makes this ~n^2/2 comparisons: 2e8 for 20,000 words.
    count = 20_000
    words = ["but"] + ["word"] * (count - 1)
    values = [float(i % 5_000 + 1) for i in range(count)]
    start = time.perf_counter()
    result = _but_check(words, list(values))
    assert time.perf_counter() - start < BOUND_SECONDS
    small = slice(0, 3_000)  # VADER itself is still quick at this size
    expected = SentimentIntensityAnalyzer._but_check(words[small], values[small])
    assert _but_check(words[small], values[small]) == expected
    assert result[:2] == [1.0, 4.5]  # VADER's quirk: 3.0 rescales the first 3.0 it finds


def test_long_message_is_cut_and_marked_truncated() -> None:
    calm = "the parcel arrived today and the box looks fine " * 200  # ~9,800 characters
    analysis = analyze(calm + " I am furious, this is a disgrace and I want a lawyer")
    assert analysis.truncated
    assert not analysis.has("anger") and not analysis.has("legal_threat")
    assert all(e.end <= MAX_ANALYSED_CHARS * 2 for e in analysis.evidence)


def test_short_message_is_not_truncated_and_reads_to_the_end() -> None:
    analysis = analyze("The box arrived today. I am furious, I want a lawyer.")
    assert not analysis.truncated
    assert analysis.has("legal_threat")


def test_a_long_quoted_history_does_not_truncate_the_message() -> None:
    body = "Where is my refund?\n\nOn Mon, 3 Mar 2025, Support wrote:\n" + "> hi\n" * 5_000
    assert not analyze(body).truncated


HOSTILE_MESSAGES = {
    "but and lexicon words": "this is bad but ok " * 2_000,
    "no function word": "x" * TEXT_LIMIT,
    "few long tokens": ("zq" * 2_500 + " ") * 8,
    "ligatures": "œ" * TEXT_LIMIT,
    "emoji and words": "😡 bad " * (TEXT_LIMIT // 6),
    "french negations": "ne pas " * (TEXT_LIMIT // 7),
    "french excess": "trop " * (TEXT_LIMIT // 5),
    "question marks": "?" * TEXT_LIMIT,
    "exclamations": "!?" * (TEXT_LIMIT // 2),
    "capitals": "WHERE IS MY ORDER " * (TEXT_LIMIT // 18),
    "capitalised words": "bad Ab " * (TEXT_LIMIT // 7),  # a name-pair candidate at every word
    "capitals after spaces": ("bad" + " " * 200 + "Ab ") * (TEXT_LIMIT // 206),
    "hashtags": "#aB" * (TEXT_LIMIT // 3),
    "handles": "@" * TEXT_LIMIT,
    "links": "http://" * (TEXT_LIMIT // 7),
    "repeat phrases": "3rd time " * (TEXT_LIMIT // 9),
    "elisions": "l'" * (TEXT_LIMIT // 2),
    "non-latin": "中" * TEXT_LIMIT,
    "blank lines": "a" + "\n" * TEXT_LIMIT + "b",
    "quoted lines": "a\n" + "> x\n" * (TEXT_LIMIT // 4),
    "huge": "still waiting but " * 60_000,  # over 1 MB: only a bounded start is read
}


@pytest.mark.parametrize("message", HOSTILE_MESSAGES.values(), ids=HOSTILE_MESSAGES.keys())
def test_analysis_of_hostile_messages_is_bounded(message: str) -> None:
    warm_up()  # load the models outside the bound
    start = time.perf_counter()
    analyze(message)
    assert time.perf_counter() - start < BOUND_SECONDS


def test_french_word_cache_stays_bounded() -> None:
    _, french, _, _ = _analyzers()
    for i in range(3 * CACHE_LIMIT):
        french.lookup(f"mot{i}inconnu")
    assert len(french._cache) <= CACHE_LIMIT
    assert french.lookup("nul") is not None  # still reads the lexicon after starting over
    assert french.lookup("tres") is None  # boosters stay out of the lexicon look-up


def test_score_command_caps_each_line() -> None:
    # The audit's three 100k-character lines took 46 s before the cap.
    lines = [json.dumps({"id": i, "text": "awful but fine " * 7_000}) for i in range(3)]
    sink = io.StringIO()
    start = time.perf_counter()
    score_stream(io.StringIO("\n".join(lines)), sink, rules.load_rules(config.Settings()))
    assert time.perf_counter() - start < 3 * BOUND_SECONDS
    results = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert [r["id"] for r in results] == [0, 1, 2]
    assert all(r["truncated"] for r in results)
