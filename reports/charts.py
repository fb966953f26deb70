"""Server-side SVG charts for report pages and their PDFs: no JavaScript, no ORM, no gettext.

Each function returns a SafeString holding one inline <svg>: role="img", named by its <title> and
<desc> through aria-labelledby, width="100%" with a viewBox and no height, so it scales in a browser
and in WeasyPrint alike. Callers pass every label already translated; the title is not drawn.

- Values: int, Fraction, Decimal or float. None is a gap (radar, trend), no bar or column, or a "–"
  cell. Values are clamped to the chart's range when drawn; a value written without a caller's label
  is rounded down to 2 places, as scoring.score_display does, so no chart shows a 300 not reached.
- Series (STYLES): "solid" = accent blue, filled circles; "dashed" = near-black, hollow squares;
  "dotted" = grey, triangles: dash and marker both differ, so charts read in black and white. A
  Series without a style takes one by position: pass self-assessment, reviewer, target in that order.
  The first series is drawn on top and, in a radar, alone gets a light fill. A series with no value
  is not drawn but stays in the legend, its label followed by " —".
- Text width is estimated (Sarabun: at most 0.6 em a character, combining marks none). Text is at least
  13 units (svg.SMALL) in charts about as wide as they are shown (bars and columns 560 for a dashboard's half
  column, the radar 480, the rest 640 for full width), so it reads at 12 px or more. Category and agency names
  wrap over lines (Thai between characters, svg._wrap) where there is room; a label still too long is cut with
  "…", and every cut label keeps its whole text in a <title> for hover.
- The id defaults to a hash of the inputs: equal input, equal output. Pass `id` when one chart
  appears twice on a page.
- For WeasyPrint 70: no CSS variables, <marker>, <foreignObject>, opacity or dominant-baseline;
  markers are shapes, text sits on explicit baselines, labels that lines may cross sit on white
  patches. An SVG never breaks across PDF pages: split a long heatmap with `heatmaps`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString

from reports.svg import (
    BAR,
    FILL,
    GRID,
    INK,
    LABEL,
    LINE,
    MUTED,
    SMALL,
    STYLES,
    WHITE,
    Series,
    Value,
    _cut,
    _el,
    _label,
    _legend,
    _line,
    _lines,
    _look,
    _marker,
    _n,
    _outline,
    _point_values,
    _points,
    _references,
    _shade,
    _svg,
    _text,
    _tick_text,
    _ticks,
    _titled,
    _value_text,
    _width,
    _wrap,
)

__all__ = ["STYLES", "Series", "bars", "columns", "heatmap", "heatmaps", "radar", "trend"]


def radar(
    axes: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    maximum: float = 500,
    rings: Sequence[float] = (100, 200, 300, 400, 500),
    ring_labels: bool = True,
    id: str | None = None,
) -> SafeString:
    """A radar with axis 0 at the top, clockwise; None leaves a gap in that series' outline."""
    if len(axes) < 3:
        raise ValueError("a radar needs at least 3 axes")
    if any(len(s.values) != len(axes) for s in series):
        raise ValueError(f"every series needs one value per axis ({len(axes)})")
    width, cx, cy, radius, n, maximum = 480, 240, 180, 130, len(axes), float(maximum)

    def polar(i: int, r: float) -> tuple[float, float]:
        return cx + r * math.sin(2 * math.pi * i / n), cy - r * math.cos(2 * math.pi * i / n)

    def at(i: int, value: float) -> tuple[float, float]:
        return polar(i, radius * min(max(float(value), 0), maximum) / maximum)

    parts = []
    if series and None not in series[0].values:  # the fill lies under the grid, so it needs no opacity
        parts.append(_el("polygon", points=_points([at(i, v) for i, v in enumerate(series[0].values)]), fill=FILL))
    for ring in rings:
        parts.append(_el("polygon", points=_points([at(i, ring) for i in range(n)]), fill="none", stroke=GRID))
    for i, label in enumerate(axes):
        (x, y), sin, cos = polar(i, radius + 10), math.sin(2 * math.pi * i / n), math.cos(2 * math.pi * i / n)
        anchor = "middle" if abs(sin) < 0.2 else ("start" if sin > 0 else "end")
        room = {"start": width - x, "end": x, "middle": min(2 * min(x, width - x), 200)}[anchor] - 6
        lines = _wrap(label, room, LABEL)
        step = LINE * LABEL * (len(lines) - 1)
        y += 5 - (12 if anchor == "middle" else 5) * cos  # above the top axis, clear below the bottom one
        y -= step if cos > 0.2 else 0 if cos < -0.2 else step / 2  # more lines grow away from the radar
        text = _lines(x, y, lines, LABEL, anchor)
        parts += [_line(cx, cy, *polar(i, radius)), f"<g><title>{escape(label)}</title>{text}</g>"]
    for index in reversed(range(len(series))):  # the first series (self-assessment) lies on top
        colour, dash, shape = _look(series, index)
        values = series[index].values
        if None not in values:
            parts.append(_outline([at(i, v) for i, v in enumerate(values)], colour, dash, closed=True))
        else:  # join only neighbours that both have a value, around the circle
            for i in range(n):
                if values[i] is not None and values[i - 1] is not None:
                    parts.append(_outline([at(i - 1, values[i - 1]), at(i, values[i])], colour, dash))
        parts += [_marker(shape, *at(i, v), colour) for i, v in enumerate(values) if v is not None]
    if ring_labels:  # left of the top axis
        parts += [_label(at(0, ring)[0] - 5, at(0, ring)[1] + 4.5, _n(ring), SMALL, "end", MUTED) for ring in rings]
    legend, legend_height = _legend(series, width, cy + radius + 44)
    size = (width, cy + radius + 44 + legend_height)
    return _svg("radar", id, size, title, description, [*parts, legend], axes, series, maximum, rings)


