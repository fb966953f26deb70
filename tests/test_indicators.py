"""Category 7: results items as edition data, indicators added and changed through their form (with bad input
answered in Thai and nothing typed lost), their charts, the quality check, and the reviewers' scores."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import indicators
from assessments.answers import EditConflict
from assessments.models import Assessment, Change, Cycle, Indicator, IndicatorValue, ResultsResponse
from assessments.quality import quality_check
from criteria.models import ResultsItem, ResultsRule
from reviews.models import ResultsReview
from reviews.workflow import ReviewRefused, assessment_finalise, results_review_save
from tests.sar_data import indicators_write
from tests.test_profile import _in_review

A = {"year": 2570, "code": "ddc"}
ITEM = {**A, "item": "7.2"}


def _form(**overrides):
    data = {
        "name": "ร้อยละความพึงพอใจของผู้รับบริการ",
        "unit": "ร้อยละ",
        "direction": "higher",
        "target": "85",
        "data_source": "แบบสำรวจประจำปี",
        "notes": "สำรวจโดยหน่วยงานภายนอก",
        "year_0": "2568",
        "value_0": "80.5",
        "year_1": "2569",
        "value_1": "83",
        "year_2": "2570",
        "value_2": "86",
    }
    data.update(overrides)
    return data


def _add(client, **overrides):
    return client.post(reverse("assessments:results_item", kwargs=ITEM), _form(**overrides))


def test_results_items_are_edition_data_labelled_as_taken_from_practice(criteria):
    items = list(ResultsItem.objects.filter(edition=criteria).order_by("order"))
    assert [i.code for i in items] == ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]
    assert items[0].title_th == "ผลลัพธ์ด้านการบรรลุพันธกิจ"
    rule = ResultsRule.objects.get(edition=criteria)
    assert "กรมควบคุมโรค" in rule.source_th and "ตีความ" in rule.source_th
    assert (rule.met_at_percent, rule.points_when_met, rule.counts_in_overall) == (100, 300, False)
    assert rule.steps == [{"above_percent": "101", "points": 400}, {"above_percent": "105", "points": 500}]


def test_a_member_adds_an_indicator_with_three_years(client, roles):
    client.force_login(roles.member)
    assert _add(client).status_code == 302
    indicator = Indicator.objects.get()
    assert (indicator.name, indicator.unit, indicator.direction, indicator.target) == (
        "ร้อยละความพึงพอใจของผู้รับบริการ",
        "ร้อยละ",
        "higher",
        Decimal(85),
    )
    assert {v.fiscal_year: v.value for v in indicator.values.all()} == {
        2568: Decimal("80.5"),
        2569: Decimal(83),
        2570: Decimal(86),
    }
    response = indicator.response
    assert response.status == "in_progress" and response.updated_by == roles.member
    change = Change.objects.get(action=Change.Action.INDICATOR_ADDED)
    assert change.results_response == response and change.after["values"] == {
        "2568": "80.5",
        "2569": "83",
        "2570": "86",
    }
    page = client.get(reverse("assessments:results_item", kwargs=ITEM)).content.decode()
    assert "ร้อยละความพึงพอใจของผู้รับบริการ" in page and "80.5" in page
    assert 'class="chart chart-trend"' in page and "เป้าหมาย 85" in page  # the chart, its target line labelled
    assert page.count("400.00") >= 2  # 86 of 85 is 101.2 % of the target: above 101 %, 400 (indicator and item)
    overview = client.get(reverse("assessments:results", kwargs=A)).content.decode()
    assert "ร้อยละความพึงพอใจของผู้รับบริการ" in overview


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"value_1": "แปดสิบ"}, "value_1", "“แปดสิบ” ไม่ใช่ตัวเลข"),
        ({"target": "85 คะแนน"}, "target", "ไม่ใช่ตัวเลข"),
        ({"target": "0"}, "target", "ค่าเป้าหมายต้องมากกว่าศูนย์"),
        ({"year_2": "2575"}, "year_2", "ปีงบประมาณ 2575 อยู่นอกช่วงของรอบการประเมินนี้ (พ.ศ. 2566–2570)"),
        ({"year_2": "2027"}, "year_2", "ค.ศ. 2027 คือ พ.ศ. 2570"),
        ({"year_2": "2569"}, "year_2", "ระบุปีงบประมาณ 2569 ซ้ำกัน"),
        ({"year_3": "", "value_3": "90"}, "year_3", "ค่านี้เป็นของปีงบประมาณใด"),
        ({"year_3": "2567", "value_3": ""}, "value_3", "กรุณากรอกค่าของปี 2567"),
        ({"name": ""}, "name", "จำเป็น"),
    ],
)
def test_bad_input_is_answered_in_thai_and_nothing_typed_is_lost(client, roles, overrides, field, message):
    client.force_login(roles.member)
    response = _add(client, **overrides)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    page = response.content.decode()
    assert "แบบสำรวจประจำปี" in page and "สำรวจโดยหน่วยงานภายนอก" in page  # what was typed comes back
    for typed in overrides.values():
        assert typed in page
    assert not Indicator.objects.exists()


def test_numbers_are_read_as_people_type_them(client, roles):
    client.force_login(roles.member)
    _add(client, target="1,250", value_0="๑,๒๐๐.๕", value_1="1 230", value_2="95 %")
    indicator = Indicator.objects.get()
    assert indicator.target == Decimal(1250)
    assert [v.value for v in indicator.values.all()] == [Decimal("1200.5"), Decimal(1230), Decimal(95)]


def test_the_service_refuses_what_the_form_would(roles):
    response = roles.assessment.results_responses.get(item__code="7.1")
    data = indicators.IndicatorData(name="ก", direction="higher", target=Decimal(0))
    with pytest.raises(Exception, match="มากกว่าศูนย์"):
        indicators.indicator_add(response=response, data=data, by=roles.member)
    data = indicators.IndicatorData(name="ก", direction="higher", target=Decimal(5), values={2550: Decimal(1)})
    with pytest.raises(Exception, match="2550"):
        indicators.indicator_add(response=response, data=data, by=roles.member)


def test_editing_an_indicator_names_its_version_and_loses_nothing(client, roles):
    client.force_login(roles.member)
    _add(client)
    indicator = Indicator.objects.get()
    url = reverse("assessments:indicator_edit", kwargs={**ITEM, "indicator_id": indicator.pk})
    form = client.get(url).context["form"]
    assert form.initial["value_2"] == "86" and form.initial["version"] == 0
    assert client.post(url, _form(version=0, value_2="87")).status_code == 302
    stale = client.post(url, _form(version=0, value_2="88", notes="ของผู้ประสานงาน"))
    assert stale.status_code == 409 and "ของผู้ประสานงาน" in stale.content.decode()
    assert IndicatorValue.objects.get(fiscal_year=2570).value == Decimal(87)
    change = Change.objects.get(action=Change.Action.INDICATOR_CHANGED)
    assert change.before["values"]["2570"] == "86" and change.after["values"]["2570"] == "87"
    with pytest.raises(EditConflict):
        indicators.indicator_update(indicator=indicator, version=0, data=_data(), by=roles.member)


def _data():
    return indicators.IndicatorData(name="x", direction="lower", target=Decimal(5))


def test_removing_an_indicator_keeps_its_history(client, roles):
    client.force_login(roles.member)
    _add(client)
    indicator = Indicator.objects.get()
    client.post(reverse("assessments:indicator_delete", kwargs={**ITEM, "indicator_id": indicator.pk}))
    assert not Indicator.objects.exists() and not IndicatorValue.objects.exists()
    change = Change.objects.get(action=Change.Action.INDICATOR_REMOVED)
    assert change.before["indicator"] == "ร้อยละความพึงพอใจของผู้รับบริการ"


def test_indicators_carry_over_from_last_cycle(client, roles):
    from assessments.cycles import cycle_open

    previous = Cycle.objects.create(
        fiscal_year=2569, edition=roles.cycle.edition, opens_on=roles.cycle.opens_on, deadline=roles.cycle.deadline
    )
    cycle_open(cycle=previous)
    old = indicators_write(Assessment.objects.get(cycle=previous, agency=roles.agency))
    client.force_login(roles.member)
    client.post(reverse("assessments:results_carry_over", kwargs={**A, "item": "7.3"}))
    copied = Indicator.objects.get(response__assessment=roles.assessment)
    source = next(i for i in old if i.response.item.code == "7.3")
    assert copied.name == source.name and copied.carried_over_from == source
    assert {v.fiscal_year for v in copied.values.all()} == {2567, 2568, 2569}  # 2566 is out of this cycle's range


def test_the_quality_check_warns_about_incomplete_results(roles):
    response = roles.assessment.results_responses.get(item__code="7.1")
    no_target = Indicator.objects.create(response=response, name="ไม่มีเป้า")
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=no_target, fiscal_year=y, value=1) for y in (2568, 2569, 2570)
    )
    stale = Indicator.objects.create(response=response, name="ไม่มีผลปีนี้", target=5)
    IndicatorValue.objects.create(indicator=stale, fiscal_year=2569, value=3)
    short = Indicator.objects.create(response=response, name="สองปี", target=5)
    IndicatorValue.objects.bulk_create(IndicatorValue(indicator=short, fiscal_year=y, value=5) for y in (2569, 2570))
    findings = [(f.item_code, f.message) for f in quality_check(roles.assessment) if f.kind == "results"]
    assert ("7.1", "“ไม่มีเป้า” ยังไม่มีค่าเป้าหมาย") in findings
    assert ("7.1", "“ไม่มีผลปีนี้” ยังไม่มีผลการดำเนินงานของปีงบประมาณ 2570") in findings
    assert ("7.1", "“สองปี” ยังขาดผลการดำเนินงานบางปีในสามปีงบประมาณล่าสุด") in findings
    assert ("7.2", "ยังไม่ได้รายงานตัวชี้วัดของหัวข้อผลลัพธ์นี้") in findings
    assert len(findings) == 3 + 5


def test_reviewers_score_results_items_and_finalising_waits_for_them(client, roles):
    _in_review(roles)
    client.force_login(roles.reviewer)
    url = reverse("reviews:results_item", kwargs={**A, "item": "7.1"})
    page = client.get(url)
    assert page.context["forms"]["mine"].initial["score"] == 300  # the rule's score of the indicators, to start
    assert (
        client.post(url, {"mine-score": 350, "mine-strengths": "ต่อเนื่อง", "mine-improvements": "เทียบเคียง"}).status_code
        == 302
    )
    assert ResultsReview.objects.get(is_consensus=False).score == 350
    assert client.get(url).context["forms"]["consensus"].initial["score"] == 350  # starts from the lead's own
    with pytest.raises(ReviewRefused, match="ทีละ 5"):
        results_review_save(
            response=ResultsResponse.objects.get(assessment=roles.assessment, item__code="7.1"),
            reviewer=roles.reviewer,
            score=333,
            strengths="",
            improvements="",
        )
    from tests.test_review_workflow import _consensus_everywhere

    _consensus_everywhere(roles, but=("7.4",))
    with pytest.raises(ReviewRefused, match="7.4"):
        assessment_finalise(assessment=roles.assessment, by=roles.reviewer)
    client.post(url.replace("7.1", "7.4"), {"consensus-score": 300, "consensus-strengths": "ดี"})
    assert assessment_finalise(assessment=roles.assessment, by=roles.reviewer).status == "finalised"


def test_results_items_without_indicators_need_no_consensus(roles):
    _in_review(roles)
    Indicator.objects.filter(response__item__code="7.6").delete()
    from tests.test_review_workflow import _consensus_everywhere

    _consensus_everywhere(roles, but=("7.6",))
    assert assessment_finalise(assessment=roles.assessment, by=roles.reviewer).status == "finalised"


def test_the_results_page_reports_category_7_beside_an_unchanged_overall(client, roles):
    from tests.reports_data import expected_scores, finalise

    finalise(roles.assessment, roles.reviewer)
    indicators_write(roles.assessment, met=False)  # 80 % of each target: 240 by the rule
    for response in roles.assessment.results_responses.all():
        ResultsReview.objects.create(response=response, reviewer=roles.reviewer, is_consensus=True, score=250)
    client.force_login(roles.executive)
    response = client.get(reverse("reviews:results", kwargs=A))
    assert response.context["reviewed"].overall == expected_scores(roles.assessment, reviewed=True).overall
    category_7 = response.context["category_7"]
    assert category_7["own"].score == 240 and category_7["reviewed"].score == 250
    page = response.content.decode()
    assert "หมวด 7: ผลลัพธ์การดำเนินการ" in page and "240.00" in page and "250.00" in page
    assert "หมวด 7 ผลลัพธ์รายงานไว้คู่กันและไม่นับรวมในคะแนนภาพรวม" in page


def test_an_edition_that_counts_results_changes_the_overall_everywhere(client, roles):
    """Every page and export agrees on an overall that includes category 7 when the edition says so."""
    from criteria.editions import edition_copy, edition_publish
    from reports.selectors import cycle_results
    from tests.reports_data import expected_scores, finalise

    edition = edition_copy(edition=roles.cycle.edition, code="counting", name_th="นับผลลัพธ์", first_fiscal_year=2570)
    ResultsRule.objects.filter(edition=edition).update(counts_in_overall=True, weight=2)
    edition_publish(edition=edition)
    Cycle.objects.filter(pk=roles.cycle.pk).update(edition=edition)
    Assessment.objects.filter(cycle=roles.cycle).delete()  # opened on the other edition: open again on this one
    from assessments.cycles import cycle_open

    roles.cycle.refresh_from_db()
    cycle_open(cycle=roles.cycle)
    roles.assessment = Assessment.objects.get(cycle=roles.cycle, agency=roles.agency)
    indicators_write(roles.assessment, met=False)  # the rule gives 240 to each results item
    for response in roles.assessment.results_responses.all():
        ResultsReview.objects.create(response=response, reviewer=roles.reviewer, is_consensus=True, score=450)
    finalise(roles.assessment, roles.reviewer)  # the scores are stored as they are now
    process = expected_scores(roles.assessment, reviewed=True).overall.score
    expected = (process * 6 + 450 * 2) / 8

    client.force_login(roles.administrator)
    page = client.get(reverse("reviews:results", kwargs=A))
    assert page.context["reviewed"].overall.score == expected
    assert "ค่าเฉลี่ยถ่วงน้ำหนักของหมวด 1–6 และหมวด 7 ผลลัพธ์ (น้ำหนัก 2)" in page.content.decode()
    results = cycle_results(roles.cycle, Assessment.objects.filter(pk=roles.assessment.pk))
    assert results.agencies[0].result.overall.score == expected
    assert (
        results.agencies[0].own.overall.score
        == (expected_scores(roles.assessment, reviewed=False).overall.score * 6 + 240 * 2) / 8
    )
    export = client.get(reverse("reports:export", kwargs={"year": 2570, "table": "agencies", "fmt": "json"}))
    from assessments.scoring import score_display

    row = next(r for r in json.loads(export.getvalue())["rows"] if r["agency_code"] == "ddc")
    assert row["result_score"] == float(score_display(expected))
    report = client.get(reverse("reports:gap_report", kwargs=A))
    plan = report.context["plan"]
    assert plan.before == expected  # the priorities start from the same overall
    assert plan.after >= 400 and plan.reachable


def test_a_results_item_page_reads_the_team_once(client, roles, django_assert_num_queries):
    client.force_login(roles.coordinator)
    # session, user, assessment, the team with their people (the coordinator's access and the owner choices:
    # accounts/access.team), the results rule, the results item's response, its indicators, levels, whether there
    # is evidence, history
    with django_assert_num_queries(10):
        assert client.get(reverse("assessments:results_item", kwargs={**A, "item": "7.1"})).status_code == 200
