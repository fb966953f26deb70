"""The report documents made from many rows — a gap report, a portfolio — rendered the same way whether a view
makes them at once or a task makes them in the background (reports/tasks.py)."""

from django.utils import timezone, translation

from reports import archive, dashboard, selectors
from reports.charts_context import cycle_charts, report_charts
from reports.forms import DashboardFilter
from reports.pdf import StaticOnlyFetcher, render_pdf


def gap_report_filename(assessment, language: str) -> str:
    return f"pmqa-{assessment.cycle.fiscal_year}-{assessment.agency.code}-gap-report-{language}.pdf"


def gap_report_pdf(assessment, language: str) -> bytes:
    """The agency's gap report. Final results are archival: PDF/A-3 with the results attached as JSON
    (reports/archive.py)."""
    with translation.override(language):
        data = selectors.gap_report(assessment)
        context = {"assessment": assessment, "now": timezone.now(), "charts": report_charts(data), **data}
        archival = (
            {
                "pdf_variant": archive.PDF_VARIANT,
                "attachments": [archive.attachment(assessment, data, StaticOnlyFetcher())],
            }
            if assessment.is_final
            else {}
        )
        return render_pdf("reports/gap_report.html", context, **archival)


def portfolio_filename(cycle, language: str) -> str:
    return f"pmqa-{cycle.fiscal_year}-portfolio-{language}.pdf"


def portfolio_pdf(cycle, user, filters: dict, language: str, *, step=lambda name, percent: None) -> tuple[bytes, int]:
    """The cycle's portfolio for `user` (their scope, narrowed by the dashboard's `filters`), and how many agencies
    it covers. `step(name, percent)` is told what is being done, for a progress page."""
    with translation.override(language):
        step("data", 10)
        form = DashboardFilter(filters or None, user=user)
        cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
        results = selectors.cycle_results(cycle, selectors.visible_assessments(user, cycle, **cleaned), items=False)
        overview = dashboard.overview(results)
        step("charts", 25)
        context = {
            "cycle": cycle,
            "form": form,
            "results": results,
            "overview": overview,
            "charts": cycle_charts(results, overview),
            "now": timezone.now(),
        }
        step("layout", 40)
        return render_pdf("reports/portfolio.html", context), len(results.agencies)
