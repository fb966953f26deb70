"""The charts of each report page and PDF, drawn by reports/charts.py, with their titles and text alternatives.

Series order is the same everywhere: self-assessment (solid), reviewers' result (dashed), target (dotted).
"""

from django.utils.translation import gettext as _

from assessments.scoring import score_display
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
    years = [str(entry.assessment.cycle.fiscal_year) for entry in history]
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
            title=_("Fiscal year %(year)s: the six categories") % {"year": latest.assessment.cycle.fiscal_year},
        ),
    }
