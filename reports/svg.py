"""The drawing kit of reports/charts.py: colours, series looks, number and text helpers, the <svg> wrapper.

Text widths are estimates for Sarabun (see charts.py); everything written into markup is escaped here.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.html import escape
from django.utils.safestring import mark_safe

Value = int | float | Fraction | Decimal | None

INK, MUTED, GRID, WHITE = "#1a1a1a", "#595959", "#d0d0d0", "#ffffff"
ACCENT, FILL = "#1f4e79", "#dde7f2"
BAR = "#7393b9"  # mid blue: black reference lines and value text stay legible on it, in grey too
STYLES = {  # style → (stroke colour, stroke-dasharray, marker shape)
    "solid": (ACCENT, "", "circle"),
    "dashed": ("#262626", "7 4", "square"),
    "dotted": ("#6b6b6b", "2 3", "triangle"),
}
_EM = 0.6  # width of a Sarabun character in em: the mean is 0.56, this errs on the wide side
# Text sizes in viewBox units. Each chart's width is about the width it is shown at (a dashboard's half column at
# 1280 px, an A4 page's text width), so 1 unit is about 1 px there: no text reads smaller than 12 px.
LABEL, SMALL = 14, 13
LINE = 1.2  # line height, in em, of a label wrapped over lines


@dataclass(frozen=True)
class Series:
    """One line of a radar or trend chart; `style` is a key of STYLES, or "" to take one by position."""

    label: str
    values: Sequence[Value]
    style: str = ""

    def __post_init__(self):
        if self.style and self.style not in STYLES:
            raise ValueError(f"unknown series style {self.style!r}; use one of {', '.join(STYLES)}")


# --- Small helpers ------------------------------------------------------------------------------


def _n(x: float) -> str:
    """A number for an attribute: one decimal at most."""
    text = f"{float(x):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _el(tag: str, text: str | None = None, **attrs) -> str:
    """One SVG element: `_` in names becomes `-`, numbers are written compactly, all text is escaped."""
    written = "".join(
        f' {name.replace("_", "-")}="{escape(v) if isinstance(v, str) else _n(v)}"'
        for name, v in attrs.items()
        if v != ""
    )
    return f"<{tag}{written}/>" if text is None else f"<{tag}{written}>{escape(text)}</{tag}>"


def _text(x: float, y: float, text: str, size: float = SMALL, anchor: str = "start", fill: str = INK) -> str:
    return _el("text", text, x=x, y=y, font_size=size, text_anchor=anchor, fill=fill)


def _label(x: float, y: float, text: str, size: float, anchor: str = "start", fill: str = INK, lead: float = 0) -> str:
    """Text on a white patch (with `lead` more room on its left), so lines crossing it do not strike it through."""
    width = _width(text, size) + 4
    left = {"start": x - 2, "middle": x - width / 2, "end": x - width + 2}[anchor] - lead
    patch = _el("rect", x=left, y=y - 0.9 * size, width=width + lead, height=1.2 * size, fill=WHITE)
    return patch + _text(x, y, text, size, anchor, fill)


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = GRID, width: float = 1, dash: str = "") -> str:
    return _el("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=stroke, stroke_width=width, stroke_dasharray=dash)


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _outline(points: Sequence[tuple[float, float]], colour: str, dash: str, closed: bool = False) -> str:
    tag = "polygon" if closed else "polyline"
    attrs = {"stroke_width": 2, "stroke_linejoin": "round", "stroke_dasharray": dash}
    return _el(tag, points=_points(points), fill="none", stroke=colour, **attrs)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    """A point marker drawn as a shape (no <marker>); the square is hollow so a circle on it leaves it visible."""
    if shape == "square":
        return _el("rect", x=x - 4.5, y=y - 4.5, width=9, height=9, fill=WHITE, stroke=colour, stroke_width=1.5)
    edge = {"fill": colour, "stroke": WHITE, "stroke_width": 1}
    if shape == "triangle":
        return _el("polygon", points=_points([(x, y - 5), (x + 4.5, y + 3.5), (x - 4.5, y + 3.5)]), **edge)
    return _el("circle", cx=x, cy=y, r=4, **edge)


def _width(text: str, size: float) -> float:
    """Estimated width of text; combining marks (Thai vowels above and below, tone marks) take none."""
    return sum(unicodedata.category(c) != "Mn" for c in text) * _EM * size


def _cut(text: str, width: float, size: float) -> str:
    """Text cut with "…" to fit width, never parting a character from its combining marks."""
    if _width(text, size) <= width:
        return text
    room, count = max(int(width / (_EM * size)) - 1, 1), 0
    for i, c in enumerate(text):
        count += unicodedata.category(c) != "Mn"
        if count > room:
            return text[:i].rstrip() + "…"
    return text


# Thai breaks between any two characters except: after a leading vowel (เ แ โ ใ ไ), before a following vowel that
# takes room (ะ า ำ ๅ) or a mark (combining, so never a break).
_NO_BREAK_AFTER = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
_NO_BREAK_BEFORE = frozenset("\u0e30\u0e32\u0e33\u0e45")


def _breakable(text: str, i: int) -> bool:
    """Whether a line may break before text[i]."""
    before, here = text[i - 1], text[i]
    if unicodedata.category(here) == "Mn" or here in _NO_BREAK_BEFORE or before in _NO_BREAK_AFTER:
        return False
    return True


def _wrap(text: str, width: float, size: float, lines: int = 2) -> list[str]:
    """Text over at most `lines` lines of `width`: broken after a space where there is one, else between two
    characters (Thai writes no spaces between words); the last line cut with "…" when the text needs more.
    The caller keeps the whole text in a <title>."""
    text = " ".join(text.split())
    out: list[str] = []
    while text and len(out) < lines - 1 and _width(text, size) > width:
        fit = next((i for i in range(len(text), 0, -1) if _width(text[:i], size) <= width), 1)
        spaces = [i + 1 for i in range(fit) if text[i] == " " and i > 0]
        if fit < len(text) and text[fit] == " ":
            spaces.append(fit + 1)
        # at the last space, unless that leaves the line less than half full (a Thai name after "3. ")
        spaces = [i for i in spaces if _width(text[:i], size) >= width / 2]
        cut = spaces[-1] if spaces else next((i for i in range(fit, 0, -1) if _breakable(text, i)), fit)
        out.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        out.append(_cut(text, width, size))
    return out or [""]


def _lines(x: float, y: float, lines: Sequence[str], size: float, anchor: str = "start", fill: str = INK) -> str:
    """One <text> a line (no <tspan>: the Word rasteriser draws text elements), the first line's baseline at y."""
    return "".join(_text(x, y + i * LINE * size, line, size, anchor, fill) for i, line in enumerate(lines))