def bars(
    rows: Sequence[tuple[str, Value]],
    *,
    title: str,
    description: str,
    maximum: float = 500,
    references: Sequence[tuple[Value, str]] = (),
    value_labels: Sequence[str] | None = None,
    label_width: float = 180,
    id: str | None = None,
) -> SafeString:
    """Horizontal bars, labels at the left (wrapped over up to three lines, whole in a <title>), dashed reference
    lines labelled at the top, values at bar ends."""
    if value_labels is not None and len(value_labels) != len(rows):
        raise ValueError(f"{len(value_labels)} value labels for {len(rows)} rows")
    width, left, maximum = 560, label_width + 10, float(maximum)

    def x_of(value: float) -> float:
        return left + (width - 64 - left) * min(max(float(value), 0), maximum) / maximum

    lanes: list[float] = []  # reference labels stack in lanes, so close ones do not overlap
    placed = []
    for value, label in _references(references):
        x, half = x_of(value), _width(label, SMALL) / 2 + 3
        middle = min(max(x, half), width - half)  # a long label at either end stays inside
        lane = next((k for k, end in enumerate(lanes) if middle - half >= end), len(lanes))
        lanes[lane : lane + 1] = [middle + half]
        placed.append((x, middle, 14 + 17 * lane, label))
    top = 17 * len(lanes) + 8
    labels = [_wrap(label, label_width - 4, LABEL, 3) for label, _value in rows]
    heights = [max(28, LINE * LABEL * len(lines) + 10) for lines in labels]
    bottom = top + sum(heights)
    parts = []
    for tick in _ticks(maximum):
        parts += [
            _line(x_of(tick), top, x_of(tick), bottom),
            _text(x_of(tick), bottom + 16, _n(tick), SMALL, "middle", MUTED),
        ]
    values = []  # drawn last, so reference lines pass under them
    y = top
    for i, ((label, value), lines, height) in enumerate(zip(rows, labels, heights, strict=True)):
        middle, end = y + height / 2, left if value is None else x_of(value)
        bar = "" if value is None else _el("rect", x=left, y=middle - 8, width=end - left, height=16, fill=BAR)
        first = middle - LINE * LABEL * (len(lines) - 1) / 2 + 0.35 * LABEL
        text = _lines(label_width, first, lines, LABEL, "end")
        parts.append(f"<g><title>{escape(label)}</title>{text}{bar}</g>")
        shown = value_labels[i] if value_labels is not None else _value_text(value)
        values.append(_label(end + 4, middle + 0.35 * SMALL, shown, SMALL))
        y += height
    parts.append(_line(left, top, left, bottom, MUTED))
    for x, middle, y, label in placed:
        parts += [_line(x, top - 2, x, bottom, INK, dash="5 3"), _text(middle, y, label, SMALL, "middle")]
    data = (rows, maximum, references, value_labels, label_width)
    return _svg("bars", id, (width, bottom + 24), title, description, [*parts, *values], *data)


