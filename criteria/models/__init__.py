"""The criteria as versioned data: editions and their grid (editions.py), the organisation profile (profile.py),
category 7 results (results.py), and Government 4.0 with our item mapping (government.py)."""

from criteria.models.editions import Bilingual, Category, Descriptor, Edition, Item, Level
from criteria.models.government import CapabilityArea, Gov40Entry, ItemMapping, Quality, SuccessFactor
from criteria.models.profile import ProfileSection
from criteria.models.results import ResultsItem, ResultsRule

__all__ = [
    "Bilingual",
    "CapabilityArea",
    "Category",
    "Descriptor",
    "Edition",
    "Gov40Entry",
    "Item",
    "ItemMapping",
    "Level",
    "ProfileSection",
    "Quality",
    "ResultsItem",
    "ResultsRule",
    "SuccessFactor",
]
