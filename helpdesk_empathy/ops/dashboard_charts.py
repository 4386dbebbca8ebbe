"""Self-contained SVG charts rendered server-side (no JavaScript, no external resources).

Every colour that draws data has at least 3:1 contrast against the white card; axes carry
titles (what is counted, in which unit); the legend wraps instead of running off a narrow chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

BACKGROUND = "#ffffff"
LEVEL_COLORS = {
    "very_negative": "#a50f15",
    "negative": "#d95f02",
    "neutral": "#737373",
    "positive": "#3182bd",
    "very_positive": "#08519c",
}
INK = "#333"
GRID = "#e3e3e3"
FONT = 'font-family="system-ui, sans-serif" font-size="11"'
LEFT, RIGHT, TOP, BOTTOM = 54, 12, 30, 40
LEGEND_ROW = 15
WIDE, NARROW = 720, 360  # the two renderings: desktop cards, and phones (CSS picks one)


def nice_ceiling(value: float, *, integer: bool = False) -> float:
    """Pure: a round axis maximum at or above `value` (1, 2, 2.5, 5 x 10^k)."""
    if value <= 0:
        return 4 if integer else 1
    exponent = 10 ** math.floor(math.log10(value))
    top = next(m * exponent for m in (1, 2, 2.5, 5, 10) if m * exponent >= value)
    if integer:
        top = max(4, math.ceil(top / 4) * 4)
    return top


def _svg(width: int, height: int, title: str, body: str) -> str:
    label = escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{label}" class="chart" {FONT}>'
        f"<title>{label}</title>{body}</svg>"
    )


def _empty(width: int, height: int, title: str, text: str) -> str:
    body = (
        f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#595959">'
        f"{escape(text)}</text>"
    )
    return _svg(width, height, title, body)


def legend(items: Sequence[tuple[str, str]], width: int) -> tuple[str, int]:
    """Legend swatches, wrapped onto as many rows as the width needs; (svg, rows)."""
    parts, x, row = [], LEFT, 0
    for name, color in items:
        step = 22 + 6.5 * len(name)
        if x > LEFT and x + step > width - RIGHT:
            x, row = LEFT, row + 1
        y = 8 + row * LEGEND_ROW
        parts.append(
            f'<rect x="{x:.0f}" y="{y}" width="10" height="10" fill="{color}"/>'
            f'<text x="{x + 14:.0f}" y="{y + 9}" fill="{INK}">{escape(name)}</text>'
        )
        x += step
    return "".join(parts), row + 1


def _axes(
    labels: Sequence[str], y_max: float, width: int, height: int, top: int, titles: tuple[str, str]
) -> str:
    x_title, y_title = titles
    plot_w, plot_h = width - LEFT - RIGHT, height - top - BOTTOM
    parts = []
    for i in range(5):
        value = y_max * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">{value:g}</text>'
        )
    step = max(1, math.ceil(len(labels) / max(2, plot_w // 64)))
    slot = plot_w / max(1, len(labels))
    for index in range(0, len(labels), step):
        x = LEFT + slot * (index + 0.5)
        parts.append(
            f'<text x="{x:.1f}" y="{height - 24}" text-anchor="middle" fill="{INK}">'
            f"{escape(labels[index])}</text>"
        )
    middle = top + plot_h / 2
    parts.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle" '
        f'fill="{INK}" class="axis-title">{escape(x_title)}</text>'
        f'<text transform="translate(13 {middle:.1f}) rotate(-90)" text-anchor="middle" '
        f'fill="{INK}" class="axis-title">{escape(y_title)}</text>'
    )
    return "".join(parts)


@dataclass(frozen=True)
class _Plot:
    """Where a chart with a legend on top and axes draws: one slot per label."""

    keys: str  # the legend's svg
    axes: str  # the axes' svg
    top: int  # the plot's top edge, below the legend rows
    plot_h: float
    slot: float  # the width of one label's slot


def _plot(
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence]],
    y_max: float,
    width: int,
    height: int,
    titles: tuple[str, str],
) -> _Plot:
    keys, rows = legend([(name, color) for name, color, _ in series], width)
    top = TOP + (rows - 1) * LEGEND_ROW
    plot_w, plot_h = width - LEFT - RIGHT, height - top - BOTTOM
    axes = _axes(labels, y_max, width, height, top, titles)
    return _Plot(keys, axes, top, plot_h, plot_w / len(labels))


def stacked_bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[int]]],
    *,
    title: str,
    x_title: str = "",
    y_title: str = "",
    empty: str = "No data yet",
    width: int = WIDE,
    height: int = 250,
) -> str:
    """One bar per bucket, stacked by series (name, colour, values)."""
    totals = [sum(values[i] for _, _, values in series) for i in range(len(labels))]
    if not any(totals):
        return _empty(width, height, title, empty)
    y_max = nice_ceiling(max(totals), integer=True)
    plot = _plot(labels, series, y_max, width, height, (x_title, y_title))
    slot, plot_h = plot.slot, plot.plot_h
    bar = max(1.0, slot * 0.72)
    parts = [plot.axes]
    for index, label in enumerate(labels):
        base = plot.top + plot_h
        x = LEFT + slot * index + (slot - bar) / 2
        for name, color, values in series:
            value = values[index]
            if not value:
                continue
            h = plot_h * value / y_max
            base -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{color}"><title>{escape(label)} {escape(name)}: {value}</title></rect>'
            )
    parts.append(plot.keys)
    return _svg(width, height, title, "".join(parts))


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None]]],
    *,
    title: str,
    y_max: float | None = None,
    x_title: str = "",
    y_title: str = "",
    empty: str = "No data yet",
    width: int = WIDE,
    height: int = 240,
) -> str:
    """Lines with a dot per point; a None value breaks the line (a bucket with no data)."""
    present = [v for _, _, values in series for v in values if v is not None]
    if not present:
        return _empty(width, height, title, empty)
    top = y_max or nice_ceiling(max(present))
    plot = _plot(labels, series, top, width, height, (x_title, y_title))
    top_margin, slot, plot_h = plot.top, plot.slot, plot.plot_h
    parts = [plot.axes]
    for name, color, values in series:
        run: list[str] = []
        runs = [run]
        for index, value in enumerate(values):
            if value is None:
                run = []
                runs.append(run)
                continue
            x = LEFT + slot * (index + 0.5)
            y = top_margin + plot_h - plot_h * min(value, top) / top
            run.append(f"{x:.1f},{y:.1f}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}">'
                f"<title>{escape(labels[index])} {escape(name)}: {value:g}</title></circle>"
            )
        for points in runs:
            if len(points) > 1:
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{color}" '
                    'stroke-width="2"/>'
                )
    parts.append(plot.keys)
    return _svg(width, height, title, "".join(parts))


def hbars(
    rows: Sequence[tuple[str, float, float | None]],
    *,
    title: str,
    color: str,
    colors: Sequence[str] | None = None,
    x_title: str = "",
    of: str = "of",
    empty: str = "No data yet",
    width: int = WIDE,
    row_height: int = 24,
) -> str:
    """Horizontal bars (label, value, optional total drawn behind as an outlined bar);
    `colors` gives one colour per row instead of `color`."""
    if not rows:
        return _empty(width, 80, title, empty)
    label_width = 150 if width >= WIDE else 104
    height = TOP // 2 + row_height * len(rows) + 26
    peak = max(max(value, total or 0) for _, value, total in rows) or 1
    plot_w = width - label_width - 70
    parts = []
    for index, (label, value, total) in enumerate(rows):
        y = TOP // 2 + row_height * index
        parts.append(
            f'<text x="{label_width - 8}" y="{y + row_height * 0.62:.1f}" text-anchor="end" '
            f'fill="{INK}">{escape(label)}</text>'
        )
        if total:
            # The whole (e.g. every message with the signal): an outline, so it stays visible.
            parts.append(
                f'<rect x="{label_width}" y="{y + 3.5}" width="{plot_w * total / peak:.1f}" '
                f'height="{row_height - 7}" fill="{BACKGROUND}" stroke="#737373"/>'
            )
        w = max(1.0, plot_w * value / peak) if value else 0
        text = f"{value:g}" if total is None else f"{value:g} {of} {total:g}"
        parts.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row_height - 6}" '
            f'fill="{colors[index] if colors else color}">'
            f"<title>{escape(label)}: {text}</title></rect>"
            f'<text x="{label_width + max(w, plot_w * (total or 0) / peak) + 6:.1f}" '
            f'y="{y + row_height * 0.62:.1f}" fill="{INK}">{text}</text>'
        )
    parts.append(
        f'<text x="{label_width + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle" '
        f'fill="{INK}" class="axis-title">{escape(x_title)}</text>'
    )
    return _svg(width, height, title, "".join(parts))


def contrast_ratio(color: str, background: str = BACKGROUND) -> float:
    """Pure: WCAG contrast ratio between two #rrggbb colours."""

    def luminance(hex_color: str) -> float:
        value = hex_color.lstrip("#")
        channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(color), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
