"""The SVG charts (reports/charts.py): well-formed, accessible, escaped, geometrically right, printable.

No database: the module is pure, so these tests hand it plain values and read the SVG back as XML.
"""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from fractions import Fraction

import pytest
import weasyprint

from reports.charts import Series, bars, columns, heatmap, heatmap_top, heatmaps, radar, trend

SVG = "{http://www.w3.org/2000/svg}"
EVIL = "<script>alert('x')</script> & \"กรม\""
AXES = ["1", "2", "3", "4", "5", "6"]


def parse(svg):
    return ET.fromstring(str(svg))


def tags(root, tag):
    return root.iter(SVG + tag)


def texts(root):
    return [t.text for t in tags(root, "text")]


def points(element):
    return [tuple(map(float, pair.split(","))) for pair in element.get("points").split()]


def three_series(self_values=(300, 350, Fraction(1000, 3), 410, Decimal("455.5"), 299.999)):
    return [
        Series("ประเมินตนเอง", list(self_values)),
        Series("ผู้ตรวจประเมิน", [280, 340, 320, 400, 450, 290]),
        Series("เป้าหมาย", [400] * 6),
    ]


def all_charts(label="หมวด 1"):
    """One of each chart, with the label given wherever a label goes."""
    return {
        "radar": radar([label, *AXES[1:]], three_series(), title="Radar", description="Scores by category"),
        "bars": bars([(label, 350), ("กรมควบคุมโรค", None)], title="Bars", description="d", references=[(400, label)]),
        "columns": columns([(label, 3), ("300–349", 0)], title="Columns", description="d"),
        "heatmap": heatmap([label], [label, "2"], [[123, None]], title="Heatmap", description="d"),
        "trend": trend(["2568", label], [Series(label, [300, 320])], title="Trend", description="d"),
    }


@pytest.mark.parametrize("kind", ["radar", "bars", "columns", "heatmap", "trend"])
def test_each_chart_is_one_scalable_svg_named_by_its_title_and_desc(kind):
    svg = all_charts()[kind]
    root = parse(svg)  # raises on malformed XML
    assert root.tag == SVG + "svg"
    assert str(svg).count("<svg") == 1
    assert root.get("role") == "img"
    assert root.get("width") == "100%" and root.get("height") is None
    assert root.get("preserveAspectRatio") and re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    assert root.get("font-family") == "Sarabun, sans-serif"
    title_id, desc_id = root.get("aria-labelledby").split()
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    assert by_id[title_id].tag == SVG + "title" and by_id[title_id].text == kind.capitalize()
    assert by_id[desc_id].tag == SVG + "desc"


@pytest.mark.parametrize("kind", ["radar", "bars", "columns", "heatmap", "trend"])
def test_labels_are_escaped(kind):
    svg = str(all_charts(EVIL)[kind])
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)
    hover = [t.text for t in root.iter(SVG + "title")]
    assert EVIL in hover or EVIL in texts(root)


def test_title_and_description_are_escaped():
    root = parse(columns([], title="<b>&", description="a < b", id='x"y'))
    assert root.find(SVG + "title").text == "<b>&"
    assert root.find(SVG + "desc").text == "a < b"
    assert root.get("aria-labelledby") == 'x"y-title x"y-desc'


def test_equal_input_gives_equal_output_and_ids_follow_the_data():
    assert all_charts() == all_charts()
    first = parse(bars([("a", 1)], title="t", description="d")).get("aria-labelledby")
    other = parse(bars([("a", 2)], title="t", description="d")).get("aria-labelledby")
    assert first != other
    assert parse(bars([("a", 1)], title="t", description="d", id="gap")).get("aria-labelledby") == "gap-title gap-desc"


# --- Radar ---------------------------------------------------------------------------------------


def radar_geometry(root):
    """The centre (where every axis starts) and the outer ring's corners."""
    axis = next(tags(root, "line"))
    centre = float(axis.get("x1")), float(axis.get("y1"))
    rings = [p for p in tags(root, "polygon") if p.get("stroke") == "#d0d0d0"]
    return centre, points(rings[-1])


def outline(root, colour):
    return [e for e in root.iter() if e.tag in (SVG + "polygon", SVG + "polyline") and e.get("stroke") == colour]


def test_radar_points_lie_on_their_axes_at_value_over_maximum():
    values = [500, 250, 500, 0, 125, 600]  # 600 is past the maximum: drawn on the outer ring
    root = parse(radar(AXES, [Series("self", values)], title="t", description="d"))
    (cx, cy), outer = radar_geometry(root)
    assert outer[0][0] == pytest.approx(cx) and outer[0][1] < cy  # axis 0 at the top
    radius = cy - outer[0][1]
    (shape,) = outline(root, "#1f4e79")
    assert shape.tag == SVG + "polygon"
    drawn = points(shape)
    assert drawn[0] == pytest.approx((cx, cy - radius), abs=0.06)  # maximum on axis 0: top, at radius R
    for i, value in enumerate(values):
        share = min(value, 500) / 500
        expected = (cx + (outer[i][0] - cx) * share, cy + (outer[i][1] - cy) * share)
        assert drawn[i] == pytest.approx(expected, abs=0.1)
    assert drawn[2][0] > cx and drawn[2][1] > cy  # clockwise: axis 2 of 6 is lower right


