"""The read-only JSON API (/api/v1/): a thin layer over the selectors and access rules the pages and exports use.

- Who: a personal token (api/authentication.py) or the browser's session; nobody else (401).
- What: exactly what the person may read (accounts/access.py); an object outside it is a 404, as on the pages.
- Scores: as stored (assessments/scores.py), read by reports/selectors.py and shaped by reports/exports.py, so
  the API, the exports and the pages agree; reviewers' results only once the assessment is finalised.
- Never a write: any method but GET, HEAD and OPTIONS is a 405, before anything else is looked at.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, generics
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.renderers import JSONRenderer

from accounts import access
from agencies.models import Agency
from api import results as api_results
from api import serializers as out
from api.forms import ResultsFilter
from assessments.models import Cycle, Indicator, IndicatorValue
from criteria import selectors as criteria_selectors
from criteria.models import Category, Item
from reports import selectors


class ReadOnly:
    """Every API view: GET, HEAD and OPTIONS only; anything else is refused before authentication."""

    http_method_names = ["get", "head", "options"]

    def initial(self, request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def get_renderers(self):
        """A refusal of a write is JSON even on the documentation page (whose template would ask who is asking)."""
        if self.request.method not in SAFE_METHODS:
            return [JSONRenderer()]
        return super().get_renderers()


def _filters(request) -> dict:
    """The query's filters, checked: a bad one is a 400 saying why (never silently ignored)."""
    form = ResultsFilter(request.query_params, user=request.user)
    if not form.is_valid():
        raise exceptions.ValidationError(form.errors)
    return form.cleaned_data


def _param(name: str, description: str, type_=str, enum=None) -> OpenApiParameter:
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, description=description, enum=enum)


MINISTRY = _param("ministry", "Only the agencies of this ministry (its code)")
KIND = _param("kind", "Only agencies of this kind", enum=Agency.Kind.values)
AGENCY = _param("agency", "Only this agency (its code)")
STATUS = _param("status", "Only assessments in this status", enum=["draft", "submitted", "returned", "finalised"])
CATEGORY = _param("category", "Only this category (1–6)", int)
ITEM = _param("item", "Only this sub-item (code, e.g. 1.1)")
RESULTS_ITEM = _param("results_item", "Only this results item of category 7 (code, e.g. 7.1)")


# --- criteria ----------------------------------------------------------------------------------------------


@extend_schema(tags=["criteria"], summary="Editions of the criteria")
class EditionList(ReadOnly, generics.ListAPIView):
    serializer_class = out.EditionSerializer

    def get_queryset(self):
        return criteria_selectors.editions_visible_to(self.request.user).order_by("-first_fiscal_year", "code")


@extend_schema(tags=["criteria"], summary="An edition with its criteria")
class EditionDetail(ReadOnly, generics.RetrieveAPIView):
    serializer_class = out.EditionDetailSerializer

    def get_object(self):
        edition = criteria_selectors.get_edition_for_user(self.request.user, self.kwargs["edition"])
        grid = criteria_selectors.edition_grid(edition)
        edition.grid_levels, edition.grid_categories = grid["levels"], grid["categories"]
        edition.grid_results_items = list(edition.results_items.order_by("order"))
        return edition


# --- cycles and agencies -----------------------------------------------------------------------------------


def _cycles(user):
    """The cycles the person reads at least one assessment of (as the cycle's reports: get_cycle_for_reader)."""
    visible = access.assessments_visible_to(user).values("cycle")
    return Cycle.objects.filter(pk__in=visible).select_related("edition").order_by("-fiscal_year")


@extend_schema(tags=["cycles"], summary="Cycles you read", parameters=[_param("status", "Only cycles in this status")])
class CycleList(ReadOnly, generics.ListAPIView):
    serializer_class = out.CycleSerializer

    def get_queryset(self):
        cycles = _cycles(self.request.user)
        status = self.request.query_params.get("status")
        if status:
            if status not in Cycle.Status.values:
                raise exceptions.ValidationError({"status": [f"One of {', '.join(Cycle.Status.values)}."]})
            cycles = cycles.filter(status=status)
        return cycles


@extend_schema(tags=["cycles"], summary="A cycle")
class CycleDetail(ReadOnly, generics.RetrieveAPIView):
    serializer_class = out.CycleSerializer

    def get_object(self):
        return access.get_cycle_for_reader(self.request.user, self.kwargs["year"])


@extend_schema(tags=["agencies"], summary="Agencies you read", parameters=[MINISTRY, KIND])
class AgencyList(ReadOnly, generics.ListAPIView):
    serializer_class = out.AgencySerializer

    def get_queryset(self):
        filters = _filters(self.request)
        agencies = access.agencies_visible_to(self.request.user).select_related("ministry")
        if filters["ministry"]:
            agencies = agencies.filter(ministry__code=filters["ministry"])
        if filters["kind"]:
            agencies = agencies.filter(kind=filters["kind"])
        return agencies.order_by("ministry__name_th", "name_th", "code")


