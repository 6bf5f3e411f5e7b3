from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout, Submit
from django import forms
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cspplan.models import Partnership
from cspplan.public_forms import ResidentForm
from notices.models import Follow
from outbox.models import NoticePreference


class FollowForm(ResidentForm):
    """A resident's request to follow something: their address and how often."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send a link to this address; nothing is sent until you open it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
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
                format_html(
                    '<p class="small" id="privacy-notice">{}</p>',
                    _(
                        "We use your address only to send what you asked for. Every e-mail "
                        "has a link to stop at once. Staff never see your address, only how "
                        "many people follow."
                    ),
                )
            ),
            Submit("submit", _("Follow by e-mail"), css_class="btn-primary"),
        )


class ManageFollowForm(forms.ModelForm):
    """A follower's choice of how often, and of the language of their e-mails where the
    partnership publishes in both."""

    class Meta:
        model = Follow
        fields = ["frequency", "language"]
        labels = {"frequency": _("How often"), "language": _("Language of the e-mails")}
        widgets = {"frequency": forms.RadioSelect, "language": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES
        if not self.instance.plan.partnership.is_bilingual:
            del self.fields["language"]


class StaffFollowForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often", choices=Follow.Frequency.choices, initial=Follow.Frequency.DAILY
    )


class PreferenceForm(forms.ModelForm):
    """Which notices a member of staff gets; the language of their e-mails is offered where
    one of their partnerships publishes in Welsh and English."""

    class Meta:
        model = NoticePreference
        fields = [*NoticePreference.KINDS, "language"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offered = Partnership.objects.filter(
            members=user, languages=Partnership.WELSH_AND_ENGLISH
        ).exists()
        if offered:
            self.fields["language"].choices = [("en", "English"), ("cy", "Cymraeg (Welsh)")]
        else:
            del self.fields["language"]
