"""Our SVG charts as PNG pictures, for the Word document (Word files take pictures, not inline SVG).

Draws the few elements reports/svg.py writes — rect, line, polyline, polygon, circle, text (in g, with title and
desc skipped) — with Pillow, Thai text shaped by its Raqm layout in the same Sarabun font as the pages and PDFs.
So each chart is drawn once (reports/charts.py) and only painted here. Input is our own markup, never a person's.
"""

import io
import math
import xml.etree.ElementTree as ET

from django.contrib.staticfiles import finders
from PIL import Image, ImageDraw, ImageFont

SVG = "{http://www.w3.org/2000/svg}"
FONT = "fonts/sarabun/Sarabun_400Regular.ttf"
ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}
_fonts: dict = {}


def _font(size: float):
    key = round(size, 1)
    if key not in _fonts:
        _fonts[key] = ImageFont.truetype(finders.find(FONT), size=max(1, round(size)))
    return _fonts[key]


def _colour(value):
    return None if value in (None, "", "none") else value


def _points(text: str, scale: float) -> list[tuple[float, float]]:
    pairs = [pair.split(",") for pair in text.split()]
    return [(float(x) * scale, float(y) * scale) for x, y in pairs]


def _dashed(draw, points, colour, width, dash: str, scale: float) -> None:
    """A polyline drawn with a dash pattern (Pillow draws only solid lines)."""
    pattern = [float(v) * scale for v in dash.replace(",", " ").split()] or [1.0]
    index, left, on = 0, pattern[0], True
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        length = math.hypot(x2 - x1, y2 - y1)
        done = 0.0
        while done < length:
            step = min(left, length - done)
            if on:
                a, b = done / length, (done + step) / length
                draw.line(
                    [(x1 + (x2 - x1) * a, y1 + (y2 - y1) * a), (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)],
                    fill=colour,
                    width=width,
                )
            done += step
            left -= step
            if left <= 1e-9:
                index = (index + 1) % len(pattern)
                left, on = pattern[index], not on


def _stroke(draw, points, element, scale, closed=False) -> None:
    colour = _colour(element.get("stroke"))
    if colour is None:
        return
    width = max(1, round(float(element.get("stroke-width", 1)) * scale))
    points = [*points, points[0]] if closed else points
    dash = element.get("stroke-dasharray", "")
    if dash:
        _dashed(draw, points, colour, width, dash, scale)
    else:
        draw.line(points, fill=colour, width=width, joint="curve")


def _paint(draw, element, scale: float) -> None:
    tag = element.tag.removeprefix(SVG)
    get = element.get
    if tag in ("title", "desc"):
        return
    if tag in ("g", "svg"):
        for child in element:
            _paint(draw, child, scale)
    elif tag == "rect":
        x, y = float(get("x", 0)) * scale, float(get("y", 0)) * scale
        box = [x, y, x + float(get("width")) * scale, y + float(get("height")) * scale]
        draw.rectangle(box, fill=_colour(get("fill")))
        _stroke(draw, [(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])], element, scale, True)
    elif tag == "line":
        points = [
            (float(get("x1")) * scale, float(get("y1")) * scale),
            (float(get("x2")) * scale, float(get("y2")) * scale),
        ]
        _stroke(draw, points, element, scale)
    elif tag in ("polyline", "polygon"):
        points = _points(get("points"), scale)
        if tag == "polygon" and _colour(get("fill")):
            draw.polygon(points, fill=get("fill"))
        _stroke(draw, points, element, scale, closed=tag == "polygon")
    elif tag == "circle":
        cx, cy, r = (float(get(a)) * scale for a in ("cx", "cy", "r"))
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=_colour(get("fill")))
        if _colour(get("stroke")):
            width = max(1, round(float(get("stroke-width", 1)) * scale))
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=get("stroke"), width=width)
    elif tag == "text" and element.text:
        size = float(get("font-size", 12)) * scale
        anchor = ANCHORS.get(get("text-anchor", "start"), "ls")
        xy = (float(get("x")) * scale, float(get("y")) * scale)
        draw.text(xy, element.text, fill=_colour(get("fill")) or "#000000", font=_font(size), anchor=anchor)


def svg_to_png(svg: str, *, scale: float = 3) -> bytes:
    """A PNG of one of our charts, `scale` pixels per SVG unit, on white."""
    root = ET.fromstring(str(svg))
    _x, _y, width, height = (float(v) for v in root.get("viewBox").split())
    image = Image.new("RGB", (math.ceil(width * scale), math.ceil(height * scale)), "white")
    _paint(ImageDraw.Draw(image), root, scale)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
