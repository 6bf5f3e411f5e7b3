"""How long free text may be, and how a form says so.

Every text a person types has a limit, announced before they type and checked again on the
server: a 20,000-character progress note once made the approval queue 190,000 px wide.

- Models: ``LimitedTextField`` (a ``TextField`` whose ``max_length`` is a model validator too,
  so ``full_clean`` in a service or an import refuses a longer text, not only a form), with
  the sizes below.
- Forms: ``announce_length_limit`` gives a field with a ``max_length`` the hint "Up to 2,000
  characters.", the ``maxlength`` attribute (the browser stops there) and a refusal naming
  the field with both lengths (a robot or an old browser ignores ``maxlength``). Residents'
  forms (``cspplan.public_forms.ResidentForm``), "my actions" (``LimitedFormMixin``) and
  every admin form and inline (``cspplan.admin``, through ``formfield_for_dbfield``) use it.
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext

# A note: a progress note, a figure's note, a decision's reason, an action's wording.
NOTE_MAX_LENGTH = 2_000
# A description or account: an objective's summary, an event's outcome, a consultation.
DESCRIPTION_MAX_LENGTH = 5_000
# A section of the plan's own text (the Background, the chair's foreword).
SECTION_MAX_LENGTH = 20_000


def length_hint(limit: int) -> str:
    return gettext("Up to %(limit)s characters.") % {"limit": f"{limit:,}"}


class LimitedTextField(models.TextField):
    """A TextField whose ``max_length`` holds on the server as well: Django's TextField passes
    it to the form's widget only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(MaxLengthValidator(self.max_length))


def announce_length_limit(field, label: str | None = None) -> None:
    """Hint, ``maxlength`` and a message naming the field, for a form field with a
    ``max_length`` (others are left as they are). Calling it twice changes nothing."""
    limit = getattr(field, "max_length", None)
    if not limit or getattr(field, "_length_announced", False):
        return
    field._length_announced = True
    hint = length_hint(limit)
    field.help_text = f"{field.help_text} {hint}".strip() if field.help_text else hint
    field.widget.attrs["maxlength"] = str(limit)
    name = str(label or field.label or gettext("This field")).removesuffix(gettext(" (optional)"))
    # A field's own message stays (the postcode's "the first part only"); forms.Field shows
    # error_messages["max_length"] in place of the validator's "Ensure this value has…".
    field.error_messages = {
        "max_length": gettext(
            "%(name)s can be up to %(limit)s characters; yours has %%(show_value)s. Shorten it "
            "and send it again."
        )
        % {"name": name, "limit": f"{limit:,}"},
        **field.error_messages,
    }


class LimitedFormMixin:
    """A form whose limited text fields announce their limit (``announce_length_limit``). Put
    it before ``forms.Form``; a form adding fields after ``__init__`` calls
    ``announce_length_limits`` again."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.announce_length_limits()

    def announce_length_limits(self):
        for name, field in self.fields.items():
            # A field without a label is shown with its name, as Django labels it.
            announce_length_limit(field, label=field.label or name.replace("_", " ").capitalize())
