"""The charts of each report page and PDF, drawn by reports/charts.py, with their titles and text alternatives.

Series order is the same everywhere: self-assessment (solid), reviewers' result (dashed), target (dotted).
"""

import math

from django.utils.translation import gettext as _

from assessments.results_scoring import quantity_display
from assessments.scoring import score_display
from pmqa.templatetags.thai_dates import be_year
from reports import charts

LEVEL_LINES = ((300, "300"), (400, "400"), (500, "500"))


def _fmt(value) -> str:
    return "—" if value is None else str(score_display(value))


def _listing(labels, values) -> str:
    return ", ".join(f"{label}: {_fmt(value)}" for label, value in zip(labels, values, strict=True))


def _references(target):
    lines = list(LEVEL_LINES)
    if target is not None:
        lines.append((target, _("target %(score)s") % {"score": target}))
    return lines


def _category_series(categories, own, result, target):
    numbers = [c.number for c in categories]
    series = [charts.Series(_("Self-assessment"), [own.categories[n].score for n in numbers], "solid")]
    if result is not None:
        series.append(charts.Series(_("Reviewers' result"), [result.categories[n].score for n in numbers], "dashed"))
    if target is not None:
        series.append(charts.Series(_("Target"), [target] * len(numbers), "dotted"))
    return series


def _radar(categories, own, result, target, *, title):
    axes = [_("Category %(number)s") % {"number": c.number} for c in categories]
    series = _category_series(categories, own, result, target)
    description = "; ".join(f"{s.label} — {_listing(axes, s.values)}" for s in series)
    return charts.radar(axes, series, title=title, description=description)


def report_charts(data) -> dict:
    """The gap report's charts: the six categories (radar) and Government 4.0 (bars), on the report's basis."""
    categories = [row["category"] for row in data["category_rows"]]
    target = data["basis"].target
    result = data["reviewed"] if data["final"] else None
    gov = [(f.name, basis) for f, own, rev in data["factors"] for basis in [rev if data["final"] else own]]
    gov += [(q.name, basis) for q, own, rev in data["qualities"] for basis in [rev if data["final"] else own]]
    rows = [(label, None if scored is None else scored.score) for label, scored in gov]
    return {
        "radar": _radar(
            categories, data["own"], result, target, title=_("The six categories: self-assessment, result and target")
        ),
        "factors": charts.bars(
            rows,
            title=_("Government 4.0 success factors and qualities"),
            description=_listing([label for label, _v in rows], [v for _label, v in rows]),
            references=_references(target),
            label_width=200,
        ),
    }


def cycle_charts(results, overview) -> dict:
    """A cycle's dashboard and portfolio charts."""
    numbers = [c.number for c in results.categories]
    statuses = [(label, count) for _status, label, count in overview["statuses"]]
    bands = overview["bands"]
    means = [(f"{c.number}. {c.title}", value) for c, value in overview["category_means"]]
    ministries = [(m.ministry.name, m.mean) for m in overview["ministries"] if m.finalised]
    heat_labels = [label for label, _values in overview["heatmap_rows"]]
    return {
        "statuses": charts.columns(
            statuses,
            title=_("Assessments by status"),
            description=_listing([s[0] for s in statuses], [s[1] for s in statuses]),
        ),
        "bands": charts.columns(
            bands,
            title=_("Distribution of final results"),
            description=_("Number of agencies per score band: %(listing)s")
            % {"listing": ", ".join(f"{label}: {count}" for label, count in bands)},
        ),
        "categories": charts.bars(
            means,
            title=_("Mean final result by category"),
            description=_listing([m[0] for m in means], [m[1] for m in means]),
            references=LEVEL_LINES,
            label_width=230,
        ),
        "ministries": charts.bars(
            ministries,
            title=_("Mean final result by ministry"),
            description=_listing([m[0] for m in ministries], [m[1] for m in ministries]),
            references=LEVEL_LINES,
            label_width=230,
        )
        if ministries
        else "",
        # Split into charts of at most 40 rows: an SVG never breaks across PDF pages.
        "heatmaps": charts.heatmaps(
            heat_labels,
            [_("Category %(number)s") % {"number": n} for n in numbers],
            [values for _label, values in overview["heatmap_rows"]],
            title=_("Final result by agency and category")
            if overview["heatmap_by_agency"]
            else _("Mean final result by ministry and category"),
            description=_(
                "Scores per category, shaded from 250 or less (lightest) to 500 (darkest). The same figures are in "
                "the table."
            ),
            # Results sit between about 250 and 450: shading from 0 would make every cell the same blue.
            minimum=250,
            maximum=500,
        )
        if heat_labels
        else [],
    }


