"""An organisation profile and category 7 indicators for the tests, written straight to the database (the
services that write them are tested in test_profile.py and test_indicators.py)."""

from decimal import Decimal

from assessments.models import Indicator, IndicatorValue, ProfileAnswer, ResultsResponse

PROFILE_TEXT = "{section}: ส่วนราชการมีพันธกิจในการกำหนดนโยบายและให้บริการประชาชน\n\n- บริการที่หนึ่ง\n- บริการที่สอง"


def profile_write(assessment) -> None:
    """Every section of the profile written (its own text, naming the section) and ready."""
    for answer in ProfileAnswer.objects.filter(assessment=assessment).select_related("section"):
        answer.text = PROFILE_TEXT.format(section=answer.section.title_th)
        answer.status = "ready"
        answer.save(update_fields=["text", "status"])


def indicators_write(assessment, *, met: bool = True) -> list[Indicator]:
    """One indicator per results item with a target and the last three years' values (the cycle's year on target
    when `met`, else at 80 % of it)."""
    year = assessment.cycle.fiscal_year
    made = []
    for response in ResultsResponse.objects.filter(assessment=assessment).select_related("item"):
        indicator = Indicator.objects.create(
            response=response,
            order=1,
            name=f"ตัวชี้วัดของหัวข้อ {response.item.code} ร้อยละความสำเร็จ",
            unit="ร้อยละ",
            direction="higher",
            target=Decimal(90),
            data_source="รายงานประจำปี",
        )
        values = {year - 2: Decimal("80.5"), year - 1: Decimal("85"), year: Decimal(90 if met else 72)}
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, fiscal_year=y, value=v) for y, v in values.items()
        )
        response.status = "ready"
        response.save(update_fields=["status"])
        made.append(indicator)
    return made
