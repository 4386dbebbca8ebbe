"""Self-contained SVG charts rendered server-side (no JavaScript, no external resources)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

LEVEL_COLORS = {
    "very_negative": "#b2182b",
    "negative": "#ef8a62",
    "neutral": "#b8b8b8",
    "positive": "#67a9cf",
    "very_positive": "#2166ac",
}
INK = "#333"
GRID = "#e3e3e3"
FONT = 'font-family="system-ui, sans-serif" font-size="11"'
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 30, 26


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


def _empty(width: int, height: int, title: str) -> str:
    body = (
        f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#888">'
        "No data yet</text>"
    )
    return _svg(width, height, title, body)


def _legend(items: Sequence[tuple[str, str]], width: int) -> str:
    parts, x = [], LEFT
    for name, color in items:
        parts.append(
            f'<rect x="{x}" y="8" width="10" height="10" fill="{color}"/>'
            f'<text x="{x + 14}" y="17" fill="{INK}">{escape(name)}</text>'
        )
        x += 22 + 7 * len(name)
        if x > width - 60:
            break
    return "".join(parts)


def _axes(labels: Sequence[str], y_max: float, width: int, height: int) -> str:
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    parts = []
    for i in range(5):
        value = y_max * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">{value:g}</text>'
        )
    step = max(1, math.ceil(len(labels) / 10))
    slot = plot_w / max(1, len(labels))
    for index in range(0, len(labels), step):
        x = LEFT + slot * (index + 0.5)
        parts.append(
            f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" fill="{INK}">'
            f"{escape(labels[index])}</text>"
        )
    return "".join(parts)


def stacked_bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[int]]],
    *,
    title: str,
    width: int = 720,
    height: int = 240,
) -> str:
    """One bar per bucket, stacked by series (name, colour, values)."""
    totals = [sum(values[i] for _, _, values in series) for i in range(len(labels))]
    if not any(totals):
        return _empty(width, height, title)
    y_max = nice_ceiling(max(totals), integer=True)
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    slot = plot_w / len(labels)
    bar = max(1.0, slot * 0.72)
    parts = [_axes(labels, y_max, width, height)]
    for index, label in enumerate(labels):
        base = TOP + plot_h
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
    parts.append(_legend([(name, color) for name, color, _ in series], width))
    return _svg(width, height, title, "".join(parts))


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None]]],
    *,
    title: str,
    y_max: float | None = None,
    width: int = 720,
    height: int = 220,
) -> str:
    """Lines with a dot per point; a None value breaks the line (a bucket with no data)."""
    present = [v for _, _, values in series for v in values if v is not None]
    if not present:
        return _empty(width, height, title)
    top = y_max or nice_ceiling(max(present))
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    slot = plot_w / len(labels)
    parts = [_axes(labels, top, width, height)]
    for name, color, values in series:
        run: list[str] = []
        runs = [run]
        for index, value in enumerate(values):
            if value is None:
                run = []
                runs.append(run)
                continue
            x = LEFT + slot * (index + 0.5)
            y = TOP + plot_h - plot_h * min(value, top) / top
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
    parts.append(_legend([(name, color) for name, color, _ in series], width))
    return _svg(width, height, title, "".join(parts))


def hbars(
    rows: Sequence[tuple[str, float, float | None]],
    *,
    title: str,
    color: str,
    colors: Sequence[str] | None = None,
    back_color: str = "#dde5ee",
    width: int = 720,
    row_height: int = 24,
    label_width: int = 150,
) -> str:
    """Horizontal bars (label, value, optional total drawn behind as a lighter bar);
    `colors` gives one colour per row instead of `color`."""
    if not rows:
        return _empty(width, 80, title)
    height = TOP // 2 + row_height * len(rows) + 8
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
            parts.append(
                f'<rect x="{label_width}" y="{y + 3}" width="{plot_w * total / peak:.1f}" '
                f'height="{row_height - 6}" fill="{back_color}"/>'
            )
        w = max(1.0, plot_w * value / peak) if value else 0
        text = f"{value:g}" if total is None else f"{value:g} of {total:g}"
        parts.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row_height - 6}" '
            f'fill="{colors[index] if colors else color}">'
            f"<title>{escape(label)}: {text}</title></rect>"
            f'<text x="{label_width + max(w, plot_w * (total or 0) / peak) + 6:.1f}" '
            f'y="{y + row_height * 0.62:.1f}" fill="{INK}">{text}</text>'
        )
    return _svg(width, height, title, "".join(parts))
