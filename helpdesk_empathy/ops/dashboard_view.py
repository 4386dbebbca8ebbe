"""What the dashboard draws from its data: each chart twice (desktop, phone) and its data table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from helpdesk_empathy.models import LEVELS
from helpdesk_empathy.ops import dashboard_charts as charts

QUEUE_COLORS = ["#2166ac", "#01665e", "#6a51a3", "#4d9221", "#8c6d31", "#a50f15"]
FRUSTRATION_COLORS = ("#c0392b", "#4d4d4d")
ESCALATION_COLOR = "#762a83"
NEGATIVE_COLOR = "#c0392b"
TAG_COLOR = "#a50f15"
LANGUAGE_COLOR = "#2166ac"


@dataclass(frozen=True)
class Chart:
    """One chart: an SVG for wide screens, one for phones, and the numbers as a table."""

    wide: str
    narrow: str
    headers: list[str]
    rows: list[list[object]]


def short_label(label: str) -> str:
    # "2024-05-03" -> "05-03"; "2024-05-03T14" -> "14h"
    return f"{label[-2:]}h" if "T" in label else label[5:]


def _both(draw: Callable[..., str], *args, **kwargs) -> tuple[str, str]:
    return draw(*args, width=charts.WIDE, **kwargs), draw(*args, width=charts.NARROW, **kwargs)


def render_charts(data: dict, t: Callable[..., str]) -> dict[str, Chart]:
    """Pure: every chart of the page, in the reader's language."""
    labels = [short_label(b) for b in data["buckets"]]
    x_title = t("axis_hour") if data["granularity"] == "hour" else t("axis_day")
    common = {"empty": t("no_data")}
    level_names = [t(f"level_{level}") for level in LEVELS]
    levels = [
        (name, charts.LEVEL_COLORS[level], data["levels"][level])
        for name, level in zip(level_names, LEVELS, strict=True)
    ]
    high_share = [
        round(100 * high / n, 1) if n else None
        for high, n in zip(data["frustration_high"], data["counts"], strict=True)
    ]
    frustration = [
        (t("frustration_avg"), FRUSTRATION_COLORS[0], data["frustration_avg"]),
        (t("frustration_high"), FRUSTRATION_COLORS[1], high_share),
    ]
    signal_rows = [
        (r["signal"].replace("_", " "), r["negative"], r["total"]) for r in data["negative_signals"]
    ]
    language_rows = [
        (t(f"lang_{r['language']}"), r["negative"], r["total"]) for r in data["languages"]
    ]
    tag_rows = [(r["tag"], r["negative"], None) for r in data["negative_tags"]]
    queue_rows = [(t(f"state_{state}"), n, None) for state, n in data["queue"].items()]
    axis = {"x_title": x_title, **common}
    result = {
        "levels": Chart(
            *_both(charts.stacked_bars, labels, levels, title=t("levels_title"),
                   y_title=t("axis_messages"), **axis),
            [t("bucket"), *level_names],
            [[b, *(data["levels"][lv][i] for lv in LEVELS)] for i, b in enumerate(data["buckets"])],
        ),
        "frustration": Chart(
            *_both(charts.line_chart, labels, frustration, title=t("frustration_title"),
                   y_max=100, y_title=t("axis_score"), **axis),
            [t("bucket"), t("frustration_avg"), t("frustration_high")],
            [[b, _dash(a), _dash(h)]
             for b, a, h in zip(data["buckets"], data["frustration_avg"], high_share, strict=True)],
        ),
        "escalations": Chart(
            *_both(charts.stacked_bars, labels,
                   [(t("axis_escalated"), ESCALATION_COLOR, data["escalations"])],
                   title=t("escalations_title", unit=t(f"unit_{data['granularity']}")),
                   y_title=t("axis_escalated"), **axis),
            [t("bucket"), t("axis_escalated")],
            [[b, n] for b, n in zip(data["buckets"], data["escalations"], strict=True)],
        ),
        "languages": _hbar_chart(language_rows, t, t("languages_title"), LANGUAGE_COLOR,
                                 [t("language"), t("negative"), t("total")], t("axis_messages")),
        "signals": _hbar_chart(signal_rows, t, t("signals_title"), NEGATIVE_COLOR,
                               [t("signal"), t("negative"), t("total")], t("axis_messages")),
        "tags": _hbar_chart(tag_rows, t, t("tags_title"), TAG_COLOR,
                            [t("tag"), t("negative")], t("axis_messages")),
        "queue": _hbar_chart(queue_rows, t, t("queue_title"), QUEUE_COLORS[0],
                             [t("state"), t("count")], t("axis_jobs"), colors=QUEUE_COLORS),
    }  # fmt: skip
    return result


def _dash(value: float | None) -> object:
    return "–" if value is None else value


def _hbar_chart(rows, t, title, color, headers, x_title, colors=None) -> Chart:
    options = {"title": title, "color": color, "x_title": x_title, "of": t("of")}
    options["empty"] = t("no_data")
    if colors:
        options["colors"] = colors
    table = [
        [label, value] + ([total] if total is not None else []) for label, value, total in rows
    ]
    return Chart(*_both(charts.hbars, rows, **options), headers, table)
