"""Text clean-up: keep only the customer's latest message (no quoted history, no signature)."""

from __future__ import annotations

import re
import unicodedata

# A line that starts quoted history: everything from it on is older mail, not the customer now.
_HISTORY_START = re.compile(
    r"""^\s*(?:
        on\s.{0,200}\swrote:?\s*$                       # On Mon, 3 Mar ..., X wrote:
      | le\s.{0,200}\sa\s+[ée]crit\s*:?\s*$              # Le lun. 3 mars ..., X a écrit :
      | -{2,}\s*(?:original\s+message|message\s+d'origine|message\s+original)\s*-{2,}
      | -{2,}\s*(?:forwarded\s+message|message\s+transf[ée]r[ée])\s*-{2,}
      | _{8,}\s*$                                       # Outlook's separator line
      | (?:from|de)\s*:\s.+$                            # From: / De : header block
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# A line that starts a signature or a mobile footer.
_SIGNATURE_START = re.compile(
    r"""^\s*(?:
        --\s*$                                          # the standard "-- " delimiter
      | sent\s+from\s+my\s+\w+.*$
      | get\s+outlook\s+for\s+\w+.*$
      | envoy[ée]\s+(?:de|depuis)\s+mon\s+\w+.*$
      | (?:bien\s+|tr[eè]s\s+)?cordialement\s*,?\s*$
      | (?:kind|best|warm|many\s+thanks\s+and)\s+regards\s*,?\s*$
      | regards\s*,?\s*$
      | (?:bien\s+)?[àa]\s+vous\s*,?\s*$
      | (?:best\s+wishes|sincerely|yours\s+(?:sincerely|faithfully)|best)\s*,?\s*$
      | (?:bonne\s+(?:journ[ée]e|soir[ée]e)|salutations(?:\s+distingu[ée]es)?)\s*[,.!]?\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# A bare closing line ("Thanks," / "Merci,") followed only by a short name block.
_CLOSING = re.compile(
    r"^\s*(?:thanks|thank\s+you|many\s+thanks|cheers|merci(?:\s+d'avance|\s+beaucoup)?)\s*[,.!]?\s*$",
    re.IGNORECASE,
)
_QUOTED_LINE = re.compile(r"^\s*>")
_MAX_NAME_BLOCK_LINES = 3
_SPACES = re.compile(r"[ \t]+")


def latest_message(text: str) -> str:
    """Return the newest part of a message: quoted replies and signature blocks removed."""
    if not text:
        return ""
    if "\n" not in text and "\r" not in text and not text.lstrip().startswith(">"):
        if "  " in text or "\t" in text:  # one line: no quoted history, no signature
            text = _SPACES.sub(" ", text)
        return text.strip()
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _HISTORY_START.match(line) and kept:
            break
        if _SIGNATURE_START.match(line):
            break
        if _QUOTED_LINE.match(line):
            continue
        kept.append(line)
    kept = _drop_closing(kept)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in kept).strip()


def _drop_closing(lines: list[str]) -> list[str]:
    """Drop a trailing "Thanks,\\nName" block: a sign-off, not gratitude for help."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    for index in reversed(content[-(_MAX_NAME_BLOCK_LINES + 1) :]):
        if _CLOSING.match(lines[index]):
            after = [line for line in lines[index + 1 :] if line.strip()]
            if after and all(len(line.split()) <= 4 for line in after):
                return lines[:index]
            return lines
    return lines


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _fold_table() -> dict[int, str]:
    """Accented Latin letters (and NBSP) -> their ASCII base, for one C-level translate()."""
    table = {ord("œ"): "oe", ord("æ"): "ae", ord("’"): "'"}
    for code in range(0xA0, 0x250):
        char = chr(code)
        base = _strip_marks(char)
        lower_or_symbol = char.islower() or not char.isalpha()
        if lower_or_symbol and base.isascii() and base != char and code not in table:
            table[code] = base
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower-case and strip accents, so French patterns need not spell every accent."""
    if text.isascii():
        return text.lower()
    folded = text.lower().translate(_FOLD)
    if folded.isascii():  # the common case: only accented Latin letters
        return folded
    return _strip_marks(folded)


def normalise_quotes(text: str) -> str:
    """Typographic apostrophes to ASCII, so "don’t" matches like "don't"."""
    return text.replace("’", "'").replace("‘", "'")
