"""Both languages side by side in the admin (issue 27, docs/welsh.md "Translated content").

For a bilingual partnership's record each translated field (``cspplan.translated``) is edited as
its English and its Welsh column on one line, labelled "Title (English)" and "Title (Welsh)".
For an English partnership's record the form is as it always was: the English column alone,
under the field's own label. A field an admin shows read-only stays as it is (the text in the
reader's language).
"""

from operator import attrgetter

from django.utils.text import capfirst

from cspplan import translated
from cspplan.models import Partnership


def partnership_of(record):
    """The partnership ``record`` belongs to, through its queryset's path (``plan_path`` or
    ``partnership_path``), or None for a record of no partnership (yet)."""
    if record is None:
        return None
    if isinstance(record, Partnership):
        return record
    queryset = type(record)._default_manager.get_queryset()
    path = getattr(queryset, "partnership_path", None)
    if path is None:
        plan_path = getattr(queryset, "plan_path", None)
        if plan_path is None:
            return None
        path = f"{plan_path}__partnership"
    try:
        return attrgetter(path.replace("__", "."))(record)
    except AttributeError:  # a new record not yet linked to its plan
        return None


def shows_welsh(request, record) -> bool:
    """Whether the form offers the Welsh columns: for a bilingual partnership's record, or, for
    a new record, when the user works for a bilingual partnership (a superuser: when any
    partnership is bilingual)."""
    partnership = partnership_of(record)
    if partnership is not None:
        return partnership.is_bilingual
    partnerships = Partnership.objects.filter(languages=Partnership.WELSH_AND_ENGLISH)
    if not request.user.is_superuser:
        partnerships = partnerships.filter(members=request.user)
    return partnerships.exists()


def _columns(name, welsh: bool):
    # An English partnership's form keeps the field itself (it reads and writes the English
    # column), so its fields and the names posted are exactly as they always were.
    if not welsh:
        return name
    return translated.column(name, "en"), translated.column(name, "cy")


def _rewrite(entries, names, welsh: bool, *, nested=False):
    """``entries`` of a fieldset (names, or tuples of names shown on one line) with each
    translated field in ``names`` replaced by its columns: on a line of their own (English,
    Welsh), or in place on a shared line. The columns the admin lists itself are dropped."""
    columns = {
        translated.column(name, language)
        for name in names
        for language in translated.CONTENT_LANGUAGES
    }
    rewritten = []
    for entry in entries:
        if isinstance(entry, (list, tuple)):
            rewritten.append(tuple(_rewrite(entry, names, welsh, nested=True)))
        elif entry in columns:
            continue
        elif entry in names:
            replacement = _columns(entry, welsh)
            if nested and isinstance(replacement, tuple):
                rewritten.extend(replacement)
            else:
                rewritten.append(replacement)
        else:
            rewritten.append(entry)
    return rewritten


class BilingualFieldsMixin:
    """For ``ScopedAdmin`` and ``ScopedInline``: translated fields as their language columns."""

    def _translated_names(self, request, obj):
        readonly = set(self.get_readonly_fields(request, obj))
        return {n for n in translated.translated_fields(self.model) if n not in readonly}

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = self._translated_names(request, obj)
        if not names:
            return fieldsets
        welsh = shows_welsh(request, obj)
        request._cspplan_shows_welsh = welsh
        return [
            (title, {**options, "fields": _rewrite(options["fields"], names, welsh)})
            for title, options in fieldsets
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A slug is made from the text: the field itself on an English partnership's form, its
        # English column on a bilingual one (``get_prepopulated_fields``). simple-history's
        # "revert" form reads the attribute, not the getter, and may be either form: it fills
        # in no slug (the record has one already).
        names = set(translated.translated_fields(self.model))
        self._prepopulated_as_written = dict(self.prepopulated_fields)
        self._prepopulated_bilingual = {
            target: [translated.column(s, "en") if s in names else s for s in sources]
            for target, sources in self.prepopulated_fields.items()
        }
        if self._prepopulated_as_written != self._prepopulated_bilingual:
            self.prepopulated_fields = {}

    def get_prepopulated_fields(self, request, obj=None):
        if not self._prepopulated_as_written:
            return super().get_prepopulated_fields(request, obj)
        if shows_welsh(request, obj):
            return self._prepopulated_bilingual
        return self._prepopulated_as_written

    def get_form(self, request, obj=None, **kwargs):
        return _refusing_one_language(super().get_form(request, obj, **kwargs))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _refusing_one_language(formset.form)
        return formset

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        original = getattr(db_field, "translated_field", None)
        if formfield is not None and original is not None:
            if getattr(request, "_cspplan_shows_welsh", False):
                language = translated.language_name(db_field.language)
                formfield.label = f"{capfirst(original.verbose_name)} ({language})"
            else:
                # An English partnership's form as it always was.
                formfield.label = capfirst(original.verbose_name)
        return formfield


def _refusing_one_language(form_class):
    """``form_class`` refusing an edit that leaves a published bilingual record's text in one
    language (``translated.edit_refusals``), each at the column left empty."""

    class RefusingOneLanguage(form_class):
        def _post_clean(self):
            super()._post_clean()
            if not self.has_changed():
                return  # a record left as it was (an inline row) is not edited
            for name, why in translated.edit_refusals(self.instance).items():
                self.add_error(name if name in self.fields else None, why)

    RefusingOneLanguage.__name__ = form_class.__name__
    return RefusingOneLanguage
