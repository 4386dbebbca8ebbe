"""French reviews: praise of earlier works, a reader who gave up, and review verdict phrases."""

from __future__ import annotations

import pytest
from readings import assert_reading

from helpdesk_empathy.analysis import analyze

# (text, how it reads): review verdicts, and praise of this book that still counts.
READINGS = [
    ("J'avais adoré son premier roman, celui-ci m'a laissé froid.", "negative"),
    ("Je ne l'ai même pas fini.", "negative"),
    ("Lu en diagonale, sans grand intérêt.", "negative"),
    ("L'auteur nous avait habitués à mieux.", "negative"),
    ("Une histoire sans surprise, et l'idée n'est pas exploitée.", "negative"),
    ("Attention, c'est une édition abrégée.", "negative"),
    ("J'ai fini par abandonner au milieu du livre.", "negative"),
    ("Un scénario farfelu, franchement risible.", "negative"),
    ("J'avais peur de m'ennuyer mais j'ai adoré ce livre.", "positive"),
    ("Comme le premier tome, un vrai bonheur à lire.", "positive"),
    ("Je l'ai lu d'une traite, magnifique.", "positive"),
]


@pytest.mark.parametrize(("text", "reading"), READINGS)
def test_review_verdicts_read_negative_and_praise_of_this_book_positive(
    text: str, reading: str
) -> None:
    assert_reading(text, reading, language="fr")


def test_praise_of_an_earlier_book_weighs_less_than_praise_of_this_one() -> None:
    earlier = analyze("J'avais adoré ce roman.", language="fr").compound
    now = analyze("J'ai adoré ce roman.", language="fr").compound
    assert 0 < earlier < now
