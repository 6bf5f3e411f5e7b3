from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout, Submit
from django import forms

from cspplan.public_forms import ResidentForm
from notices.models import Follow
from outbox.models import NoticePreference


class FollowForm(ResidentForm):
    """A resident's request to follow something: their address and how often."""

    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        help_text="We send a link to this address; nothing is sent until you open it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Follow.Frequency.choices,
        initial=Follow.Frequency.DAILY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "email",
            "frequency",
            # Off-screen rather than display:none, which some robots know to skip.
            Div("website", css_class="hp-field", style="position:absolute;left:-10000px;"),
            HTML(
                '<p class="small" id="privacy-notice">We use your address only to send what you '
                "asked for. Every e-mail has a link to stop at once. Staff never see your "
                "address, only how many people follow.</p>"
            ),
            Submit("submit", "Follow by e-mail", css_class="btn-primary"),
        )


class StaffFollowForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often", choices=Follow.Frequency.choices, initial=Follow.Frequency.DAILY
    )


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NoticePreference
        fields = list(NoticePreference.KINDS)