def test_radar_series_are_told_apart_by_dash_and_marker():
    root = parse(radar(AXES, three_series(), title="t", description="d"))
    dashes = {e.get("stroke"): e.get("stroke-dasharray") for e in tags(root, "polygon") if e.get("fill") == "none"}
    assert dashes["#1f4e79"] is None and dashes["#262626"] and dashes["#6b6b6b"]
    assert dashes["#262626"] != dashes["#6b6b6b"]
    assert len(list(tags(root, "circle"))) == 6 + 1  # six points and the legend's
    assert len([r for r in tags(root, "rect") if r.get("width") == "9"]) == 6 + 1
    assert len([p for p in tags(root, "polygon") if len(p.get("points").split()) == 3]) == 6 + 1
    assert len([p for p in tags(root, "polygon") if p.get("fill") == "#dde7f2"]) == 1  # the first series' fill
    assert {"ประเมินตนเอง", "ผู้ตรวจประเมิน", "เป้าหมาย"} <= set(texts(root))


def test_radar_none_leaves_a_gap_and_an_empty_series_stays_in_the_legend():
    series = [Series("self", [300, None, 300, 300, 300, 300]), Series("reviewer", [None] * 6)]
    root = parse(radar(AXES, series, title="t", description="d"))
    lines = outline(root, "#1f4e79")
    assert all(e.tag == SVG + "polyline" for e in lines)
    assert len(lines) == 4  # 2–3, 3–4, 4–5, 5–0: nothing joins axis 1, no closed outline
    assert len(list(tags(root, "circle"))) == 5 + 1
    assert not outline(root, "#262626")
    assert "reviewer —" in texts(root)
    assert not [p for p in tags(root, "polygon") if p.get("fill") == "#dde7f2"]  # no fill over a gap


def test_radar_refuses_bad_shapes():
    with pytest.raises(ValueError):
        radar(["1", "2"], [], title="t", description="d")
    with pytest.raises(ValueError):
        radar(AXES, [Series("self", [1, 2])], title="t", description="d")
    with pytest.raises(ValueError):
        Series("self", [1], style="wavy")


# --- Bars and columns ----------------------------------------------------------------------------


def test_bars_wrap_then_cut_long_labels_and_keep_them_whole_in_a_title():
    name = "สำนักงานคณะกรรมการพัฒนาระบบราชการ (สำนักงาน ก.พ.ร.) กระทรวงที่มีชื่อยาวมาก"
    root = parse(bars([(name, 420), ("กรมควบคุมโรค", 300)], title="t", description="d"))
    groups = [g for g in tags(root, "g") if g.find(SVG + "title") is not None]
    assert [g.find(SVG + "title").text for g in groups] == [name, "กรมควบคุมโรค"]
    shown = [t.text for t in groups[0].findall(SVG + "text")]  # three lines, the last one cut
    assert len(shown) == 3 and shown[-1].endswith("…") and not any(line.endswith("…") for line in shown[:-1])
    written = "".join(shown)[:-1].replace(" ", "")
    assert name.replace(" ", "").startswith(written) and len(written) < len(name.replace(" ", ""))
    assert [t.text for t in groups[1].findall(SVG + "text")] == ["กรมควบคุมโรค"]


def test_bars_write_values_rounded_down_or_as_given_and_none_as_a_dash():
    rows = [("a", Fraction(1000, 3)), ("b", 299.999), ("c", None), ("d", Decimal("400"))]
    root = parse(bars(rows, title="t", description="d"))
    assert {"333.33", "299.99", "–", "400.00"} <= set(texts(root))
    assert len([r for r in tags(root, "rect") if r.get("fill") == "#7393b9"]) == 3  # no bar for None
    given = parse(bars(rows, title="t", description="d", value_labels=["1", "2", "3", "4"]))
    assert {"1", "2", "3", "4"} <= set(texts(given))
    with pytest.raises(ValueError):
        bars(rows, title="t", description="d", value_labels=["1"])


def test_bars_reference_lines_are_dashed_and_close_labels_do_not_share_a_line():
    refs = [(300, "พื้นฐาน"), (400, "ก้าวหน้า"), (410, "เป้าหมาย")]
    root = parse(bars([("a", 350)], title="t", description="d", references=refs))
    dashed = [line for line in tags(root, "line") if line.get("stroke-dasharray")]
    assert len(dashed) == 3
    y = {t.text: float(t.get("y")) for t in tags(root, "text")}
    assert y["ก้าวหน้า"] != y["เป้าหมาย"]
    assert y["พื้นฐาน"] == y["ก้าวหน้า"]


