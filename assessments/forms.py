from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Response

FRACTION_CHOICES = [(n, f"{n} %") for n in range(0, 101, 5)]
NARRATIVE_PROMPT = _(
    "Approach: how do you do it, systematically?  Deployment: where and by whom is it done?  "
    "Learning: how has it been reviewed and improved?  Integration: how does it connect with your goals and "
    "other work?"
)


class ItemForm(forms.Form):
    """The answers of one item, and evidence to add, attach or detach, saved together."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=Response.Status.choices)
    # New evidence (optional): a file or a link.
    evidence_file = forms.FileField(label=_("File"), required=False)
    evidence_url = forms.URLField(label=_("or a link"), required=False, assume_scheme="https")
    evidence_title = forms.CharField(label=_("Title"), max_length=300, required=False)
    evidence_description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_produced_on = forms.DateField(
        label=_("Date produced"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, levels, library, attached, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels
        for level in levels:
            self.fields[f"narrative_{level.code}"] = forms.CharField(
                label=_("How the agency works"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 7, "placeholder": NARRATIVE_PROMPT}),
            )
            self.fields[f"fraction_{level.code}"] = forms.TypedChoiceField(
                label=_("How far the level is met"),
                choices=FRACTION_CHOICES,
                coerce=int,
                initial=0,
            )
        self.fields["attach"] = forms.ModelMultipleChoiceField(
            label=_("Also supported by evidence already in the assessment"),
            queryset=library,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["detach"] = forms.ModelMultipleChoiceField(
            label=_("Remove from this item"),
            queryset=attached,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

    def level_fields(self):
        return [(level, self[f"narrative_{level.code}"], self[f"fraction_{level.code}"]) for level in self.levels]

    def clean(self):
        data = super().clean()
        has_file, has_url = bool(data.get("evidence_file")), bool(data.get("evidence_url"))
        if has_file and has_url:
            self.add_error("evidence_url", _("Add a file or a link, not both at once."))
        if (has_file or has_url) and not data.get("evidence_title"):
            self.add_error("evidence_title", _("Give the evidence a title."))
        return data


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class TargetForm(forms.Form):
    target_score = forms.IntegerField(
        label=_("Target score"),
        min_value=0,
        max_value=500,
        required=False,
        help_text=_("300 Basic, 400 Advance, 500 Significance, or a score between."),
    )
