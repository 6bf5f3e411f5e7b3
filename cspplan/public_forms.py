"""What every form residents fill in without a login has, whatever it asks (the "have your say"
form, a consultation's response form):

- a honeypot: a field people never see (moved off-screen by the page) and robots fill in;
  ``is_spam()`` says whether it was filled, and the view then thanks the robot and saves nothing;
- length limits announced before anyone types: every text field with a ``max_length`` says
  "Up to 5,000 characters." in its hint and carries ``maxlength`` (the browser stops there), and
  the server refuses a longer answer with a message giving both lengths (a robot or an old
  browser ignores ``maxlength``);
- text cleaned of control characters (``cspplan.text.CleanTextFormMixin``).

Forms live in the domain apps (``consultation/forms.py``), below the residents' site, so this
lives in the core. The other half, a per-address limit on posting, is the view's:
``public.resident_forms.takes_resident_posts``.
"""

from django import forms

from cspplan.text import CleanTextFormMixin

HONEYPOT = "website"


def length_hint(limit: int) -> str:
    return f"Up to {limit:,} characters."


class ResidentForm(CleanTextFormMixin, forms.Form):
    """The base of every public form: subclass it and declare the fields it asks."""

    # Hidden from people (off-screen, see the template's .hp-field), filled in by spam robots.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.announce_length_limits()

    def announce_length_limits(self):
        """Hint, ``maxlength`` and message for every limited text field. A form that adds
        fields after ``__init__`` (one per consultation question) calls it again."""
        announced = self.__dict__.setdefault("_announced_limits", set())
        for name, field in self.fields.items():
            limit = getattr(field, "max_length", None)
            if name == HONEYPOT or not limit or name in announced:
                continue
            announced.add(name)
            hint = length_hint(limit)
            field.help_text = f"{field.help_text} {hint}".strip() if field.help_text else hint
            field.widget.attrs["maxlength"] = str(limit)
            field.error_messages.setdefault(
                "max_length",
                f"{field.label.removesuffix(' (optional)')} can be up to {limit:,} characters; "
                "yours has %(show_value)s. Shorten it and send it again.",
            )

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT))
