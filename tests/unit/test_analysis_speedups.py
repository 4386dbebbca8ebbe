"""The speed-ups keep results: fast VADER = VADER, trie = alternation, table fold = NFKD fold."""

from __future__ import annotations

import random
import re
import string
import unicodedata

import pytest
from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SentimentIntensityAnalyzer

from helpdesk_empathy.analysis import french as french_module
from helpdesk_empathy.analysis import language
from helpdesk_empathy.analysis.french import FrenchAnalyzer
from helpdesk_empathy.analysis.phrases import PhraseMatcher, trie_pattern
from helpdesk_empathy.analysis.sentiment import has_name_pair
from helpdesk_empathy.analysis.text import fold
from helpdesk_empathy.analysis.vader_fast import FastVader

_RULE_CASES = [
    "VADER is smart, handsome, and funny.",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "VADER is not smart, handsome, nor funny.",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Not bad at all",
    "never so good, without doubt awful, at least good, very least bad, least good",
    "no no good, no problem or issue, this is the shit, the bomb, yeah right",
    "good good but good bad bad good",  # VADER's "but" rule finds equal values first
    "WHERE IS MY ORDER",
    "Is it good??? Is it bad?? Really?",
    "",
    "   ",
    "!!!",
    "Good, ok. no! a, (bad) it's... 'great' so,, :-) 'no' ?!",  # stripped and kept tokens
]


def _random_sentences(count: int) -> list[str]:
    """Sentences mixing lexicon words, boosters, negations, caps and punctuation."""
    lexicon = sorted(SentimentIntensityAnalyzer().lexicon)
    rng = random.Random(7)
    vocab = (
        rng.sample(lexicon, 300)
        + sorted(BOOSTER_DICT)
        + NEGATE[:30]
        + ["but", "least", "at", "very", "kind", "of", "no", "or", "nor", "so", "this", "never"]
        + ["the", "a", "order", "refund", "😁", "💔", ":)", ":(", "the shit", "bus stop"]
    )
    sentences = []
    for _ in range(count):
        words = [rng.choice(vocab) for _ in range(rng.randint(1, 14))]
        words = [w.upper() if rng.random() < 0.15 else w for w in words]
        sentences.append(" ".join(words) + rng.choice(["", ".", "!", "!!", "?", "??", "?!"]))
    return sentences


def test_fast_compound_equals_vader_on_its_rules_and_random_sentences() -> None:
    plain, fast = SentimentIntensityAnalyzer(), FastVader()
    for text in _RULE_CASES + _random_sentences(1500):
        assert fast.compound(text) == plain.polarity_scores(text)["compound"], text


def test_trie_pattern_matches_the_same_prefixes_as_an_alternation() -> None:
    keys = ["tha", "thx", "th", "a", "a l", "abo", "no ", "no-", "'d ", "24 "]
    trie = re.compile(trie_pattern(keys))
    plain = re.compile("|".join(re.escape(k) for k in keys))
    for text in ["thanks", "thx", "the", "a lot", "about", "no one", "no-one", "'d like", "24 h",
                 "x", "", "ab", "t"]:  # fmt: skip
        assert bool(trie.match(text)) == bool(plain.match(text)), text


def test_trie_pattern_can_take_only_the_first_word_of_a_key() -> None:
    keys = ["je suis", "je", "a c", "abo", "no-one", "24 h", "pas de"]
    taken = re.compile(trie_pattern(keys, consume="abcdefghijklmnopqrstuvwxyz0123456789'"))
    plain = re.compile("|".join(re.escape(k) for k in keys))
    for text in ["je suis", "je", "jeudi", "je sais", "a cat", "a", "about", "no-one", "no one",
                 "24 h", "24h", "pas de", "pas du", "x"]:  # fmt: skip
        found = taken.match(text)
        assert bool(found) == bool(plain.match(text)), text
        assert found is None or not {" ", "-"} & set(found.group()), text


def test_phrase_matcher_finds_a_phrase_that_starts_inside_another_key() -> None:
    # The scan takes "a" of the key "a cold " and must still try "cold" as a start of its own.
    matcher = PhraseMatcher([(r"a cold (?:day|night)", -1.0, None), (r"cold drink", 1.0, None)])
    hits, _ = matcher.apply("A cold drink")
    assert [(h.text, h.start) for h in hits] == [("cold drink", 2)]


def test_phrase_matcher_leftmost_then_earliest_entry_wins() -> None:
    matcher = PhraseMatcher(
        [
            (r"not working", -2.0, "broken"),
            (r"not (?:\w+ )?working", -1.0, None),
            (r"working", 1.0, None),
        ]
    )
    hits, rest = matcher.apply("Still NOT working, now working")
    assert [(h.signal, h.valence, h.text) for h in hits] == [
        ("broken", -2.0, "not working"),
        (None, 1.0, "working"),
    ]
    assert rest.split() == ["Still", ",", "now"]
    assert matcher.apply("networking")[0] == []  # whole words only


