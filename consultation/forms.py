"""The "Have your say" form residents fill in. Rendered with crispy-forms (Bootstrap 5)."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from consultation.models import Consultation, ConsultationQuestion, Feedback
from consultation.questions import FREE_TEXT_MAX_LENGTH
from cspplan.public_forms import ResidentForm

# The outward half of a UK postcode: "L39", "WN8", "PR4", "M1", "EC1A".
POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
# The model's limit (cspplan/limits.py), announced by the form.
COMMENT_MAX_LENGTH = Feedback._meta.get_field("comment").max_length


def retention_words() -> str:
    """How long personal data is kept, as residents are told: "24 months" (the period
    manage.py purge_feedback uses by default)."""
    months = settings.FEEDBACK_RETENTION_MONTHS
    return ngettext("%(months)d month", "%(months)d months", months) % {"months": months}


class FeedbackForm(ResidentForm):
    """Honeypot, announced length limits and clean text: ``cspplan.public_forms``."""

    comment = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=COMMENT_MAX_LENGTH,
        help_text=_(
            "What do you think of the plan? What should the partnership do about crime and "
            "safety where you live?"
        ),
        error_messages={"required": _("Enter your comment.")},
    )
    objective = forms.ModelChoiceField(
        label=_("Which objective is it about? (optional)"),
        queryset=None,
        required=False,
        empty_label=_("The plan in general"),
    )
    consultation = forms.ModelChoiceField(
        label=_("Are you answering a consultation? (optional)"),
        queryset=Consultation.objects.none(),
        required=False,
        empty_label=_("No"),
    )
    postcode_district = forms.CharField(
        label=_("Postcode district (optional)"),
        required=False,
        max_length=8,
        error_messages={
            "max_length": _("Enter the first part of a postcode only, like L39 or WN8.")
        },
        help_text=_(
            "The first part of your postcode only, for example L39 or WN8. It tells us which "
            "area you mean without saying where you live."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 6}),
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        max_length=200,
        help_text=_("Only if you want a reply. We never publish your name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        max_length=254,
        help_text=_("Only if you want a reply. We never publish it or share it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    wants_reply = forms.BooleanField(label=_("Please reply to me by e-mail"), required=False)

    def __init__(self, *args, plan, open_consultations, **kwargs):
        """``open_consultations``: the plan's open consultations, already fetched by the view
        (which lists them too); without any, the form does not ask."""
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = plan.objectives.order_by("number")
        if open_consultations:
            self.fields["consultation"].queryset = plan.consultations.open_now()
        else:
            del self.fields["consultation"]
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "comment",
            "objective",
            *(["consultation"] if open_consultations else []),
            "postcode_district",
            Fieldset(
                gettext("If you would like a reply"),
                "name",
                "email",
                "wants_reply",
            ),
            # Off-screen rather than display:none, which some robots know to skip.
            Div("website", css_class="hp-field", style="position:absolute;left:-10000px;"),
            HTML(
                '<p class="small" id="privacy-notice">'
                + gettext(
                    "We read every comment. Comments may be published on this site without "
                    "your name, e-mail or postcode. We keep your name, e-mail address and "
                    "postcode district for %(period)s, then remove them, with any comment we "
                    "did not publish."
                )
                % {"period": retention_words()}
                + "</p>"
            ),
            Submit("submit", gettext("Send your comment"), css_class="btn-primary"),
        )

    def clean_postcode_district(self):
        value = self.cleaned_data["postcode_district"].strip().upper().replace(" ", "")
        if value and not POSTCODE_DISTRICT.match(value):
            raise forms.ValidationError(
                _("Enter the first part of a postcode only, like L39 or WN8."), code="invalid"
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("wants_reply") and not cleaned.get("email"):
            self.add_error("email", _("Enter your e-mail address so that we can reply to you."))
        return cleaned


class ConsultationResponseForm(ResidentForm):
    """A resident's answers: one field per question (``question_<id>``), asked in order. No
    name, no e-mail: a response is anonymous. The honeypot and the announced length limits are
    every public form's (``ResidentForm``)."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        Kind = ConsultationQuestion.Kind
        for question in self.questions:
            label = f"{question.order}. {question.text}"
            required_words = "" if question.required else gettext(" (optional)")
            number = {"order": question.order, "text": question.text}
            messages = {
                "required": gettext("Answer question %(order)s: %(text)s") % number,
                "invalid_choice": gettext("Question %(order)s: choose one of the options given.")
                % number,
            }
            if question.kind == Kind.FREE_TEXT:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 4}),
                    max_length=FREE_TEXT_MAX_LENGTH,
                    help_text=gettext("Please do not include names or other personal details."),
                    error_messages={
                        **messages,
                        "max_length": gettext(
                            "Question %(order)s: keep your answer to %(limit)s characters."
                        )
                        % {**number, "limit": FREE_TEXT_MAX_LENGTH},
                    },
                )
            elif question.kind == Kind.SINGLE_CHOICE:
                field = forms.ChoiceField(
                    choices=[(choice, choice) for choice in question.choices],
                    widget=forms.RadioSelect,
                    error_messages=messages,
                )
            else:
                field = forms.TypedChoiceField(
                    choices=[(p, f"{p} – {words}") for p, words in question.scale_labels],
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages=messages,
                )
            field.label = label + required_words
            field.required = question.required
            self.fields[f"question_{question.pk}"] = field
        self.announce_length_limits()
        # The honeypot last, out of the way of the questions.
        self.fields["website"] = self.fields.pop("website")
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            *(f"question_{q.pk}" for q in self.questions),
            Div("website", css_class="hp-field", style="position:absolute;left:-10000px;"),
            HTML(
                '<p class="small">'
                + gettext(
                    "Your answers are anonymous: we do not ask who you are. Results are "
                    "published as counts when the consultation closes; written answers are "
                    "read by the partnership and not published."
                )
                + "</p>"
            ),
            Submit("submit", gettext("Send your answers"), css_class="btn-primary"),
        )

    def answers(self) -> dict:
        """{question id: answer} for ``submit_consultation_response``."""
        return {q.pk: self.cleaned_data.get(f"question_{q.pk}") for q in self.questions}
