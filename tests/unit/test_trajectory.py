"""Trajectory: a customer who gets angrier comment after comment is detected (pure)."""

from __future__ import annotations

from helpdesk_empathy.decision.trajectory import TrajectoryRules, assess


def test_single_message_is_new():
    result = assess([(-0.2, 30)])
    assert result.direction == "new"
    assert not result.rising


def test_frustration_rising_over_three_messages_is_rising():
    result = assess([(0.0, 20), (-0.1, 35), (-0.2, 45)])
    assert result.rising
    assert result.run == 3
    assert result.frustrations == (20, 35, 45)
    assert "20 -> 35 -> 45" in result.description


def test_rise_over_only_two_messages_is_not_enough():
    assert not assess([(0.0, 10), (-0.5, 60)]).rising


def test_small_rise_is_noise_not_a_trend():
    assert not assess([(0.0, 20), (0.0, 22), (0.0, 25)]).rising


def test_a_dip_breaks_the_run():
    # 50 -> 40 breaks it; the run ending now is 40 -> 60 (two messages).
    assert not assess([(0.0, 20), (0.0, 50), (0.0, 40), (0.0, 60)]).rising


def test_only_the_run_ending_now_counts():
    result = assess([(0.0, 80), (0.0, 10), (0.0, 20), (0.0, 30)])
    assert result.rising
    assert result.frustrations == (10, 20, 30)


def test_compound_falling_steadily_into_negative_is_rising_anger():
    result = assess([(0.3, 10), (0.0, 10), (-0.3, 10)])
    assert result.rising
    assert "+0.30 -> -0.30" in result.description


def test_compound_falling_but_still_positive_is_not_anger():
    assert not assess([(0.9, 0), (0.6, 0), (0.3, 0)]).rising


def test_calming_down_is_easing():
    result = assess([(-0.8, 80), (-0.3, 50), (0.1, 20)])
    assert result.direction == "easing"
    assert not result.rising
    assert "80 -> 20" in result.description


def test_flat_is_steady():
    assert assess([(-0.2, 40), (-0.2, 40), (-0.2, 41)]).direction == "steady"


def test_thresholds_are_tunable():
    points = [(0.0, 10), (0.0, 30)]
    assert not assess(points).rising
    assert assess(points, TrajectoryRules(min_points=2, min_rise=15)).rising
    assert not assess([(0.0, 10), (0.0, 20), (0.0, 30)], TrajectoryRules(min_rise=25)).rising


def test_calm_messages_then_a_sharp_jump_counts_as_getting_angrier():
    trend = assess([(0.0, 0), (0.1, 0), (-0.6, 61)])
    assert trend.rising
    assert "Sharply angrier" in trend.description


def test_a_jump_to_a_still_mild_score_is_not_escalating():
    assert not assess([(0.0, 0), (0.0, 0), (-0.2, 40)]).rising
