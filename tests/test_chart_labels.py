"""Chart text people can read: at least 13 units in charts about as wide as they are shown (so 12 px or more), names
wrapped rather than cut where there is room, and any text cut with "…" kept whole in a <title>."""

import unicodedata
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from criteria.models import Category
from reports.charts import Series, bars, columns, heatmap, radar, trend
from reports.svg import _wrap

SVG = "{http://www.w3.org/2000/svg}"
LONG_TH = "การวัด การวิเคราะห์ และการจัดการความรู้ของส่วนราชการที่มีชื่อยาวเป็นพิเศษจนไม่พอในบรรทัดเดียวแน่นอน"
LONG_EN = "Measurement, Analysis and Knowledge Management of an agency whose name is far too long for any chart"
# The widest a chart is drawn, in viewBox units, for the width it is shown at (see reports/charts.py).
WIDEST = {"radar": 480, "bars": 560, "columns": 560, "heatmap": 640, "trend": 640}


def _charts(label):
    """Every chart with `label` in every place a label goes."""
    series = [Series(label, [300, 310, 320, 330, 340, 350]), Series("เป้าหมาย", [400] * 6)]
    return {
        "radar": radar([label, *"23456"], series, title="t", description="d"),
        "bars": bars([(label, 350), ("กรม", 300)], title="t", description="d", references=[(400, label)]),
        "columns": columns([(label, 3), ("300–349", 0)], title="t", description="d"),
        "heatmap": heatmap([label], [label, "2"], [[123, None]], title="t", description="d"),
        "trend": trend(
            [label, "2570"], [Series(label, [300, 320])], title="t", description="d", references=[(400, label)]
        ),
    }


def _texts_with_their_titles(root):
    """Each <text> with the <title> of the group around it (None when it has none)."""
    found = []

    def walk(element, title):
        own = element.find(SVG + "title")
        if element.tag == SVG + "g" and own is not None:
            title = own.text
        for child in element:
            if child.tag == SVG + "text":
                found.append((child, title))
            else:
                walk(child, title)

    walk(root, None)
    return found


@pytest.mark.parametrize("label", [LONG_TH, LONG_EN, "หมวด 1"])
@pytest.mark.parametrize("kind", list(WIDEST))
def test_text_is_at_least_13_units_in_a_chart_no_wider_than_it_is_shown(kind, label):
    root = ET.fromstring(str(_charts(label)[kind]))
    assert float(root.get("viewBox").split()[2]) <= WIDEST[kind]
    sizes = [float(t.get("font-size")) for t in root.iter(SVG + "text")]
    assert sizes and min(sizes) >= 13, sorted(set(sizes))


@pytest.mark.parametrize("label", [LONG_TH, LONG_EN])
@pytest.mark.parametrize("kind", list(WIDEST))
def test_text_cut_with_an_ellipsis_is_whole_in_its_title(kind, label):
    root = ET.fromstring(str(_charts(label)[kind]))
    cut = [(t.text, title) for t, title in _texts_with_their_titles(root) if t.text.endswith("…")]
    assert cut, "the long label is cut somewhere: else this test proves nothing"
    for text, title in cut:
        assert title == label, (text, title)


@pytest.mark.parametrize("language", ["th", "en"])
def test_category_names_show_whole_in_the_dashboard_bars(criteria, language):
    """The six category titles as the cycle dashboard draws them (label width 230) wrap and are never cut."""
    with translation.override(language):
        names = [f"{c.number}. {c.title}" for c in Category.objects.filter(edition=criteria).order_by("number")]
    root = ET.fromstring(str(bars([(name, 350) for name in names], title="t", description="d", label_width=230)))
    shown = [t.text for t in root.iter(SVG + "text")]
    assert not any(text.endswith("…") for text in shown)
    groups = [g for g in root.iter(SVG + "g") if g.find(SVG + "title") is not None]
    for name, group in zip(names, groups, strict=True):
        lines = [t.text for t in group.findall(SVG + "text")]
        assert " ".join(lines).replace(" ", "") == name.replace(" ", ""), (name, lines)
    assert any(len(group.findall(SVG + "text")) > 1 for group in groups)  # at least one wraps


def test_wrap_breaks_thai_between_characters_but_never_inside_a_syllable_cluster():
    text = "การเปลี่ยนแปลงเพื่อตอบสนองความต้องการของผู้รับบริการอย่างทันท่วงที"
    lines = _wrap(text, 120, 14, lines=10)
    assert len(lines) > 2 and "".join(lines) == text
    for line in lines[1:]:
        assert unicodedata.category(line[0]) != "Mn"  # no line starts with a vowel or tone mark above or below
        assert line[0] not in "ะาำๅ"
    for line in lines[:-1]:
        assert line[-1] not in "เแโใไ"  # a leading vowel stays with its consonant


def test_wrap_breaks_at_spaces_when_there_are_and_cuts_only_the_last_line():
    assert _wrap("Workforce Focus", 400, 14) == ["Workforce Focus"]
    assert _wrap("Measurement, Analysis and Knowledge Management", 220, 14) == [
        "Measurement, Analysis and",
        "Knowledge Management",
    ]
    three = _wrap(LONG_EN, 200, 14, lines=2)
    assert len(three) == 2 and three[1].endswith("…") and not three[0].endswith("…")
