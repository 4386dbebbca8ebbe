"""The merge rules shared by every helpdesk (pure)."""

import pytest

from helpdesk_empathy.helpdesks.merge import (
    api_id,
    clean_id,
    group_change,
    merge_tags,
    raised,
    route_group,
    tags_to_add,
    tags_to_remove,
)


@pytest.mark.parametrize(
    "value,expected",
    [(None, None), ("", None), ("  ", None), (True, None), (0, "0"), (12, "12"), (" 7 ", "7")],
)
def test_clean_id(value, expected):
    assert clean_id(value) == expected


def test_api_id_is_an_integer_when_numeric():
    assert (api_id("42"), api_id("abc-1")) == (42, "abc-1")


def test_tags_are_added_once_lower_cased_and_the_tickets_own_are_kept():
    assert tags_to_add(("VIP",), ("vip", "New", "new", " ")) == ["new"]
    assert merge_tags(
        ("b", "Empathy_Sentiment_Negative", "a"), ("c",), ("empathy_sentiment_negative",)
    ) == [
        "b",
        "a",
        "c",
    ]
    assert tags_to_remove(("vip", "Stale"), ("stale",)) == ["Stale"]


@pytest.mark.parametrize(
    "current,wanted,highest,expected",
    [
        (None, 2, None, True),  # unset ranks below everything
        (2, 3, None, True),
        (3, 3, None, False),
        (4, 2, None, False),  # never lowered
        (7, 3, 3, False),  # a custom priority we cannot rank is left alone
        (2, None, None, False),
    ],
)
def test_priority_is_only_raised(current, wanted, highest, expected):
    assert raised(current, wanted, highest_known=highest) is expected


def test_the_helpdesks_own_escalation_group_overrides_the_decisions():
    assert route_group("9", "") == "9"
    assert route_group("9", "31") == "31"
    assert route_group(None, "31") is None  # no hand-off decided: no group


def test_a_group_is_set_only_for_unowned_tickets_in_another_group():
    assert group_change("9", None, "2")
    assert not group_change("9", "agent-5", "2")  # a human's choice wins
    assert not group_change("9", None, "9")
    assert not group_change(None, None, "2")
