"""What every form residents fill in without a login has, whatever it asks (the "have your say"
form, a consultation's response form):

- a honeypot: a field people never see (moved off-screen by the page) and robots fill in;
  ``is_spam()`` says whether it was filled, and the view then thanks the robot and saves nothing;
- length limits announced before anyone types: every text field with a ``max_length`` says
  "Up to 5,000 characters." in its hint and carries ``maxlength`` (the browser stops there), and
  the server refuses a longer answer with a message giving both lengths (a robot or an old
  browser ignores ``maxlength``): ``cspplan.limits``, which staff forms share;
- text cleaned of control characters (``cspplan.text.CleanTextFormMixin``).

Forms live in the domain apps (``consultation/forms.py``), below the residents' site, so this
lives in the core. The other half, a per-address limit on posting, is the view's:
``public.resident_forms.takes_resident_posts``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cspplan.limits import announce_length_limit
from cspplan.text import CleanTextFormMixin

HONEYPOT = "website"


class ResidentForm(CleanTextFormMixin, forms.Form):
    """The base of every public form: subclass it and declare the fields it asks."""

    # Hidden from people (off-screen, see the template's .hp-field), filled in by spam robots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.announce_length_limits()

    def announce_length_limits(self):
        """Hint, ``maxlength`` and message for every limited text field
        (``cspplan.limits.announce_length_limit``). A form that adds fields after ``__init__``
        (one per consultation question) calls it again."""
        for name, field in self.fields.items():
            if name != HONEYPOT:
                announce_length_limit(field)

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT))