def columns(
    rows: Sequence[tuple[str, Value]],
    *,
    title: str,
    description: str,
    value_format: str = "{}",
    id: str | None = None,
) -> SafeString:
    """Vertical columns of counts, each count above its column, its label under it over up to two lines (whole in
    a <title>); the y axis has a few integer ticks."""
    width, left, top, bottom = 560, 48, 26, 236
    peak = max((float(v) for _, v in rows if v is not None), default=0)
    step = next(s for s in (m * 10**p for p in range(15) for m in (1, 2, 5)) if peak / s <= 5)
    ticks = range(0, max(math.ceil(peak / step), 1) * step + 1, step)
    scale = (bottom - top) / ticks[-1]
    parts = []
    for tick in ticks:
        y = bottom - tick * scale
        parts += [_line(left, y, width - 10, y), _text(left - 6, y + 4.5, str(tick), SMALL, "end", MUTED)]
    band = (width - 10 - left) / max(len(rows), 1)
    column_width = min(band * 0.6, 64)
    for i, (label, value) in enumerate(rows):
        x, y = left + band * (i + 0.5), bottom - (0 if value is None else float(value)) * scale
        column = (
            ""
            if value is None
            else _el("rect", x=x - column_width / 2, y=y, width=column_width, height=bottom - y, fill=BAR)
        )
        shown = _text(x, y - 6, "–" if value is None else value_format.format(value), SMALL, "middle")
        texts = shown + _lines(x, bottom + 19, _wrap(label, band - 4, SMALL), SMALL, "middle")
        parts.append(f"<g><title>{escape(label)}</title>{column}{texts}</g>")
    parts.append(_line(left, bottom, width - 10, bottom, MUTED))
    lines = max((len(_wrap(label, band - 4, SMALL)) for label, _v in rows), default=1)
    height = bottom + 19 + LINE * SMALL * (lines - 1) + 10
    return _svg("columns", id, (width, height), title, description, parts, rows, value_format)


def heatmap(
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    values: Sequence[Sequence[Value]],
    *,
    title: str,
    description: str,
    minimum: float = 0,
    maximum: float = 500,
    value_labels: Sequence[Sequence[str]] | None = None,
    label_width: float = 200,
    id: str | None = None,
) -> SafeString:
    """A matrix, one 20-unit row a row label (cut with "…" when long, whole in a <title>), column labels over up
    to two lines, cells shaded light to dark with the value written; None is "–"."""
    if len(values) != len(row_labels) or any(len(row) != len(column_labels) for row in values):
        raise ValueError("values need one row per row label and one value per column label")
    width, row_height, minimum, maximum = 640, ROW, float(minimum), float(maximum)
    cell = (width - label_width - 8) / max(len(column_labels), 1)
    heads = [_wrap(label, cell - 4, SMALL) for label in column_labels]
    top = heatmap_top(max((len(lines) for lines in heads), default=1))
    parts = []
    for c, (label, lines) in enumerate(zip(column_labels, heads, strict=True)):
        first = top - 8 - LINE * SMALL * (len(lines) - 1)
        text = _lines(label_width + 8 + cell * (c + 0.5), first, lines, SMALL, "middle")
        parts.append(f"<g><title>{escape(label)}</title>{text}</g>")
    for r, label in enumerate(row_labels):
        y = top + row_height * r
        row = [
            f"<g><title>{escape(label)}</title>",
            _text(label_width, y + 14.5, _cut(label, label_width - 4, SMALL), SMALL, "end"),
        ]
        for c, value in enumerate(values[r]):
            x = label_width + 8 + cell * c
            if value is None:
                fill, ink, shown = WHITE, MUTED, "–"
            else:
                fill, ink = _shade(min(max((float(value) - minimum) / ((maximum - minimum) or 1), 0), 1))
                shown = value_labels[r][c] if value_labels is not None else _value_text(value)
            row.append(_el("rect", x=x, y=y, width=cell, height=row_height, fill=fill, stroke=GRID, stroke_width=0.5))
            row.append(_text(x + cell / 2, y + 14.5, shown, SMALL, "middle", ink))
        parts.append("".join(row) + "</g>")
    key = top + row_height * len(row_labels) + 10  # a key of five shades under the matrix
    for k in range(5):
        x = label_width + 8 + 44 * k
        parts.append(_el("rect", x=x, y=key, width=44, height=10, fill=_shade(k / 4)[0], stroke=GRID, stroke_width=0.5))
        parts.append(_text(x + 22, key + 25, _n(minimum + (maximum - minimum) * k / 4), SMALL, "middle", MUTED))
    data = (row_labels, column_labels, values, minimum, maximum, value_labels, label_width)
    return _svg("heatmap", id, (width, key + KEY), title, description, parts, *data)


