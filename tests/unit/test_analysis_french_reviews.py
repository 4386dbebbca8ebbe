"""French reviews: praise of earlier works, a reader who gave up, and review verdict phrases."""

from __future__ import annotations

import pytest

from helpdesk_empathy.analysis import analyze


@pytest.mark.parametrize(
    "text",
    [
        "J'avais adoré son premier roman, celui-ci m'a laissé froid.",
        "Je ne l'ai même pas fini.",
        "Lu en diagonale, sans grand intérêt.",
        "L'auteur nous avait habitués à mieux.",
        "Une histoire sans surprise, et l'idée n'est pas exploitée.",
        "Attention, c'est une édition abrégée.",
        "J'ai fini par abandonner au milieu du livre.",
        "Un scénario farfelu, franchement risible.",
    ],
)
def test_review_verdicts_read_negative(text: str) -> None:
    assert analyze(text, language="fr").level.endswith("negative")


@pytest.mark.parametrize(
    "text",
    [
        "J'avais peur de m'ennuyer mais j'ai adoré ce livre.",
        "Comme le premier tome, un vrai bonheur à lire.",
        "Je l'ai lu d'une traite, magnifique.",
    ],
)
def test_praise_of_this_book_still_counts(text: str) -> None:
    assert analyze(text, language="fr").level.endswith("positive")


def test_praise_of_an_earlier_book_weighs_less_than_praise_of_this_one() -> None:
    earlier = analyze("J'avais adoré ce roman.", language="fr").compound
    now = analyze("J'ai adoré ce roman.", language="fr").compound
    assert 0 < earlier < now
