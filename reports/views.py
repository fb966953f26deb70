"""Report pages: dashboards (HTML), gap reports and portfolios (PDF), open-data exports.

Everyone reads within their scope (accounts.access): a cycle dashboard, portfolio or export covers the assessments
the person may read, and is a 404 for a person who reads none of that cycle (access.get_cycle_for_reader).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation

from accounts import access
from assessments import kept_parts
from assessments.models import Cycle
from reports import documents, export_scores, exports, sar, selectors, snapshots, tasks
from reports.forms import DashboardFilter
from reports.models import PortfolioJob
from reports.pdf import pdf_response
from reports.sar_docx import sar_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"

REPORT_LANGUAGES = ("th", "en")


@login_required
def home(request):
    """The right dashboard for the person: their agency's when they read one agency, else the latest cycle's."""
    agencies = list(access.agencies_visible_to(request.user).order_by("name_th")[:2])
    if len(agencies) == 1:
        return redirect("reports:agency", code=agencies[0].code)
    cycle = Cycle.objects.current()
    if cycle is None or not agencies:
        return render(request, "reports/none.html", status=404 if not agencies else 200)
    return redirect("reports:cycle", year=cycle.fiscal_year)


def _assessments(request, cycle):
    """The filter form and the cycle's assessments it leaves in the person's scope (an invalid filter is ignored)."""
    form = DashboardFilter(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, selectors.visible_assessments(request.user, cycle, **filters)


def _filtered(request, cycle, *, items: bool = False):
    """The filter form and the stored results of the cycle's assessments it leaves (sub-items when asked)."""
    form, assessments = _assessments(request, cycle)
    return form, selectors.cycle_results(cycle, assessments, items=items)


@login_required
def cycle_dashboard(request, year):
    """The cycle at a glance: the whole page kept under what it shows (snapshots.CycleView.page_key), its heavy part
    also under the cycle's results alone, for everyone who reads the same assessments (snapshots).

    One query reads every cycle (one a year): the one asked for and the menu's. The ids of the assessments the
    person reads with the filters (the key) also tell whether they read any of the cycle: when none, the access
    rule decides (access.check_cycle_reader) before the page is made."""
    cycles = list(Cycle.objects.select_related("edition").order_by("-fiscal_year"))
    cycle = next((cycle for cycle in cycles if cycle.fiscal_year == year), None)
    if cycle is None:
        raise Http404("No such cycle.")
    form, assessments = _assessments(request, cycle)
    view = snapshots.CycleView(cycle, assessments)
    access.check_cycle_reader(request.user, cycle, found=bool(view.ids))
    page = {
        "cycle": cycle,
        "form": form,
        "query": request.GET.urlencode(),
        **view.context(),
        "cycles": [other for other in cycles if other.status != Cycle.Status.DRAFT],
        "export_tables": list(exports.TABLES),
        "can_read_synthesis": access.can_read_synthesis(request.user),
    }
    key = view.page_key(query=page["query"], form=form, cycles=page["cycles"], synthesis=page["can_read_synthesis"])
    part = kept_parts.part(request, "reports/_cycle.html", key, lambda: page, snapshots.KEEP_SECONDS)
    return render(request, "reports/cycle.html", {**page, "part": part})


@login_required
def agency_dashboard(request, code):
    agency = access.get_agency_for_user(request.user, code)
    return render(
        request,
        "reports/agency.html",
        {
            "agency": agency,
            **snapshots.AgencyView(request.user, agency).context(),
            "export_tables": list(exports.TABLES),
        },
    )


def _language(request) -> str:
    language = request.GET.get("lang", "th")
    if language not in REPORT_LANGUAGES:
        raise Http404("Reports are in Thai or English.")
    return language


@login_required
def gap_report(request, year, code):
    """The agency's gap report: as stored once the assessment is finalised (reports/tasks.py), else made now."""
    language = _language(request)
    assessment = access.get_assessment_for_user(request.user, year, code)
    filename = documents.gap_report_filename(assessment, language)
    stored = tasks.stored_gap_report(assessment, language)
    if stored:
        return _file_response(stored.file, filename)
    return _download(HttpResponse(documents.gap_report_pdf(assessment, language), content_type=PDF), filename)


