"""Free text from officers, residents and imported files, without the control characters that
XML cannot carry.

A note pasted from Word can hold a vertical tab (a manual line break, ``\\x0b``) or a form feed
(a page break, ``\\x0c``); a file can hold anything. XML 1.0 refuses C0 control characters other
than tab, line feed and carriage return, so once such a note is approved the Atom feeds
(Django's feed writer) and every XLSX or DOCX (openpyxl, python-docx) fail on it.

So text is cleaned at input, in one place each:

- forms: ``CleanTextFormMixin`` (the "my actions" progress forms, the feedback form) and the
  admin's forms (``cspplan.admin.NamedHistoryAdmin.get_form``);
- files: the plan importer's cells and the bulk progress resources' text columns;
- everything else that saves a model of ours (services, fixtures, inlines): the ``pre_save``
  receiver below, connected in ``CspplanConfig.ready()``. A signal, like the cache's, because
  text reaches these tables from too many places for each to remember the call.

and once more at output (``clean_text`` in the feed and spreadsheet writers), so a row saved
before this existed cannot break a page.

They are dropped, as the public exports already did (``cspplan/exports``): "Patrols\x0c in
Ormskirk" becomes "Patrols in Ormskirk".
"""

import datetime
import re

from django.db import models

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; lone surrogates
# (never valid text); U+FFFE and U+FFFF, which XML 1.0 excludes.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# The apps whose models hold officers' and residents' text.
TEXT_APPS = ("cspplan", "priorities", "objectives", "actions", "consultation")


def counted(number: int, singular: str, plural: str = "") -> str:
    """ "1 action", "2 actions", "0 actions": a count in plain English, never "action(s)"."""
    return f"{number:,} {singular if number == 1 else (plural or singular + 's')}"


def clean_text(value):
    """``value`` without control characters; anything that is not a string is returned as it
    is."""
    if not isinstance(value, str):
        return value
    return CONTROL_CHARACTERS.sub("", value)


def has_control_characters(value) -> bool:
    return isinstance(value, str) and CONTROL_CHARACTERS.search(value) is not None


class CleanTextFormMixin:
    """A form that reads its data without control characters.

    The data is cleaned before the fields validate it, so a required note made only of control
    characters is "required", not an empty note that fails later. Put the mixin before
    ``forms.Form`` / ``forms.ModelForm``."""

    def full_clean(self):
        if self.is_bound and self.data:
            data = self.data.copy()
            if hasattr(data, "setlist"):  # a QueryDict: every value of every key
                for key, values in list(data.lists()):
                    data.setlist(key, [clean_text(value) for value in values])
            else:
                data = {key: clean_text(value) for key, value in data.items()}
            self.data = data
        super().full_clean()


def _text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    ]


def strip_control_characters(sender, instance, **kwargs):
    """pre_save: clean every text field of a model of ours, whatever saved it."""
    if sender._meta.app_label not in TEXT_APPS:
        return
    for field in _text_fields(sender):
        value = getattr(instance, field.attname, None)
        if has_control_characters(value):
            setattr(instance, field.attname, clean_text(value))


def connect_text_cleaning():
    models.signals.pre_save.connect(
        strip_control_characters, dispatch_uid="cspplan-strip-control-characters"
    )


# "Targets by March 2009", "By 2008", "Target 2012": the date after the words before it.
_TARGET_LABEL_DATE = re.compile(
    r"^\s*(?:targets?\b\s*)?(?:(?:by|for|to|at)\b\s*)?(?P<date>.*\d.*)$", re.I
)


def targets_met_by(label: str, target_date: datetime.date) -> str:
    """``Plan.targets_met_by``: one wording for every page and file that says it."""
    label = " ".join((label or "").split())
    dated = _TARGET_LABEL_DATE.match(label)
    if dated:
        return dated["date"].strip()
    if label.lower().rstrip("s") in ("", "target"):
        return f"{target_date.day} {target_date:%B %Y}"
    return f"the dates in the “{label}” column"