def _value_text(value: Value) -> str:
    """A value for people: 2 places, rounded down; "–" for None."""
    if value is None:
        return "–"
    exact = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    return f"{Decimal(math.floor(exact * 100)).scaleb(-2):.2f}"


def _look(series: Sequence[Series], index: int) -> tuple[str, str, str]:
    return STYLES[series[index].style or tuple(STYLES)[index % len(STYLES)]]


def _legend(series: Sequence[Series], width: float, top: float) -> tuple[str, float]:
    """Legend rows centred across the chart, wrapping as needed: the SVG and its height."""
    rows: list[list[tuple[int, str, float]]] = [[]]
    for i, s in enumerate(series):
        whole = s.label if any(v is not None for v in s.values) else f"{s.label} —"
        label = _cut(whole, width - 60, SMALL)
        size = 34 + _width(label, SMALL)
        if rows[-1] and sum(e[3] + 18 for e in rows[-1]) + size > width - 20:
            rows.append([])
        rows[-1].append((i, whole, label, size))
    parts = []
    for r, row in enumerate(rows):
        x, y = (width - sum(e[3] for e in row) - 18 * (len(row) - 1)) / 2, top + 10 + 22 * r
        for i, whole, label, size in row:
            colour, dash, shape = _look(series, i)
            parts += [_line(x, y, x + 28, y, colour, 2, dash), _marker(shape, x + 14, y, colour)]
            text = _text(x + 34, y + 4.5, label, SMALL)
            parts.append(text if label == whole else f"<g><title>{escape(whole)}</title>{text}</g>")
            x += size + 18
    return "".join(parts), 22 * len(rows) + 6