@login_required
def sar_document(request, year, code, fmt):
    """The agency's self-assessment report (SAR) as PDF or Word, for whoever may read the assessment."""
    if fmt not in ("pdf", "docx"):
        raise Http404("The SAR is a PDF or a Word file.")
    language = _language(request)
    assessment = access.get_assessment_for_user(request.user, year, code)
    filename = f"pmqa-{year}-{code}-sar-{language}.{fmt}"
    with translation.override(language):
        data = sar.sar_data(assessment)
        if fmt == "pdf":
            return pdf_response("reports/sar.html", {**data, "now": timezone.now()}, request=request, filename=filename)
        response = HttpResponse(sar_docx(data), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def portfolio(request, year):
    """Ask for the cycle's portfolio with the dashboard's filters: made in the background, then offered on its
    page (at once, when a worker was quicker than the page)."""
    language = _language(request)
    cycle = access.get_cycle_for_reader(request.user, year)
    filters = {name: request.GET[name] for name in DashboardFilter.base_fields if request.GET.get(name)}
    job = tasks.portfolio_request(user=request.user, cycle=cycle, filters=filters, language=language)
    if job.status == PortfolioJob.Status.DONE:
        return _file_response(job.file, documents.portfolio_filename(cycle, language))
    return redirect("reports:portfolio_job", year=year, job=job.pk)


def _portfolio_job(request, year, job) -> PortfolioJob:
    """The person's own portfolio job of a cycle they still read; 404 for anyone else's."""
    cycle = access.get_cycle_for_reader(request.user, year)
    return get_object_or_404(
        PortfolioJob.objects.select_related("cycle"), pk=job, cycle=cycle, requested_by=request.user
    )


@login_required
def portfolio_job(request, year, job):
    job = _portfolio_job(request, year, job)
    waiting = job.status in (PortfolioJob.Status.QUEUED, PortfolioJob.Status.RUNNING)
    return render(
        request,
        "reports/portfolio_job.html",
        {
            "job": job,
            "cycle": job.cycle,
            "waiting": waiting,
            "step": tasks.STEPS.get(job.step, ""),
            "describe": DashboardFilter(job.filters or None, user=request.user).describe(),
            "retry_query": urlencode({**job.filters, "lang": job.language}),
            "keep_days": settings.PORTFOLIO_KEEP_DAYS,
        },
    )


@login_required
def portfolio_file(request, year, job):
    job = _portfolio_job(request, year, job)
    if job.status != PortfolioJob.Status.DONE:
        raise Http404("This portfolio is not ready.")
    return _file_response(job.file, documents.portfolio_filename(job.cycle, job.language))


def _download(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _file_response(field, filename: str) -> HttpResponse:
    """A stored PDF, read through the storage API (local or object storage), as a download."""
    with field.open("rb") as stored:
        return _download(HttpResponse(stored.read(), content_type=PDF), filename)


@login_required
def export(request, year, table, fmt):
    """Open data, streamed: CSV and JSON row by row, XLSX from a temporary file; memory stays flat."""
    if table not in exports.TABLES or fmt not in exports.FORMATS:
        raise Http404("No such export.")
    cycle = access.get_cycle_for_reader(request.user, year)
    assessments = _assessments(request, cycle)[1]
    if table in exports.TEXT_TABLES:
        data = exports.text_rows(cycle, assessments, table)
    else:
        data = export_scores.score_rows(cycle, assessments, table)
    filename = f"pmqa-{year}-{table}.{fmt}"
    if fmt == "xlsx":
        response = FileResponse(exports.as_xlsx(table, data), content_type=exports.FORMATS[fmt])
    else:
        stamp = timezone.now().isoformat(timespec="seconds")
        body = (
            exports.as_csv(table, data)
            if fmt == "csv"
            else exports.as_json(table, data, fiscal_year=year, generated_at=stamp)
        )
        response = StreamingHttpResponse(body, content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
