"""Writing category 7: a results item's indicators (add, change, remove, carry over) and the item's status.

The rules of item answers apply (assessments/answers.py): the assessment's row is locked and must be open for
edits, a change names the version it started from (EditConflict otherwise, nothing written), every change is
recorded. What an indicator may hold is checked here, whatever the caller:
- a name; a direction (higher or lower is better);
- a target above 0 when given (the score is the share of the target achieved: results_scoring.py);
- values only for fiscal years of the cycle's range (`years_of`), one per year.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import richtext, scores
from assessments.answers import EditConflict, assessment_lock_for_edit
from assessments.models import Change, Indicator, IndicatorValue, Response, ResultsResponse

# The years an indicator may have values for: the cycle's fiscal year and the four before it (at least the last
# three are expected: the quality check warns otherwise).
YEARS_BACK = 4
SERIES_YEARS = 3


def years_of(cycle) -> range:
    return range(cycle.fiscal_year - YEARS_BACK, cycle.fiscal_year + 1)


@dataclass
class IndicatorData:
    name: str
    direction: str
    unit: str = ""
    target: Decimal | None = None
    data_source: str = ""
    notes: str = ""
    values: dict[int, Decimal] = field(default_factory=dict)


def _checked(data: IndicatorData, cycle) -> IndicatorData:
    name = richtext.plain(richtext.clean(data.name))
    if not name:
        raise ValidationError(_("Give the indicator a name."), code="name")
    if data.direction not in Indicator.Direction.values:
        raise ValidationError(_("Say whether a higher or a lower value is better."), code="direction")
    if data.target is not None and data.target <= 0:
        raise ValidationError(
            _("A target must be above zero: the score is the share of the target achieved."), code="target"
        )
    years = years_of(cycle)
    outside = sorted(year for year in data.values if year not in years)
    if outside:
        raise ValidationError(
            _("Fiscal year %(years)s is outside this cycle's range (B.E. %(first)s–%(last)s).")
            % {"years": ", ".join(map(str, outside)), "first": years[0], "last": years[-1]},
            code="year",
        )
    return IndicatorData(
        name=name,
        direction=data.direction,
        unit=richtext.plain(richtext.clean(data.unit)),
        target=data.target,
        data_source=richtext.plain(richtext.clean(data.data_source)),
        notes=richtext.clean(data.notes),
        values=dict(sorted(data.values.items())),
    )


def _snapshot(indicator: Indicator, values: dict) -> dict:
    return {
        "indicator": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "target": None if indicator.target is None else str(indicator.target.normalize()),
        "data_source": indicator.data_source,
        "notes": indicator.notes,
        "values": {str(year): str(Decimal(value).normalize()) for year, value in sorted(values.items())},
    }


def _values_write(indicator: Indicator, values: dict[int, Decimal]) -> None:
    IndicatorValue.objects.filter(indicator=indicator).exclude(fiscal_year__in=list(values)).delete()
    for year, value in values.items():
        IndicatorValue.objects.update_or_create(indicator=indicator, fiscal_year=year, defaults={"value": value})


def _touch(response: ResultsResponse, by) -> None:
    ResultsResponse.objects.filter(pk=response.pk).update(updated_at=timezone.now(), updated_by=by)
    if response.status == Response.Status.NOT_STARTED:
        ResultsResponse.objects.filter(pk=response.pk).update(status=Response.Status.IN_PROGRESS)


@transaction.atomic
def indicator_add(*, response: ResultsResponse, data: IndicatorData, by) -> Indicator:
    assessment = assessment_lock_for_edit(response.assessment_id)
    data = _checked(data, assessment.cycle)
    order = Indicator.objects.filter(response=response).count() + 1
    indicator = Indicator.objects.create(
        response=response,
        order=order,
        name=data.name,
        unit=data.unit,
        direction=data.direction,
        target=data.target,
        data_source=data.data_source,
        notes=data.notes,
        updated_at=timezone.now(),
        updated_by=by,
    )
    _values_write(indicator, data.values)
    _touch(response, by)
    Change.objects.create(
        assessment=assessment,
        results_response=response,
        action=Change.Action.INDICATOR_ADDED,
        by=by,
        after=_snapshot(indicator, data.values),
    )
    scores.self_store(assessment)
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, version: int, data: IndicatorData, by) -> Indicator:
    """Change an indicator if nobody changed it since `version`; EditConflict otherwise."""
    assessment = assessment_lock_for_edit(indicator.response.assessment_id)
    data = _checked(data, assessment.cycle)
    current = Indicator.objects.select_related("updated_by", "response").get(pk=indicator.pk)
    if current.version != version:
        raise EditConflict(current)
    before = _snapshot(current, {v.fiscal_year: v.value for v in current.values.all()})
    for name in ("name", "unit", "direction", "target", "data_source", "notes"):
        setattr(current, name, getattr(data, name))
    current.version, current.updated_at, current.updated_by = version + 1, timezone.now(), by
    current.save()
    _values_write(current, data.values)
    after = _snapshot(current, data.values)
    _touch(current.response, by)
    if before != after:
        Change.objects.create(
            assessment=assessment,
            results_response=current.response,
            action=Change.Action.INDICATOR_CHANGED,
            by=by,
            before=before,
            after=after,
        )
    scores.self_store(assessment)
    return current


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by) -> None:
    """Remove an indicator with its values; its history stays with the results item."""
    assessment = assessment_lock_for_edit(indicator.response.assessment_id)
    before = _snapshot(indicator, {v.fiscal_year: v.value for v in indicator.values.all()})
    response = indicator.response
    indicator.delete()
    _touch(response, by)
    Change.objects.create(
        assessment=assessment,
        results_response=response,
        action=Change.Action.INDICATOR_REMOVED,
        by=by,
        before=before,
    )
    scores.self_store(assessment)


@transaction.atomic
def results_response_status_set(*, response: ResultsResponse, status: str, by) -> None:
    """Mark a results item not started, in progress or ready."""
    assessment_lock_for_edit(response.assessment_id)
    if status not in Response.Status.values:
        raise ValidationError(_("Choose a status."))
    ResultsResponse.objects.filter(pk=response.pk).update(status=status, updated_at=timezone.now(), updated_by=by)


@transaction.atomic
def indicators_carry_over(*, response: ResultsResponse, by) -> int:
    """Start a results item from last cycle's indicators of the same agency and item code: names, units,
    directions, targets, sources, notes and the values of the years this cycle still shows. Returns how many;
    ValidationError when last cycle has none."""
    assessment = assessment_lock_for_edit(response.assessment_id)
    previous = (
        ResultsResponse.objects.filter(
            assessment__agency=assessment.agency_id,
            item__code=response.item.code,
            assessment__cycle__fiscal_year__lt=assessment.cycle.fiscal_year,
            indicators__isnull=False,
        )
        .order_by("-assessment__cycle__fiscal_year")
        .first()
    )
    if previous is None:
        raise ValidationError(_("There are no indicators for this item in an earlier cycle."))
    years = years_of(assessment.cycle)
    have = set(Indicator.objects.filter(response=response).values_list("name", flat=True))
    count = 0
    for old in previous.indicators.prefetch_related("values"):
        if old.name in have:
            continue
        values = {v.fiscal_year: v.value for v in old.values.all() if v.fiscal_year in years}
        data = IndicatorData(old.name, old.direction, old.unit, old.target, old.data_source, old.notes, values)
        indicator = indicator_add(response=response, data=data, by=by)
        Indicator.objects.filter(pk=indicator.pk).update(carried_over_from=old)
        count += 1
    return count