def _ticks(maximum: float, count: int = 5) -> list[float]:
    """Round values from 0 to maximum, 1, 2, 2.5 or 5 × a power of ten apart."""
    if maximum <= 0:
        return [0]
    power = 10 ** math.floor(math.log10(maximum / count))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= maximum / count)
    return [i * step for i in range(int(maximum / step + 1e-9) + 1)]


def _references(references: Sequence[tuple[Value, str]]) -> list[tuple[float, str]]:
    return sorted((float(value), label) for value, label in references if value is not None)


def _svg(kind: str, id: str | None, size: tuple[float, float], title: str, description: str, body, *data):
    """The <svg> element around a chart's parts; the id is a hash of the inputs unless given."""
    if id is None:
        id = f"chart-{kind}-" + hashlib.sha1(repr((kind, title, description, data)).encode()).hexdigest()[:10]
    id = escape(id)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" viewBox="0 0 {_n(size[0])} '
        f'{_n(size[1])}" width="100%" preserveAspectRatio="xMidYMin meet" role="img" '
        f'aria-labelledby="{id}-title {id}-desc" font-family="Sarabun, sans-serif">'
        f'<title id="{id}-title">{escape(title)}</title><desc id="{id}-desc">{escape(description)}</desc>'
        f"{''.join(body)}</svg>"
    )


# --- Parts of charts ----------------------------------------------------------------------------


def _shade(t: float) -> tuple[str, str]:
    """A fill from light to the accent for t in 0..1, and whichever of white or ink contrasts more with it."""
    rgb = [round(a + (b - a) * t) for a, b in zip((238, 243, 249), (31, 78, 121), strict=True)]
    linear = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    text = WHITE if 1.05 / (luminance + 0.05) > (luminance + 0.05) / 0.05 else INK
    return "#{:02x}{:02x}{:02x}".format(*rgb), text


def _point_values(x: float, column: list[tuple[float, int, str]], series: Sequence[Series]) -> list[str]:
    """The values of the points at one x, given as (y, series index, text): the top one above its point,
    the others below theirs, pushed down clear of each other and of the markers below. A value pushed
    off its point carries the point's marker, so it still reads in black and white."""
    column, parts, last = sorted(column), [], -math.inf
    for k, (y, index, text) in enumerate(column):
        colour, _, shape = _look(series, index)
        if k == 0:
            parts.append(_label(x, y - 9, text, SMALL, "middle", colour))
            continue
        last = max(y + 19, last + 16)
        for lower, *_ in column[k + 1 :]:
            last = lower + 19 if last - 12 < lower + 4.5 and last + 4 > lower - 5 else last
        if last > y + 21:
            key = _marker(shape, x - _width(text, SMALL) / 2 - 1, last - 4.5, colour)
            parts += [_label(x + 6, last, text, SMALL, "middle", colour, lead=12), key]
        else:
            parts.append(_label(x, last, text, SMALL, "middle", colour))
    return parts


def _tick_text(tick: float) -> str:
    """A scale's tick: thousands grouped, one decimal at most."""
    return f"{tick:,.1f}".removesuffix(".0").replace("-0", "0") if abs(tick) >= 1000 else _n(tick)


def _titled(whole: str, text: str) -> str:
    """A text element, in a group with the whole label as its <title> when the text had to be cut."""
    return f"<g><title>{escape(whole)}</title>{text}</g>" if "…" in text and "…" not in whole else text
