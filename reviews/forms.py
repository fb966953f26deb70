from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.forms import FRACTION_CHOICES


class ReviewForm(forms.Form):
    """A reviewer's judgment of one item: fractions per level, strengths and opportunities for improvement."""

    strengths = forms.CharField(label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    improvements = forms.CharField(
        label=_("Opportunities for improvement"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels
        for level in levels:
            self.fields[f"fraction_{level.code}"] = forms.TypedChoiceField(
                label=level.name, choices=FRACTION_CHOICES, coerce=int, initial=0
            )

    def level_fields(self):
        return [self[f"fraction_{level.code}"] for level in self.levels]

    def fractions(self) -> dict:
        return {level.code: self.cleaned_data[f"fraction_{level.code}"] for level in self.levels}

    @staticmethod
    def initial_from(review) -> dict:
        if review is None:
            return {}
        return {
            "strengths": review.strengths,
            "improvements": review.improvements,
            **{f"fraction_{code}": value for code, value in review.fractions.items()},
        }


SCORE_CHOICES = [(n, str(n)) for n in range(0, 501, 5)]


class ResultsReviewForm(forms.Form):
    """A reviewer's judgment of one results item of category 7: a score, strengths and OFI."""

    score = forms.TypedChoiceField(label=_("Score"), choices=SCORE_CHOICES, coerce=int)
    strengths = forms.CharField(label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    improvements = forms.CharField(
        label=_("Opportunities for improvement"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    @staticmethod
    def initial_from(review, suggested) -> dict:
        """A saved review's values; else the rule's score of the indicators, rounded down to a step of 5."""
        if review is not None:
            return {"score": review.score, "strengths": review.strengths, "improvements": review.improvements}
        return {"score": int(suggested // 5 * 5)}


class ProfileCommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class ReturnForm(forms.Form):
    message = forms.CharField(label=_("Message to the agency"), widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen"), widget=forms.Textarea(attrs={"rows": 2}))
