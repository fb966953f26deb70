"""A cycle per fiscal year; per agency an Assessment; per item a Response with an Answer per level; per section
of the organisation profile a ProfileAnswer; per results item of category 7 a ResultsResponse with its
Indicators; evidence, comments and the history of every change."""

from assessments.models.assessment import Answer, Assessment, CategoryOwner, ChangeCount, Response
from assessments.models.cycle import Cycle
from assessments.models.evidence import Comment, Evidence, EvidenceFile
from assessments.models.history import Change
from assessments.models.profile import ProfileAnswer
from assessments.models.results import Indicator, IndicatorValue, ResultsResponse
from assessments.models.score import Score

__all__ = [
    "Answer",
    "Assessment",
    "CategoryOwner",
    "Change",
    "ChangeCount",
    "Comment",
    "Cycle",
    "Evidence",
    "EvidenceFile",
    "Indicator",
    "IndicatorValue",
    "ProfileAnswer",
    "Response",
    "ResultsResponse",
    "Score",
]
