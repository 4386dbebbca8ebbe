"""The dashboard's words in English and French, picked from the browser's Accept-Language."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

LANGUAGES = ("en", "fr")

# Every phrase, keyed, in each of LANGUAGES: translators edit the JSON file beside this one.
_PHRASES = json.loads(Path(__file__).with_name("dashboard_text.json").read_text(encoding="utf-8"))
TEXT: dict[str, tuple[str, ...]] = {
    key: tuple(phrase[language] for language in LANGUAGES) for key, phrase in _PHRASES.items()
}


def pick_language(accept_language) -> str:
    """`request.accept_languages` (werkzeug) in; "en" or "fr" out."""
    return accept_language.best_match(LANGUAGES, default="en") or "en"


def translator(language: str) -> Callable[..., str]:
    """t("key", **values): the text in `language`, formatted with the values."""
    index = LANGUAGES.index(language) if language in LANGUAGES else 0

    def t(key: str, **values: object) -> str:
        text = TEXT[key][index]
        return text.format(**values) if values else text

    return t