def agency_charts(history) -> dict:
    """An agency's trend across cycles and the six categories of its latest cycle."""
    if not history:
        return {}
    years = [str(be_year(entry.assessment.cycle.fiscal_year)) for entry in history]
    series = [charts.Series(_("Self-assessment"), [e.own.overall.score for e in history], "solid")]
    if any(e.result is not None for e in history):
        series.append(
            charts.Series(
                _("Reviewers' result"), [e.result.overall.score if e.result else None for e in history], "dashed"
            )
        )
    if any(e.assessment.target_score is not None for e in history):
        series.append(charts.Series(_("Target"), [e.assessment.target_score for e in history], "dotted"))
    latest = history[-1]
    latest_year = be_year(latest.assessment.cycle.fiscal_year)
    return {
        "trend": charts.trend(
            years,
            series,
            title=_("Overall score by fiscal year"),
            description="; ".join(f"{s.label} — {_listing(years, s.values)}" for s in series),
            references=LEVEL_LINES,
        ),
        "radar": _radar(
            latest.categories,
            latest.own,
            latest.result,
            latest.assessment.target_score,
            title=_("Fiscal year %(year)s: the six categories") % {"year": latest_year},
        ),
    }


def indicator_chart(indicator, years, *, id=None):
    """One results indicator: its values across the cycle's fiscal years, its target as a labelled line. The
    scale spans the values and the target with some room (not from 0: the changes are what matter), each value
    written as the agency gave it."""
    found = {v.fiscal_year: v.value for v in indicator.values.all()}
    shown = [year for year in years if year in found] or list(years)[-3:]
    values = [found.get(year) for year in shown]
    labels = [str(year) for year in shown]
    target = indicator.target
    numbers = [float(v) for v in values if v is not None] + ([float(target)] if target is not None else [])
    ticks = _nice_ticks(min(numbers, default=0), max(numbers, default=1))
    unit = f" ({indicator.unit})" if indicator.unit else ""
    references = [] if target is None else [(target, _("target %(value)s") % {"value": quantity_display(target)})]
    listing = ", ".join(f"{x}: {quantity_display(v)}" for x, v in zip(labels, values, strict=True))
    return charts.trend(
        labels,
        [charts.Series(_("Performance"), values, "solid")],
        title=f"{indicator.name}{unit}",
        description=f"{_('Performance')} — {listing}"
        + ("" if target is None else f"; {_('Target')} {quantity_display(target)}"),
        minimum=ticks[0],
        maximum=ticks[-1],
        ticks=ticks,
        references=references,
        value_text=quantity_display,
        width=560,  # shown in half a page's width on the results pages, at full width in the SAR
        id=id or f"indicator-{indicator.pk}",
    )


def _nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round ticks (1, 2, 2.5 or 5 × a power of ten apart) from a little below `low` to a little above `high`;
    from 0 when `low` is near 0 anyway."""
    if high <= low:
        high = low + max(abs(low) * 0.1, 1)
    span = (high - low) * 1.25
    power = 10 ** math.floor(math.log10(span / count))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= span / count)
    start = math.floor((low - (high - low) * 0.15) / step) * step
    if 0 <= low and start < 0 or 0 <= start <= step:
        start = 0.0
    top = math.ceil((high + (high - low) * 0.1) / step) * step
    return [start + i * step for i in range(round((top - start) / step) + 1)]
