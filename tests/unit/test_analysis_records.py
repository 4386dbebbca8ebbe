"""Fast result building equals the plain form: records without the frozen __init__, prebuilt topic
signals, evidence placed for all hits in one call."""

from __future__ import annotations

import dataclasses
import pickle
import random
import string

import pytest

from helpdesk_empathy.analysis import signals
from helpdesk_empathy.analysis.evidence import Locator
from helpdesk_empathy.analysis.phrases import PhraseHit
from helpdesk_empathy.analysis.records import record_builder
from helpdesk_empathy.models import Analysis, Evidence, Signal


def _random_analysis(rng: random.Random) -> dict:
    word = "".join(rng.choices(string.ascii_letters, k=rng.randint(0, 8)))
    evidence = tuple(
        Evidence(word, rng.randint(0, 50), rng.randint(50, 99), word)
        for _ in range(rng.randint(0, 3))
    )
    return {
        "language": rng.choice(("en", "fr", "other")),
        "compound": rng.uniform(-1, 1),
        "level": word,
        "frustration": rng.randint(0, 100),
        "signals": tuple(Signal(word, rng.random(), word) for _ in range(rng.randint(0, 3))),
        "contact_number": rng.randint(1, 20),
        "evidence": evidence,
        "truncated": rng.random() < 0.5,
    }


def test_built_records_equal_the_plain_ones() -> None:
    build, rng = record_builder(Analysis), random.Random(3)
    for _ in range(200):
        fields = _random_analysis(rng)
        built, plain = build(**fields), Analysis(**fields)
        assert built == plain and hash(built) == hash(plain) and repr(built) == repr(plain)
        assert dataclasses.asdict(built) == dataclasses.asdict(plain)
        assert pickle.loads(pickle.dumps(built)) == plain
        assert dataclasses.replace(built, level="x") == dataclasses.replace(plain, level="x")
        with pytest.raises(dataclasses.FrozenInstanceError):
            built.level = "x"  # type: ignore[misc]


def test_a_missing_or_unknown_field_fails_as_the_real_init_does() -> None:
    build = record_builder(Evidence)
    assert build(signal="anger", start=1, end=4, quote="bad") == Evidence("anger", 1, 4, "bad")
    with pytest.raises(TypeError):
        build(signal="anger", start=1, end=4)
    with pytest.raises(TypeError):
        build(signal="anger", start=1, end=4, quote="bad", extra=1)


def test_only_plain_dataclasses_skip_their_init() -> None:
    @dataclasses.dataclass(frozen=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            raise ValueError

    with pytest.raises(TypeError):
        record_builder(Checked)


@pytest.mark.parametrize("name", sorted(signals.TOPICS))
def test_topic_signals_equal_their_formula(name: str) -> None:
    points, reason = signals.TOPICS[name]
    for count in range(1, 7):
        hits = [PhraseHit(name, -1.0, "x")] * count
        expected = Signal(name, round(points * (1.0 + 0.25 * min(count - 1, 2)), 1), reason)
        assert signals.topic_signals(hits) == [expected]


def test_placing_all_hits_at_once_equals_placing_each() -> None:
    rng = random.Random(5)
    for _ in range(300):
        text = "".join(rng.choices(string.ascii_letters + " ’é!", k=rng.randint(1, 200)))
        hits = []
        for _ in range(rng.randint(0, 4)):
            start = rng.randrange(len(text))
            end = rng.randint(start, len(text))
            hits.append(PhraseHit(rng.choice((None, "delay")), -1.0, text[start:end], start))
        view = text.lower()
        one_call, each = Locator(text, view), Locator(text, view)
        expected = [
            each.place(h.signal or "sentiment", h.start, h.start + len(h.text)) for h in hits
        ]
        assert one_call.place_hits(hits) == expected
        assert one_call.taken == each.taken