def _nfkd_fold(text: str) -> str:
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@pytest.mark.parametrize(
    "text",
    [
        "Déçue, ÇA NE MARCHE PÀS, cœur, Æ, l’été",
        "Déçue, ÇA NE MARCHE PÀS, l'été, ß µ ª º ² ¼ «»",  # Latin-1 only: the byte table
        "".join(chr(c) for c in range(0xA0, 0x100) if chr(c) not in "æÆ"),
        "Latin-1 with a letter folded into two: æ, Æ",
        "".join(chr(c) for c in range(0xA0, 0x2100)),
        "İstanbul ﬁ ² x\u00a0y",
        "plain ascii",
    ],
)
def test_table_fold_equals_unicode_fold(text: str) -> None:
    assert fold(text) == _nfkd_fold(text)


def test_byte_tokens_equal_the_token_regex() -> None:
    rng = random.Random(3)
    latin1 = "".join(chr(c) for c in range(0xA0, 0x100))
    for alphabet in (string.printable, string.printable + latin1, latin1 + "œ€’中"):
        for _ in range(2000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))).lower()
            cut, _ = language.tokens_of(text)
            words = [t.decode("latin-1") if isinstance(t, bytes) else t for t in cut]
            assert words == language._TOKEN.findall(text), text


def test_name_pair_scan_answers_as_one_regex_does() -> None:
    # The regex it replaced: a word that ends no sentence, then two capitalised words.
    plain = re.compile(r"[^\s.!?:\"]\s+[A-Z][^\sA-Z]+\s+[A-Z][^\sA-Z]")
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice('aB C.!?:"\n\tx  Yz') for _ in range(rng.randint(0, 14)))
        assert has_name_pair(text) == bool(plain.search(text)), repr(text)
    assert has_name_pair("Is Killer Queen on the setlist?") is True
    assert has_name_pair("Great. Killer Queen.") is False


def _naive_hits(entries: list[tuple[str, float, str | None]], text: str) -> list[tuple[str, int]]:
    """Every word start tried with every entry in order: what the phrase matcher must find."""
    compiled = [re.compile(rf"(?:{pattern})(?!\w)") for pattern, _, _ in entries]
    starts = re.compile(r"(?<![\w'])")
    hits, last = [], 0
    for pos in (m.start() for m in starts.finditer(text)):
        if pos < last:
            continue
        for regex in compiled:
            found = regex.match(text, pos)
            if found:
                hits.append((found.group(), pos))
                last = found.end()
                break
    return hits


def test_phrase_scan_misses_no_phrase_start() -> None:
    # Start strings followed through groups ("my last", "our other"...) only skip positions
    # where no phrase can match: the hits are those of trying every word start.
    entries = [
        (r"(?:my|our) (?:(?:previous|last) (?:two|three)|other) tickets?", -1.0, "repeat_contact"),
        (r"(?:still )?(?:no|not) (?:reply|answer)", -2.0, "ignored"),
        (r"(?:a |the )?(?:order|parcel) (?:is |was )?(?:late|lost)", -1.5, "delay"),
        (r"\d+ (?:days|weeks)", -0.5, "delay"),
        (r"last", 0.1, None),
    ]
    matcher = PhraseMatcher(entries)
    vocabulary = "my our last previous two three other ticket tickets still no not reply answer a "
    vocabulary += "the order parcel is was late lost 3 days weeks , . x"
    words = vocabulary.split()
    rng = random.Random(13)
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        hits, _ = matcher.apply(text)
        assert [(h.text, h.start) for h in hits] == _naive_hits(entries, text), text


def test_one_language_shortcut_answers_as_the_counts_do() -> None:
    words = sorted(language._KIND) + ["order", "colis", "été", "中文", "Привет", "K", "’", "3"]
    rng = random.Random(17)
    settled = 0
    for _ in range(5000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
        text = text.upper() if rng.random() < 0.3 else text
        lowered = text.lower().replace("’", "'")
        tokens, kinds = language.tokens_of(lowered)
        quick = language._one_language(text, tokens, kinds)
        if tokens and quick is not None:
            settled += 1
            assert quick == language.by_counts(text, lowered, tokens, kinds), text
    assert settled > 200  # the shortcut settled a good share, each as the counts do


def test_french_tokens_without_a_hyphen_equal_the_token_regex() -> None:
    french = FrenchAnalyzer({}, {})
    rng = random.Random(19)
    alphabet = string.ascii_lowercase + string.digits + " '.,!?;:()/\"\t\n" + "-" * 2
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        tokens, _ = french._tokens(text)
        assert tokens == french_module._FRENCH_TOKEN.findall(
            french_module._ELISION.sub("e ", text)
        ), text


def test_non_latin_byte_test_answers_as_the_regex_does() -> None:
    from helpdesk_empathy.analysis.other_languages import _NON_LATIN, has_non_latin

    alphabet = string.ascii_letters + " .'’éàçœ²½¾µªº×÷ÿ€Жя中😀\u00a0"
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 12)))
        assert has_non_latin(text) == (_NON_LATIN.search(text) is not None), text
    for code in range(0x2000):  # every character of the first blocks, alone and in Latin-1
        char = chr(code)
        assert has_non_latin(char) == (_NON_LATIN.search(char) is not None), hex(code)
