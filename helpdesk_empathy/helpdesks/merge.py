"""The merge rules every helpdesk shares, pure: ids, tags, raise-only priority, routing.

- ids arrive as ints (APIs), strings (event subscriptions, placeholders) or "" (empty
  placeholders); request bodies want integers where the id is numeric.
- tags are compared lower-cased; the ticket's own tags are never dropped, only our stale ones.
- priority is only ever raised; a priority we cannot rank is left alone.
- a hand-off sets the group only when nobody owns the ticket (a human's routing choice wins),
  to the helpdesk's own escalation group when one is configured.
"""

from __future__ import annotations

from collections.abc import Iterable


def clean_id(value: object) -> str | None:
    """An id as a non-empty string, or None (missing, empty placeholder, or a boolean)."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text or None


def api_id(value: str) -> int | str:
    """Helpdesk APIs take numeric ids as integers in request bodies."""
    return int(value) if value.isdigit() else value


def normalise_tag(tag: str) -> str:
    return tag.strip().lower()


def tags_to_add(current: Iterable[str], add: Iterable[str]) -> list[str]:
    """Our tags the ticket does not carry yet, normalised, in order, once each."""
    seen = {normalise_tag(tag) for tag in current}
    wanted: list[str] = []
    for tag in add:
        normalised = normalise_tag(tag)
        if normalised and normalised not in seen:
            wanted.append(normalised)
            seen.add(normalised)
    return wanted


def tags_to_remove(current: Iterable[str], remove: Iterable[str]) -> list[str]:
    """The ticket's tags that are among our stale ones (as the ticket spells them)."""
    stale = {normalise_tag(tag) for tag in remove}
    return [tag for tag in current if normalise_tag(tag) in stale]


def merge_tags(current: Iterable[str], add: Iterable[str], remove: Iterable[str] = ()) -> list[str]:
    """The full tag list for helpdesks whose `tags` field replaces every tag.

    The ticket's tags first, in order, minus our stale ones, then our new ones.
    """
    stale = set(tags_to_remove(current, remove))
    kept = [tag for tag in current if tag not in stale]
    return kept + tags_to_add(kept, add)


def raised(current: int | None, wanted: int | None, *, highest_known: int | None = None) -> bool:
    """True when `wanted` is a raise over `current` on a helpdesk's rank scale.

    An unset current priority ranks below every other; one above `highest_known` is custom
    and cannot be ranked, so it is never touched.
    """
    if wanted is None:
        return False
    if current is None:
        return True
    if highest_known is not None and current > highest_known:
        return False
    return wanted > current


def route_group(wanted_group: object, override: object = "") -> str | None:
    """The group a hand-off goes to: the helpdesk's own escalation group when configured."""
    if not clean_id(wanted_group):
        return None
    return clean_id(override) or clean_id(wanted_group)


def group_change(route: str | None, owner: str | None, current_group: str | None) -> bool:
    """Route only tickets nobody owns, and only when they are not in that group already."""
    return bool(route) and owner is None and route != current_group


def applied_fields(
    *,
    tags: Iterable[str] = (),
    removed: Iterable[str] = (),
    priority: str | None = None,
    group_id: object = None,
    note: bool = False,
) -> dict[str, object]:
    """What a write changed, for the audit log, in our vocabulary; never the note's text."""
    applied: dict[str, object] = {}
    if tags := list(tags):
        applied["tags"] = tags
    if removed := list(removed):
        applied["removed_tags"] = removed
    if priority is not None:
        applied["priority"] = priority
    if group_id is not None:
        applied["group_id"] = group_id
    if note:
        applied["internal_note"] = True
    return applied
