"""The short update forms on "my actions": one per action and one per measure."""

from crispy_forms.helper import FormHelper
from django import forms

from actions.models import ActionStatus, ActionUpdate
from cspplan.limits import LimitedFormMixin
from cspplan.text import CleanTextFormMixin
from objectives import periods
from objectives.models import Measurement


class _ShortForm(CleanTextFormMixin, LimitedFormMixin, forms.Form):
    """Text cleaned of control characters; each limit announced ("Up to 2,000 characters.")
    and checked with a message naming the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template writes one <form> per item
        # ... and its one CSRF token: crispy-forms would add a second inside, and none (with a
        # warning under DEBUG) when a form is drawn apart from the page (actions.blank_forms).
        self.helper.disable_csrf = True


class ActionProgressForm(_ShortForm):
    # Starts at the action's current status. "No update yet" is not something to report, so an
    # action without one starts at an empty choice the officer must make: a note saved alone
    # must never quietly set a status nobody chose.
    status = forms.ChoiceField(
        choices=[
            ("", "Choose where it stands"),
            *[c for c in ActionStatus.choices if c[0] != ActionStatus.NOT_REPORTED],
        ],
        help_text="Where the action stands now.",
        error_messages={"required": "Choose where the action stands now."},
    )
    note = forms.CharField(
        label="Progress note",
        max_length=ActionUpdate._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What has happened since the last update, in plain words for residents.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, bilingual=False, **kwargs):
        """``bilingual``: the action's partnership publishes in Welsh and English, so the
        public note is asked for in both, side by side; the Welsh may follow later (a plan
        manager adds it), but the update is not approved for the public until it has both."""
        super().__init__(*args, **kwargs)
        if bilingual:
            self.fields["note"].label = "Progress note (English)"
            self.fields["note_in_welsh"] = forms.CharField(
                label="Progress note (Welsh)",
                max_length=self.fields["note"].max_length,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "lang": "cy"}),
                help_text="The same note in Welsh. Until it is given, the update is not "
                "approved for the public.",
            )
            self.order_fields(["status", "note", "note_in_welsh", "version"])
            self.announce_length_limits()


class MeasurementForm(_ShortForm):
    # A browser's date picker reads and writes ISO dates whatever the site's locale.
    period_start = forms.DateField(
        label="Period from",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    period_end = forms.DateField(
        label="Period to", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    value = forms.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text="The figure for the period. Leave empty and give a rating for a qualitative "
        "measure.",
    )
    rating = forms.ChoiceField(
        choices=[("", "No rating"), *Measurement.Rating.choices],
        required=False,
        help_text="For qualitative measures: how you judge progress.",
    )
    note = forms.CharField(
        max_length=Measurement._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    source = forms.CharField(
        max_length=300, required=False, help_text="Where the figure comes from, e.g. iQuanta."
    )

    def __init__(self, *args, measure=None, **kwargs):
        super().__init__(*args, **kwargs)
        if measure is not None:
            # Say what the measure's figures cover ("year to date", one month…).
            plan = measure.target.objective.plan
            for name, (label, help_text) in periods.period_field_words(measure, plan).items():
                self.fields[name].label = label
                self.fields[name].help_text = help_text

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The period must end on or after the day it starts.")
        if cleaned.get("value") is None and not cleaned.get("rating"):
            self.add_error("value", "Give a value or a rating.")
        return cleaned


class MilestoneForm(_ShortForm):
    """A new milestone on "my actions": waits for a plan manager like any other progress."""

    title = forms.CharField(
        label="Milestone", max_length=200, help_text="A short name, e.g. Venue booked."
    )
    due_date = forms.DateField(
        label="Due by", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        max_length=ActionUpdate._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Optional; shown to residents with the milestone.",
    )

    def __init__(self, *args, bilingual=False, **kwargs):
        """``bilingual``: the action's partnership publishes in Welsh and English, so the
        title and note are asked for in both, side by side, as the admin asks. Once the plan is
        published a milestone missing either language is refused, naming it
        (``actions.services.propose_milestone``); a draft's may wait for its Welsh."""
        super().__init__(*args, **kwargs)
        if not bilingual:
            return
        title, note = self.fields["title"], self.fields["note"]
        title.label, note.label = "Milestone (English)", "Note (English)"
        # Which language is missing is said by the rule, naming it, not by "required".
        title.required = False
        self.fields["title_in_welsh"] = forms.CharField(
            label="Milestone (Welsh)",
            max_length=title.max_length,
            required=False,
            widget=forms.TextInput(attrs={"lang": "cy"}),
            help_text="The same name in Welsh.",
        )
        self.fields["note_in_welsh"] = forms.CharField(
            label="Note (Welsh)",
            max_length=note.max_length,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2, "lang": "cy"}),
            help_text="The same note in Welsh.",
        )
        self.order_fields(["title", "title_in_welsh", "due_date", "note", "note_in_welsh"])
        self.announce_length_limits()


class MilestoneDoneForm(_ShortForm):
    """Ticking one milestone as done, on the day it was done (today unless said)."""

    done_on = forms.DateField(
        label="Done on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
