"""`manage.py load_criteria`: loads once, runs again without duplicating, refuses to change a published edition."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from criteria.models import CapabilityArea, Category, Descriptor, Edition, Item, ItemMapping, Quality, SuccessFactor

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _counts():
    return [
        m.objects.count()
        for m in (Edition, Category, Item, Descriptor, Quality, CapabilityArea, SuccessFactor, ItemMapping)
    ]


def test_loads_the_whole_criteria(criteria):
    assert criteria.categories.count() == 6
    assert Item.objects.filter(category__edition=criteria).count() == 24
    assert Descriptor.objects.filter(item__category__edition=criteria).count() == 72
    assert list(criteria.levels.values_list("code", "points")) == [
        ("basic", 300),
        ("advance", 400),
        ("significance", 500),
    ]
    assert Quality.objects.count() == 3
    assert CapabilityArea.objects.count() == 10
    assert list(SuccessFactor.objects.values_list("code", flat=True)) == [
        "collaboration",
        "innovation",
        "digitalization",
    ]
    assert ItemMapping.objects.filter(item__category__edition=criteria).count() == 24


def test_the_domain_anchors_of_the_mapping(criteria):
    def factors(code):
        return {f.code for f in Item.objects.get(category__edition=criteria, code=code).mapping.success_factors.all()}

    assert factors("1.3") == {"collaboration", "innovation"}
    assert factors("4.4") == {"digitalization"}
    assert factors("6.1") == {"collaboration", "digitalization"}


def test_running_it_again_changes_nothing(criteria):
    before = _counts()
    out = StringIO()
    call_command("load_criteria", stdout=out)
    assert _counts() == before
    assert "edition pmqa-4-0 unchanged" in out.getvalue()


def test_administrators_mapping_edits_survive_a_reload(criteria):
    mapping = ItemMapping.objects.get(item__category__edition=criteria, item__code="2.1")
    mapping.success_factors.set([SuccessFactor.objects.get(code="digitalization")])
    call_command("load_criteria", verbosity=0)
    assert [f.code for f in mapping.success_factors.all()] == ["digitalization"]


def test_a_changed_file_is_refused_for_a_published_edition(criteria, tmp_path):
    data = json.loads((FIXTURES / "pmqa-4.0.json").read_text(encoding="utf-8"))
    data["categories"][0]["items"][0]["descriptors"]["basic"]["text_th"] += " (แก้ไข)"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match=r"แก้ไขไม่ได้.*categories\[0\]\.items\[0\]\.descriptors\.basic"):
        call_command("load_criteria", str(changed), verbosity=0)
    assert not Descriptor.objects.filter(text_th__endswith="(แก้ไข)").exists()


def test_a_draft_is_rewritten_from_the_file(db, tmp_path):
    call_command("load_criteria", str(FIXTURES / "pmqa-4.0.json"), "--draft", verbosity=0)
    data = json.loads((FIXTURES / "pmqa-4.0.json").read_text(encoding="utf-8"))
    data["categories"][0]["title_en"] = "Leadership (revised)"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("load_criteria", str(changed), "--draft", stdout=out)
    assert "replaced" in out.getvalue()
    assert Category.objects.get(number=1).title_en == "Leadership (revised)"
    assert Edition.objects.get().status == Edition.Status.DRAFT


def test_a_file_that_is_not_criteria_is_refused(db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(CommandError, match="not a criteria file"):
        call_command("load_criteria", str(bad), verbosity=0)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="cannot read it as JSON"):
        call_command("load_criteria", str(broken), verbosity=0)


# --- The organisation profile and category 7 -----------------------------------------------------------


def _without_profile_and_results(tmp_path) -> Path:
    data = json.loads((FIXTURES / "pmqa-4.0.json").read_text(encoding="utf-8"))
    del data["profile"], data["results"]
    older = tmp_path / "pmqa-4.0-before.json"
    older.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return older


def test_an_edition_published_before_profiles_and_results_is_completed_once(db, tmp_path):
    """A database made before the product knew organisation profiles and category 7 (the edition published
    without them, assessments already opened) gains both from the file, and its assessments their rows."""
    import datetime

    from agencies.models import Agency, Ministry
    from assessments.cycles import cycle_open
    from assessments.models import Assessment, Cycle, ProfileAnswer, ResultsResponse
    from criteria.models import ProfileSection, ResultsItem, ResultsRule

    call_command("load_criteria", str(_without_profile_and_results(tmp_path)), verbosity=0)
    edition = Edition.objects.get()
    assert edition.status == Edition.Status.PUBLISHED and not ProfileSection.objects.exists()
    ministry = Ministry.objects.create(code="m", name_th="กระทรวง")
    Agency.objects.create(code="a", name_th="กรม", ministry=ministry)
    cycle = Cycle.objects.create(
        fiscal_year=2569, edition=edition, opens_on=datetime.date(2025, 10, 1), deadline="2026-03-31T16:30+07:00"
    )
    cycle_open(cycle=cycle)
    assessment = Assessment.objects.get()
    assert not ProfileAnswer.objects.exists()

    out = StringIO()
    call_command("load_criteria", stdout=out)
    assert "edition pmqa-4-0 completed" in out.getvalue()
    assert ProfileSection.objects.filter(edition=edition).count() == 15  # 2 parts, 2 groups of P.1, 11 sections
    assert ResultsItem.objects.filter(edition=edition).count() == 6 and ResultsRule.objects.filter(edition=edition)
    assert ProfileAnswer.objects.filter(assessment=assessment).count() == 11
    assert ResultsResponse.objects.filter(assessment=assessment).count() == 6
    before = [ProfileSection.objects.count(), ProfileAnswer.objects.count(), *_counts()]
    out = StringIO()
    call_command("load_criteria", stdout=out)
    assert "edition pmqa-4-0 unchanged" in out.getvalue()
    assert [ProfileSection.objects.count(), ProfileAnswer.objects.count(), *_counts()] == before


def test_completing_refuses_a_file_that_also_changes_the_grid(db, tmp_path):
    call_command("load_criteria", str(_without_profile_and_results(tmp_path)), verbosity=0)
    data = json.loads((FIXTURES / "pmqa-4.0.json").read_text(encoding="utf-8"))
    data["categories"][0]["title_th"] += " (แก้ไข)"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="แก้ไขไม่ได้"):
        call_command("load_criteria", str(changed), verbosity=0)
    from criteria.models import ProfileSection

    assert not ProfileSection.objects.exists()


def test_a_changed_profile_is_refused_once_the_edition_has_one(criteria, tmp_path):
    data = json.loads((FIXTURES / "pmqa-4.0.json").read_text(encoding="utf-8"))
    data["profile"]["sections"][0]["sections"][0]["sections"][0]["questions_th"] = "คำถามใหม่"
    data["results"]["steps"][0]["points"] = 350
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match=r"profile\.sections\[0\]\.sections\[0\]\.sections\[0\]\.questions_th"):
        call_command("load_criteria", str(changed), verbosity=0)


def test_the_file_and_the_stored_edition_agree(criteria):
    from criteria.loading import _normalised, differences, edition_as_data

    stored = _normalised(edition_as_data(criteria))
    incoming = _normalised(json.loads((FIXTURES / "pmqa-4.0.json").read_text(encoding="utf-8")))
    assert differences(stored, incoming) == []
    assert stored["profile"]["required"] is True and stored["results"]["counts_in_overall"] is False