ROW, KEY = 20, 32  # a heatmap's row height, and the height of its key under the matrix with the gap above it


def heatmap_top(lines: int) -> float:
    """Where a heatmap's matrix starts, under its column labels of `lines` lines."""
    return 14 + LINE * SMALL * lines


def heatmaps(
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    values: Sequence[Sequence[Value]],
    *,
    title: str,
    rows_per_chart: int = 40,
    id: str | None = None,
    **options,
) -> list[SafeString]:
    """The heatmap cut into charts of at most rows_per_chart rows, for PDFs: an SVG never breaks across pages.

    40 rows (20 units each) fit an A4 page at full width with room to spare; the parts are titled "title (k/n)".
    """
    starts = range(0, max(len(row_labels), 1), rows_per_chart)
    value_labels = options.pop("value_labels", None)
    return [
        heatmap(
            row_labels[start : start + rows_per_chart],
            column_labels,
            values[start : start + rows_per_chart],
            title=title if len(starts) == 1 else f"{title} ({k}/{len(starts)})",
            value_labels=None if value_labels is None else value_labels[start : start + rows_per_chart],
            id=None if id is None else f"{id}-{k}",
            **options,
        )
        for k, start in enumerate(starts, 1)
    ]


def trend(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    maximum: float = 500,
    minimum: float = 0,
    ticks: Sequence[float] | None = None,
    references: Sequence[tuple[Value, str]] = (),
    value_text=None,
    width: float = 640,
    id: str | None = None,
) -> SafeString:
    """Lines across cycles, a marker and the value at each point; None breaks the line; one x gives points.

    The scale runs from `minimum` (0 by default) to `maximum`, with round `ticks` unless given. `value_text` writes
    a point's value (default: 2 places, rounded down, as scores are shown). `width`: about the width it is shown at
    (reference labels take the last 100 units)."""
    if any(len(s.values) != len(x_labels) for s in series):
        raise ValueError(f"every series needs one value per x label ({len(x_labels)})")
    left, right, top, bottom = 52, width - 100, 24, 236
    minimum, maximum = float(minimum), float(maximum)
    band = (right - left) / max(len(x_labels), 1)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * (min(max(float(value), minimum), maximum) - minimum) / (maximum - minimum)

    parts = []
    for tick in ticks if ticks is not None else [minimum + t for t in _ticks(maximum - minimum)]:
        parts += [
            _line(left, y_of(tick), right, y_of(tick)),
            _text(left - 6, y_of(tick) + 4.5, _tick_text(tick), SMALL, "end", MUTED),
        ]
    last = -math.inf  # reference labels in the right margin, from the top, pushed apart downwards
    for value, label in reversed(_references(references)):
        last = max(y_of(value) + 4.5, last + 15)
        parts.append(_line(left, y_of(value), right, y_of(value), INK, dash="5 3"))
        parts.append(_titled(label, _text(right + 6, last, _cut(label, width - right - 8, SMALL), SMALL)))
    parts.append(_line(left, bottom, right, bottom, MUTED))
    parts += [
        _titled(x, _text(left + band * (i + 0.5), bottom + 19, _cut(x, band - 4, SMALL), SMALL, "middle"))
        for i, x in enumerate(x_labels)
    ]
    markers, labels = [], {}
    for index in reversed(range(len(series))):  # the first series (self-assessment) lies on top
        colour, dash, shape = _look(series, index)
        values = series[index].values
        points = [None if v is None else (left + band * (i + 0.5), y_of(v)) for i, v in enumerate(values)]
        run: list[tuple[float, float]] = []
        for point in [*points, None]:
            if point is not None:
                run.append(point)
            elif run:
                parts += [_outline(run, colour, dash)] if len(run) > 1 else []
                run = []
        for i, point in enumerate(points):
            if point is not None:
                markers.append(_marker(shape, *point, colour))
                labels.setdefault(i, []).append((point[1], index, (value_text or _value_text)(values[i])))
    for i, column in labels.items():
        parts += _point_values(left + band * (i + 0.5), column, series)
    parts += markers
    legend, legend_height = _legend(series, width, bottom + 30)
    data = (x_labels, series, maximum, references, width)
    if value_text is not None or minimum or ticks is not None:
        data += (minimum, ticks, [(value_text or _value_text)(v) for s in series for v in s.values])
    return _svg("trend", id, (width, bottom + 30 + legend_height), title, description, [*parts, legend], *data)