def test_columns_write_counts_with_the_format_and_integer_ticks():
    root = parse(
        columns([("<300", 7), ("300–349", 12), ("350–399", None)], title="t", description="d", value_format="{} แห่ง")
    )
    assert {"7 แห่ง", "12 แห่ง", "–", "<300"} <= set(texts(root))
    ticks = [int(t.text) for t in tags(root, "text") if t.get("text-anchor") == "end"]
    assert ticks == sorted(ticks) and ticks[0] == 0 and ticks[-1] >= 12 and len(ticks) <= 7
    assert parse(columns([], title="t", description="d")) is not None


# --- Heatmap -------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 450])
def test_heatmap_grows_a_row_per_label(count):
    labels = [f"หน่วยงาน {i}" for i in range(count)]
    values = [[(i * 7 + c * 50) % 500 for c in range(6)] for i in range(count)]
    root = parse(heatmap(labels, AXES, values, title="t", description="d"))
    rows = [g for g in tags(root, "g") if g.find(SVG + "title").text in labels]
    assert len(rows) == count
    assert all(len(list(tags(g, "rect"))) == 6 for g in rows)
    height = float(root.get("viewBox").split()[3])
    empty = float(parse(heatmap([], AXES, [], title="t", description="d")).get("viewBox").split()[3])
    assert empty == pytest.approx(heatmap_top(1) + 10 + 32)  # column labels, a gap, the key
    assert height == pytest.approx(empty + 20 * count)


def test_heatmap_cells_keep_contrast_and_none_is_a_dash():
    root = parse(heatmap(["a"], ["1", "2", "3"], [[0, 500, None]], title="t", description="d"))
    row = next(g for g in tags(root, "g") if g.find(SVG + "title").text == "a")
    cells = {t.text: t.get("fill") for t in row.findall(SVG + "text") if t.get("text-anchor") == "middle"}
    assert cells == {"0.00": "#1a1a1a", "500.00": "#ffffff", "–": "#595959"}
    with pytest.raises(ValueError):
        heatmap(["a"], ["1"], [[1, 2]], title="t", description="d")


def test_heatmaps_cut_long_matrices_into_page_sized_charts():
    labels = [f"row {i}" for i in range(450)]
    parts = heatmaps(labels, ["1"], [[i] for i in range(450)], title="t", description="d", id="h")
    assert len(parts) == 12
    roots = [parse(p) for p in parts]
    assert [r.find(SVG + "title").text for r in roots[:2]] == ["t (1/12)", "t (2/12)"]
    assert len({r.get("aria-labelledby") for r in roots}) == 12
    assert sum(len([g for g in tags(r, "g") if g.find(SVG + "title").text in labels]) for r in roots) == 450
    assert len(heatmaps([], ["1"], [], title="t", description="d")) == 1


# --- Trend ---------------------------------------------------------------------------------------


def test_trend_breaks_the_line_at_none_and_labels_every_point():
    series = [Series("self", [300, 310, None, 330, 340]), Series("target", [400] * 5)]
    root = parse(trend(["2566", "2567", "2568", "2569", "2570"], series, title="t", description="d"))
    assert len(outline(root, "#1f4e79")) == 2
    assert len(outline(root, "#262626")) == 1
    assert {"300.00", "310.00", "330.00", "340.00", "400.00"} <= set(texts(root))


def test_trend_with_one_cycle_draws_points_only():
    series = [Series("self", [310]), Series("reviewer", [305]), Series("target", [None])]
    root = parse(trend(["2568"], series, title="t", description="d", references=[(300, "พื้นฐาน")]))
    assert not list(tags(root, "polyline"))
    assert len(list(tags(root, "circle"))) == 2  # the point and the legend's
    assert {"310.00", "305.00", "พื้นฐาน", "target —"} <= set(texts(root))


def test_trend_values_pushed_off_their_points_carry_the_marker():
    series = [Series("self", [402]), Series("reviewer", [400]), Series("target", [395])]
    root = parse(trend(["2570"], series, title="t", description="d"))
    # 402 goes above its point, 400 below its own; 395 is pushed further down and carries the triangle
    assert len([p for p in tags(root, "polygon") if len(p.get("points").split()) == 3]) == 3  # point, key, legend
    assert len([r for r in tags(root, "rect") if r.get("width") == "9"]) == 2  # point, legend


# --- Print ---------------------------------------------------------------------------------------


def test_weasyprint_renders_a_page_with_every_chart():
    font = "file:///work/main/static/fonts/sarabun/Sarabun_400Regular.ttf"
    body = "".join(f"<figure>{chart}</figure>" for chart in all_charts("การนำองค์การ").values())
    html = f"<style>@font-face {{ font-family: Sarabun; src: url({font}) }}</style>{body}"
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf.startswith(b"%PDF")
