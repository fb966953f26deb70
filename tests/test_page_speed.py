"""What the team and review pages do to be fast (issue 12, "Pages") shows nothing different: the reviewers' results
page reads a finalised assessment's stored scores, equal to the scores computed now; the item mapping and the
edition's levels are read once per request."""

from fractions import Fraction

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, Score
from criteria.models import ItemMapping, Quality, SuccessFactor
from criteria.selectors import edition_levels, item_mapping
from reviews import selectors
from tests.reports_data import finalise

A = {"year": 2570, "code": "ddc"}


def _final(roles):
    finalise(roles.assessment, roles.reviewer)
    return Assessment.objects.select_related("cycle__edition", "agency").get(pk=roles.assessment.pk)


def _computed(assessment):
    """The same page data computed from the answers and the consensus, as before finalisation."""
    assessment.status = Assessment.Status.SUBMITTED
    try:
        return selectors.results(assessment)
    finally:
        assessment.status = Assessment.Status.FINALISED


def _sides(data):
    return [
        (dict(s.items), dict(s.categories), s.overall, dict(s.success_factors), dict(s.qualities), s.target)
        for s in (data["own"], data["reviewed"])
    ]


def test_finalised_results_read_as_stored_equal_the_computed_ones(roles):
    assessment = _final(roles)
    stored = selectors.results(assessment, evidence=False, inputs=False)
    assert _sides(stored) == _sides(_computed(assessment))
    assert stored["reviewed"].success_factors and stored["reviewed"].qualities


def test_the_reviewers_results_page_of_a_final_assessment_shows_the_stored_result(client, roles):
    """Stored scores are what the page shows once final (a changed row shows): it does not recompute them."""
    assessment = _final(roles)
    client.force_login(roles.reviewer)
    url = reverse("reviews:results", kwargs=A)
    before = client.get(url)
    assert before.context["reviewed"].overall == _computed(assessment)["reviewed"].overall
    Score.objects.filter(assessment=assessment, side="result", scope="overall").update(numerator=12345, denominator=100)
    # A row changed behind the application's back: the part kept for the final page (assessments/kept_parts.py)
    # would hide it; without it, the page is rendered from the stored row, not recomputed.
    cache.clear()
    after = client.get(url)
    assert after.context["reviewed"].overall.score == Fraction(12345, 100)
    assert 'id="overall-reviewed">123.45<' in after.content.decode()


def test_before_finalisation_the_results_are_computed(client, roles):
    """In review, nothing is stored for the result: the page computes the reviewers' working consensus."""
    assert not Score.objects.filter(assessment=roles.assessment, side="result").exists()
    client.force_login(roles.administrator)
    page = client.get(reverse("reviews:results", kwargs=A))
    assert page.status_code == 200 and page.context["reviewed"].overall.score == 0


def test_item_mapping_in_one_query_equals_the_mapping_rows(roles):
    edition = roles.assessment.cycle.edition
    mapping = ItemMapping.objects.get(item__category__edition=edition, item__code="1.1")
    mapping.success_factors.set(SuccessFactor.objects.all()[:2])
    mapping.qualities.set(Quality.objects.all()[:1])
    ItemMapping.objects.get(item__category__edition=edition, item__code="1.2").success_factors.clear()
    expected = {
        m.item.code: ({f.code for f in m.success_factors.all()}, {q.code for q in m.qualities.all()})
        for m in ItemMapping.objects.filter(item__category__edition=edition).select_related("item")
    }
    with CaptureQueriesContext(connection) as captured:
        found = item_mapping(edition.pk)
    assert len(captured) == 1
    assert found == expected and len(found[("1.1")][0]) == 2


def test_edition_levels_are_read_once_per_edition_object(roles):
    edition = Assessment.objects.select_related("cycle__edition").get(pk=roles.assessment.pk).cycle.edition
    with CaptureQueriesContext(connection) as captured:
        first = edition_levels(edition)
        again = edition_levels(edition)
        codes = [level.code for level in edition.levels.all()]
    assert len(captured) == 1
    assert [level.code for level in first] == [level.code for level in again] == codes
    assert codes == ["basic", "advance", "significance"]


def test_each_workspace_row_shows_the_same_status_and_claim_in_its_table_row_and_its_card(client, roles):
    """The rows are worked out once for both layouts: a ready item at Basic, one in progress below it, one
    untouched; the badges share their colours with the status badge of the other pages."""
    from assessments.answers import LevelInput, response_save

    def save(code, status, basic):
        response = roles.assessment.responses.get(item__code=code)
        levels = [LevelInput("basic", "ทำแล้ว", basic), LevelInput("advance", "", 0), LevelInput("significance", "", 0)]
        response_save(response=response, version=response.version, status=status, levels=levels, by=roles.member)

    save("1.1", "ready", 100)
    save("1.2", "in_progress", 50)
    client.force_login(roles.member)
    html = client.get(reverse("assessments:workspace", kwargs=A)).content.decode()
    table, cards = html.split("workspace-cards", 1)
    for part in (table, cards):
        ready, in_progress, untouched = (
            part.split(f'item-code">{code}<', 1)[1][:900] for code in ("1.1", "1.2", "1.3")
        )
        assert '<span class="badge text-bg-success">' in ready and '"level-badge level-basic">300.00</span>' in ready
        assert '<span class="badge text-bg-warning">' in in_progress and "150.00" in in_progress
        assert '<span class="badge text-bg-light border">' in untouched and "—" in untouched


def test_the_item_page_reads_the_reviewers_notes_only_while_returned(client, roles):
    """The reviewers' notes are read only while the assessment is returned, the one time the page shows them."""
    from reviews import workflow
    from tests.test_friction import _submitted

    url = reverse("assessments:item", kwargs={**A, "item": "1.1"})
    client.force_login(roles.member)

    def notes_read():
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url)
        return sum('"reviews_returnnote"' in q["sql"] for q in captured), page.content.decode()

    _submitted(roles)
    read, html = notes_read()
    assert read == 0 and "โปรดเพิ่มหลักฐานของหัวข้อนี้" not in html
    workflow.assessment_return(
        assessment=roles.assessment, by=roles.reviewer, message="โปรดแก้ไข", notes={"1.1": "โปรดเพิ่มหลักฐานของหัวข้อนี้"}
    )
    read, html = notes_read()
    assert read == 1 and "โปรดเพิ่มหลักฐานของหัวข้อนี้" in html
