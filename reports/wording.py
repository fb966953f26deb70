"""Sentences every report states the same way, in the page's language."""

from django.utils.translation import gettext as _


def overall_rule(rule) -> str:
    """Which overall score applies: the six process categories, or those and category 7 when the edition's results
    rule (results_scoring.ResultsRule, None for an edition without results) counts them."""
    if rule is not None and rule.counts_in_overall:
        return _(
            "The overall score is the weighted mean of the six process categories and category 7, results (weight "
            "%(weight)s), as this edition of the criteria sets."
        ) % {"weight": rule.weight}
    if rule is not None:
        return _(
            "The overall score is the mean of the six process categories, as this edition of the criteria sets; "
            "category 7, results, is reported beside it and does not count in it."
        )
    return _("The overall score is the mean of the six process categories.")
