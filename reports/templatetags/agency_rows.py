"""{% agency_rows entries ranked %}: the rows of the dashboard's ranking (ranked) or of its "not final yet" table.

Hundreds of rows: written here in Python (format_html escapes every value) rather than through an included template
per row, which cost more than everything else on the page. Numbers go through the same display rules as the
`score` and `gap` filters (reports/templatetags/scores.py); the markup is what reports/_agency_row.html was."""

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from reports.templatetags.scores import gap, score

register = template.Library()
CODE, YEAR = "agency-code-placeholder", 1


def _urls():
    """Reversed once per table; each row fills in its agency and year."""
    agency = reverse("reports:agency", kwargs={"code": CODE})
    report = reverse("reports:gap_report", kwargs={"year": YEAR, "code": CODE})
    return lambda code: agency.replace(CODE, code), lambda year, code: report.replace(
        f"/{YEAR}/{CODE}/", f"/{year}/{code}/"
    )


def _cell(value) -> str:
    return localize(value)


@register.simple_tag
def agency_rows(entries, ranked: bool) -> SafeString:
    agency_url, report_url = _urls()
    below = gettext("Below Basic")
    english = "PDF (English)"
    rows = []
    for rank, entry in enumerate(entries, 1):
        agency, assessment = entry.agency, entry.assessment
        target = "—" if assessment.target_score is None else _cell(assessment.target_score)
        if entry.result:
            level = entry.result_level.name if entry.result_level else below
            figures = format_html(
                '<td class="text-end fw-semibold">{}</td><td>{}</td><td class="text-end">{}</td>'
                '<td class="text-end">{}</td>{}',
                _cell(score(entry.result.overall)),
                level,
                target,
                _cell(gap(entry.result.overall)),
                format_html_join(
                    "", '<td class="text-end small">{}</td>', ((_cell(score(c)),) for c in entry.result_categories())
                ),
            )
        else:
            figures = format_html(
                '<td>{}</td><td class="text-end">{}</td><td class="text-end">{}</td>',
                assessment.get_status_display(),
                _cell(score(entry.own.overall)),
                target,
            )
        report = report_url(assessment.cycle.fiscal_year, agency.code)
        rows.append(
            format_html(
                '<tr>{}<th scope="row" class="fw-normal"><a href="{}">{}</a>'
                '<div class="small text-body-secondary">{}</div></th>{}<td class="text-nowrap small">'
                '<a href="{}" download>PDF</a> · <a href="{}?lang=en" download lang="en">{}</a></td></tr>',
                format_html('<td class="text-end">{}</td>', rank) if ranked else "",
                agency_url(agency.code),
                agency.name,
                agency.ministry.name,
                figures,
                report,
                report,
                english,
            )
        )
    return mark_safe("\n".join(rows))  # each row built by format_html above