@extend_schema(tags=["agencies"], summary="An agency")
class AgencyDetail(ReadOnly, generics.RetrieveAPIView):
    serializer_class = out.AgencySerializer

    def get_object(self):
        return access.get_agency_for_user(self.request.user, self.kwargs["code"])


# --- results -----------------------------------------------------------------------------------------------


class _ResultTable(ReadOnly, generics.ListAPIView):
    """Rows of an open-data score table for a cycle, paginated (api/results.py)."""

    table = ""

    def list(self, request, *args, **kwargs):
        cycle = access.get_cycle_for_reader(request.user, kwargs["year"])
        filters = _filters(request)
        assessments = selectors.visible_assessments(
            request.user, cycle, ministry=filters["ministry"], kind=filters["kind"], agency=filters["agency"]
        )
        if filters["status"]:
            assessments = assessments.filter(status=filters["status"])
        rows = api_results.ResultRows(cycle, assessments, self.table, **self.narrowing(cycle, filters))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def narrowing(self, cycle, filters) -> dict:
        return {"per_agency": 1}


def _refuse(name: str, message: str):
    raise exceptions.ValidationError({name: [message]})


RESULT_FILTERS = [MINISTRY, KIND, AGENCY, STATUS]


@extend_schema(tags=["results"], summary="Overall result of each agency in a cycle", parameters=RESULT_FILTERS)
class ResultList(_ResultTable):
    serializer_class = out.AgencyResultSerializer
    table = "agencies"


@extend_schema(tags=["results"], summary="Result of each agency per category", parameters=[*RESULT_FILTERS, CATEGORY])
class CategoryResultList(_ResultTable):
    serializer_class = out.CategoryResultSerializer
    table = "categories"

    def narrowing(self, cycle, filters) -> dict:
        numbers = list(Category.objects.filter(edition=cycle.edition_id).values_list("number", flat=True))
        if filters["category"] is not None:
            if filters["category"] not in numbers:
                _refuse("category", "No such category in this cycle's edition.")
            return {"per_agency": 1, "categories": {filters["category"]}}
        return {"per_agency": len(numbers)}


@extend_schema(
    tags=["results"], summary="Result of each agency per sub-item", parameters=[*RESULT_FILTERS, CATEGORY, ITEM]
)
class ItemResultList(_ResultTable):
    serializer_class = out.ItemResultSerializer
    table = "items"

    def narrowing(self, cycle, filters) -> dict:
        found = list(Item.objects.filter(category__edition=cycle.edition_id).values_list("code", "category__number"))
        if filters["category"] is not None:
            found = [(code, number) for code, number in found if number == filters["category"]]
        if filters["item"]:
            found = [(code, number) for code, number in found if code == filters["item"]]
        if not found:
            _refuse("item" if filters["item"] else "category", "No such sub-item or category in this cycle's edition.")
        return {"per_agency": len(found), "items": {code for code, _number in found}}


@extend_schema(tags=["results"], summary="One agency's result in a cycle: overall, categories, sub-items")
class AssessmentResult(ReadOnly, generics.RetrieveAPIView):
    serializer_class = out.AssessmentResultSerializer

    def get_object(self):
        assessment = access.get_assessment_for_user(self.request.user, self.kwargs["year"], self.kwargs["code"])
        return api_results.assessment_result(assessment.cycle, assessment)


@extend_schema(
    tags=["results"],
    summary="Category 7: results indicators of each agency, with their values by year",
    parameters=[MINISTRY, KIND, AGENCY, RESULTS_ITEM],
)
class IndicatorList(ReadOnly, generics.ListAPIView):
    serializer_class = out.IndicatorSerializer

    def get_queryset(self):
        cycle = access.get_cycle_for_reader(self.request.user, self.kwargs["year"])
        filters = _filters(self.request)
        assessments = selectors.visible_assessments(
            self.request.user, cycle, ministry=filters["ministry"], kind=filters["kind"], agency=filters["agency"]
        )
        indicators = Indicator.objects.filter(response__assessment__in=assessments.values("pk"))
        if filters["results_item"]:
            indicators = indicators.filter(response__item__code=filters["results_item"])
        return (
            indicators.select_related(
                "response__item", "response__assessment__cycle", "response__assessment__agency__ministry"
            )
            .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("fiscal_year")))
            .order_by("response__assessment__agency__name_th", "response__item__order", "order", "pk")
        )


# --- the description --------------------------------------------------------------------------------------


class Schema(ReadOnly, SpectacularAPIView):
    """The OpenAPI 3 description (YAML; ?format=json for JSON): open to anyone, it holds no data."""

    permission_classes = [AllowAny]


class Docs(ReadOnly, SpectacularSwaggerSplitView):
    """Swagger UI from the drf-spectacular-sidecar's static files (no CDN), its script a separate file (CSP)."""

    permission_classes = [AllowAny]
    template_name = "api/docs.html"
    url_name = "api:schema"
