"""What the API answers, field by field: the OpenAPI description is made from these.

Score rows are the open-data rows (reports/exports.py) with the same names and the same display rule: scores
rounded down and gaps rounded up to two places (scoring.score_display / gap_display), so a published score
reaches a level exactly when the real score does. Codes (status, level, kind …) are given as codes; their
meanings are in the description.
"""

from rest_framework import serializers

from agencies.models import Agency
from assessments.models import Assessment, Cycle, Indicator
from criteria.models import Edition
from reports.exports import TABLES

LEVELS = ("basic", "advance", "significance", "below_basic")


def _described(name: str, table: str = "agencies") -> str:
    return TABLES[table][name][0]


def _score(name: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=False, allow_null=True, help_text=_described(name)
    )


def _level(name: str) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=LEVELS, allow_null=True, help_text=_described(name))


class _Common(serializers.Serializer):
    fiscal_year = serializers.IntegerField(help_text=_described("fiscal_year"))
    agency_code = serializers.CharField(help_text=_described("agency_code"))
    agency_name_th = serializers.CharField(help_text=_described("agency_name_th"))
    agency_name_en = serializers.CharField(help_text=_described("agency_name_en"))
    ministry_code = serializers.CharField(help_text=_described("ministry_code"))
    ministry_name_th = serializers.CharField(help_text=_described("ministry_name_th"))


class _Scores(serializers.Serializer):
    target = serializers.IntegerField(allow_null=True, help_text=_described("target"))
    self_score = _score("self_score")
    self_level = _level("self_level")
    self_gap = _score("self_gap")
    result_score = _score("result_score")
    result_level = _level("result_level")
    result_gap = _score("result_gap")


class AgencyResultSerializer(_Common, _Scores):
    """One agency's overall result in a cycle: a row of the open-data table `agencies`."""

    kind = serializers.ChoiceField(choices=Agency.Kind.choices, help_text=_described("kind"))
    status = serializers.ChoiceField(choices=Assessment.Status.choices, help_text=_described("status"))


class CategoryResultSerializer(_Common, _Scores):
    """A category of one agency's result: a row of the open-data table `categories`."""

    category = serializers.IntegerField(help_text=_described("category", "categories"))
    category_title_th = serializers.CharField(help_text=_described("category_title_th", "categories"))


class ItemResultSerializer(_Common, _Scores):
    """A sub-item of one agency's result: a row of the open-data table `items`."""

    category = serializers.IntegerField(help_text=_described("category", "items"))
    item = serializers.CharField(help_text=_described("item", "items"))
    item_title_th = serializers.CharField(help_text=_described("item_title_th", "items"))


class CategoryScoresSerializer(_Scores):
    category = serializers.IntegerField(help_text=_described("category", "categories"))
    category_title_th = serializers.CharField(help_text=_described("category_title_th", "categories"))


class ItemScoresSerializer(_Scores):
    category = serializers.IntegerField(help_text=_described("category", "items"))
    item = serializers.CharField(help_text=_described("item", "items"))
    item_title_th = serializers.CharField(help_text=_described("item_title_th", "items"))


class AssessmentResultSerializer(AgencyResultSerializer):
    """One agency's result in a cycle, whole: overall, its categories and its sub-items."""

    categories = CategoryScoresSerializer(many=True)
    items = ItemScoresSerializer(many=True)


# --- criteria, cycles, agencies -------------------------------------------------------------------------


class EditionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Edition
        fields = ["code", "name_th", "name_en", "first_fiscal_year", "status", "published_at"]


class LevelSerializer(serializers.Serializer):
    code = serializers.CharField()
    order = serializers.IntegerField()
    name_th = serializers.CharField()
    name_en = serializers.CharField()
    points = serializers.IntegerField()


class DescriptorSerializer(serializers.Serializer):
    level = serializers.CharField(source="level.code", help_text="Level code")
    text_th = serializers.CharField()
    text_en = serializers.CharField()


class CriteriaItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    title_th = serializers.CharField()
    title_en = serializers.CharField()
    descriptors = DescriptorSerializer(many=True, source="descriptors.all")


class CriteriaCategorySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title_th = serializers.CharField()
    title_en = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    items = CriteriaItemSerializer(many=True, source="items.all")


class ResultsItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    title_th = serializers.CharField()
    title_en = serializers.CharField()


class EditionDetailSerializer(EditionSerializer):
    """An edition with its criteria: levels, categories → sub-items → descriptors, and category 7's items."""

    levels = LevelSerializer(many=True, source="grid_levels")
    categories = CriteriaCategorySerializer(many=True, source="grid_categories")
    results_items = ResultsItemSerializer(many=True, source="grid_results_items")

    class Meta(EditionSerializer.Meta):
        fields = [*EditionSerializer.Meta.fields, "levels", "categories", "results_items"]


class CycleSerializer(serializers.ModelSerializer):
    edition = serializers.CharField(source="edition.code", help_text="Code of the edition of the criteria")

    class Meta:
        model = Cycle
        fields = ["fiscal_year", "edition", "status", "opens_on", "deadline"]


class AgencySerializer(serializers.ModelSerializer):
    ministry_code = serializers.CharField(source="ministry.code")
    ministry_name_th = serializers.CharField(source="ministry.name_th")
    ministry_name_en = serializers.CharField(source="ministry.name_en")

    class Meta:
        model = Agency
        fields = [
            "code",
            "name_th",
            "name_en",
            "kind",
            "active",
            "ministry_code",
            "ministry_name_th",
            "ministry_name_en",
        ]


# --- category 7 --------------------------------------------------------------------------------------------


class IndicatorValueSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(help_text=_described("value_year", "indicators"))
    value = serializers.DecimalField(
        max_digits=18, decimal_places=4, coerce_to_string=False, help_text=_described("value", "indicators")
    )


class IndicatorSerializer(serializers.ModelSerializer):
    """A results indicator of category 7, as the agency gave it, with its values by fiscal year."""

    fiscal_year = serializers.IntegerField(source="response.assessment.cycle.fiscal_year")
    agency_code = serializers.CharField(source="response.assessment.agency.code")
    agency_name_th = serializers.CharField(source="response.assessment.agency.name_th")
    agency_name_en = serializers.CharField(source="response.assessment.agency.name_en")
    ministry_code = serializers.CharField(source="response.assessment.agency.ministry.code")
    ministry_name_th = serializers.CharField(source="response.assessment.agency.ministry.name_th")
    results_item = serializers.CharField(
        source="response.item.code", help_text=_described("results_item", "indicators")
    )
    results_item_title_th = serializers.CharField(source="response.item.title_th")
    indicator = serializers.CharField(source="name", help_text=_described("indicator", "indicators"))
    target = serializers.DecimalField(max_digits=18, decimal_places=4, coerce_to_string=False, allow_null=True)
    values = IndicatorValueSerializer(many=True, source="values.all")

    class Meta:
        model = Indicator
        fields = [
            "fiscal_year",
            "agency_code",
            "agency_name_th",
            "agency_name_en",
            "ministry_code",
            "ministry_name_th",
            "results_item",
            "results_item_title_th",
            "indicator",
            "unit",
            "direction",
            "target",
            "values",
            "data_source",
        ]
