"""Neutralise helpdesk placeholder syntax in text we write back (pure, linear time).

Zendesk and Freshdesk expand `{{ticket.requester.email}}` and `{% ... %}` in what they
render, Zammad expands `#{ticket.customer.email}`. A customer who puts such text in a subject,
a name or a message must not get it expanded in our note, so each opening mark gets a space:
`{{` -> `{ {`, `{%` -> `{ %`, `#{` -> `# {`. The text still reads the same to an agent.
"""

from __future__ import annotations

import re

# An opening brace before "{" or "%", or a "#" before "{": one character and a look-ahead.
_OPENER = re.compile(r"\{(?=[{%])|#(?=\{)")


def neutralise_placeholders(text: str) -> str:
    """The text with no placeholder opener left; applying it twice changes nothing more."""
    if "{" not in text:
        return text
    return _OPENER.sub(lambda match: match.group() + " ", text)
