"""A cycle per fiscal year; per agency an Assessment; per item a Response with an Answer per level;
evidence, comments and the history of every change."""

from assessments.models.assessment import Answer, Assessment, CategoryOwner, Response
from assessments.models.cycle import Cycle
from assessments.models.evidence import Comment, Evidence, EvidenceFile
from assessments.models.history import Change

__all__ = [
    "Answer",
    "Assessment",
    "CategoryOwner",
    "Change",
    "Comment",
    "Cycle",
    "Evidence",
    "EvidenceFile",
    "Response",
]
