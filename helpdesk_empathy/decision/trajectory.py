"""Sentiment trajectory across a ticket's comments: is the customer getting angrier? (pure)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TrajectoryRules:
    """When a run of comments counts as "getting angrier" (tunable in the rules file)."""

    min_points: int = 3  # comments in the run, the current one included
    min_rise: int = 15  # frustration points gained over the run
    min_drop: float = 0.3  # compound lost over the run
    max_final_compound: float = -0.05  # a falling compound only counts once it is negative
    min_jump: int = 35  # or: frustration this far above every earlier comment in the ticket...
    jump_floor: int = 50  # ...and at least this high (calm -> angry in one message)


@dataclass(frozen=True)
class Trajectory:
    """The direction of a ticket's sentiment, oldest comment to newest."""

    # "rising" (angrier), "easing" (calmer), "steady", "mixed" (up and down), "new" (one comment)
    direction: str
    points: int  # comments considered
    run: int  # length of the rising (or easing) run ending at the current comment
    frustrations: tuple[int, ...]  # the run's frustration scores, oldest first
    description: str  # plain language, for the internal note
    tones: tuple[float, ...] = ()  # the run's compounds, when the tone (not frustration) rose

    @property
    def rising(self) -> bool:
        return self.direction == "rising"


def _tail_run(values: Sequence[float], *, increasing: bool) -> int:
    """Length of the strictly monotone run that ends at the last value (1 if none)."""
    run = 1
    for index in range(len(values) - 1, 0, -1):
        step = values[index] - values[index - 1]
        if (step > 0) if increasing else (step < 0):
            run += 1
        else:
            break
    return run


def _arrow(values: Sequence[int]) -> str:
    return " -> ".join(str(value) for value in values)


def assess(points: Sequence[tuple[float, int]], rules: TrajectoryRules | None = None) -> Trajectory:
    """Read (compound, frustration) points, oldest to newest including the current message."""
    rules = rules or TrajectoryRules()
    compounds = [float(compound) for compound, _ in points]
    frustrations = [int(frustration) for _, frustration in points]
    count = len(points)
    if count < 2:
        return Trajectory("new", count, count, tuple(frustrations), "First message scored.")

    run_up = _tail_run(frustrations, increasing=True)
    if run_up >= rules.min_points:
        window = frustrations[-run_up:]
        if window[-1] - window[0] >= rules.min_rise:
            return Trajectory(
                "rising",
                count,
                run_up,
                tuple(window),
                f"Frustration has risen with each of the last {run_up} messages "
                f"({_arrow(window)} out of 100).",
            )
    run_down = _tail_run(compounds, increasing=False)
    if run_down >= rules.min_points:
        window_c = compounds[-run_down:]
        dropped = window_c[0] - window_c[-1]
        if dropped >= rules.min_drop and window_c[-1] <= rules.max_final_compound:
            return Trajectory(
                "rising",
                count,
                run_down,
                tuple(frustrations[-run_down:]),
                f"Tone has become more negative with each of the last {run_down} messages "
                f"(sentiment {window_c[0]:+.2f} -> {window_c[-1]:+.2f}).",
                tuple(round(value, 2) for value in window_c),
            )
    peak = max(frustrations[:-1])
    last = frustrations[-1]
    jumped = last - peak >= rules.min_jump and last >= rules.jump_floor
    if count >= rules.min_points and jumped:
        return Trajectory(
            "rising",
            count,
            2,
            (peak, last),
            f"Sharply angrier than anything earlier in the ticket (frustration {peak} at most "
            f"before, {last} now, out of 100).",
        )
    # "Calmer" only once the tone is no longer negative: less angry is not calm.
    if peak - last >= rules.min_rise and compounds[-1] > rules.max_final_compound:
        return Trajectory(
            "easing",
            count,
            1,
            (peak, last),
            f"Calmer than earlier in the ticket (frustration {peak} -> {last}).",
        )
    recent = frustrations[-3:]
    if max(recent) - min(recent) < rules.min_rise:
        return Trajectory(
            "steady",
            count,
            1,
            tuple(recent),
            f"No clear change over the last {len(recent)} messages (frustration {_arrow(recent)}).",
        )
    return Trajectory(
        "mixed",
        count,
        1,
        tuple(recent),
        f"Up and down over the last {len(recent)} messages (frustration {_arrow(recent)}).",
    )
