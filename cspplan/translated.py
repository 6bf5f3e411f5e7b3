"""Content in English and Welsh (issue 27, docs/welsh.md "Translated content").

Every field a resident reads has an English and a Welsh column (django-modeltranslation:
``title_en``, ``title_cy``); reading ``title`` gives the active language's text, falling back to
English. Each app names its translated fields in its ``translation.py`` through ``register``,
which gives the model's history the same two columns, so that a past version keeps both
languages.

A bilingual partnership (``Partnership.is_bilingual``) publishes both languages at once: its
plan is not published, and progress is not approved for the public, while a text is missing in
either language. ``missing_in_plan`` and ``missing_text`` say exactly which field of which record
lacks which language. An English partnership's Welsh columns stay empty and nothing is asked of
them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from modeltranslation.translator import TranslationOptions, translator
from modeltranslation.utils import build_localized_fieldname

CONTENT_LANGUAGES = ("en", "cy")


@dataclass(frozen=True)
class Translated:
    """One model's translated fields, and how its rows reach the plan they are published with
    (None for records published on their own, e.g. an update once approved)."""

    model: type
    fields: tuple[str, ...]
    plan_path: str | None


# In registration order, which follows INSTALLED_APPS and each translation.py: the plan's own
# reading order (plan, sections, priorities, objectives, targets, measures, actions…).
_REGISTERED: dict[type, Translated] = {}


def register(model, fields, *, plan_path=None):
    """Give ``fields`` of ``model`` an English and a Welsh column, in the model and in its
    history. English keeps the field's own "required"; Welsh is asked for only where the
    partnership is bilingual, when it publishes (``missing_text``).

    The historical model is registered too: simple-history builds it when the model class is
    prepared, before any translation.py runs, so it would otherwise lack the two columns (and
    refuse to record a version carrying them)."""
    fields = tuple(fields)
    options = type(
        f"{model.__name__}TranslationOptions",
        (TranslationOptions,),
        {
            "fields": fields,
            "required_languages": ("en",),
            # Only an empty text is missing, and falls back to English: a Welsh text that equals
            # its field's default in Welsh ("Amcan" for "Objective") is the plan's own word.
            "fallback_undefined": dict.fromkeys(fields, ""),
            # A text empty in every language reads as empty, never as the field's default
            # (which modeltranslation would give: an emptied "March 2012" label read back).
            "fallback_values": {
                name: "" for name in fields if model._meta.get_field(name).has_default()
            },
        },
    )
    translator.register(model, options)
    history = getattr(model, "history", None)
    if history is not None:
        history_options = type(
            f"Historical{model.__name__}TranslationOptions",
            (TranslationOptions,),
            {"fields": fields, "fallback_undefined": dict.fromkeys(fields, "")},
        )
        translator.register(history.model, history_options)
    _REGISTERED[model] = Translated(model, fields, plan_path)


def translated_fields(model) -> tuple[str, ...]:
    """The names of ``model``'s translated fields (empty if it has none)."""
    entry = _REGISTERED.get(model)
    return entry.fields if entry else ()


def column(field_name: str, language: str) -> str:
    """The column of one language, e.g. ``column("title", "cy") == "title_cy"``."""
    return build_localized_fieldname(field_name, language)


def every_language(record, *names) -> dict[str, str]:
    """The English and Welsh columns of ``record``'s translated fields ``names``, to copy into
    another record: ``{"title_en": …, "title_cy": …}``. Copying ``title`` itself would carry the
    active language's text only, and lose the other (as the rollover once lost the Welsh)."""
    if untranslated := set(names) - set(translated_fields(type(record))):
        raise ValueError(f"{type(record).__name__} has no translated {sorted(untranslated)}")
    return {
        column(name, language): getattr(record, column(name, language))
        for name in names
        for language in CONTENT_LANGUAGES
    }


def language_name(language: str) -> str:
    return settings.LANGUAGE_NAMES_IN_ENGLISH[language]


def missing_text(record) -> list[str]:
    """The columns of ``record`` a bilingual partnership must still fill before it is public,
    labelled like their form fields, e.g. ``["title (Welsh)", "summary (English)"]``.

    A field is missing in a language when it is empty there although the other language has it,
    or although the field is required. An optional field empty in both is simply not used."""
    return [label for _, label in missing_columns(record)]


def missing_columns(record) -> list[tuple[str, str]]:
    """``missing_text`` as (column, label) pairs: ``("summary_cy", "summary (Welsh)")``."""
    missing = []
    for name in translated_fields(type(record)):
        field = record._meta.get_field(name)
        texts = {
            language: (getattr(record, column(name, language)) or "").strip()
            for language in CONTENT_LANGUAGES
        }
        if field.blank and not any(texts.values()):
            continue
        missing.extend(
            (
                column(name, language),
                str(record._meta.get_field(column(name, language)).verbose_name),
            )
            for language, text in texts.items()
            if not text
        )
    return missing


def is_published_bilingually(record) -> bool:
    """Whether ``record`` is read by the public in both languages now: a record of a public
    (published or archived) plan of a bilingual partnership, or such a partnership itself."""
    from cspplan.publishing import PUBLIC_STATUSES

    entry = _REGISTERED.get(type(record))
    if entry is None or entry.plan_path is None:
        return False
    if entry.plan_path == "plans":  # the partnership: public once any of its plans is
        return record.is_bilingual and bool(
            record.pk and record.plans.filter(status__in=PUBLIC_STATUSES).exists()
        )
    plan = record
    if entry.plan_path != "pk":
        for step in entry.plan_path.split("__"):
            plan = getattr(plan, step, None)
            if plan is None:  # not yet linked to its plan
                return False
    return plan.status in PUBLIC_STATUSES and plan.partnership.is_bilingual


def edit_refusals(record) -> dict[str, str]:
    """{column: why} for each text an edit of a published bilingual record would leave empty in
    one language (``missing_columns``): it is refused, as publishing it would be, since the
    public reads it in both at once. Empty when the edit may be saved."""
    if not is_published_bilingually(record):
        return {}
    return {
        name: (
            f"{record._meta.verbose_name.capitalize()} is published in Welsh and in English: "
            f"give its {label} too, or the public would read it in one language only."
        )
        for name, label in missing_columns(record)
    }


def describe(record, missing: list[str]) -> str:
    """One record's line in a refusal, e.g. ‘objective “Reduce re-offending”: summary (Welsh)’.
    The record is named in English, or in Welsh where its English is what is missing."""
    english_missing = any(label.endswith(f"({language_name('en')})") for label in missing)
    with translation.override("cy" if english_missing else "en"):
        name = str(record)
    return f"{record._meta.verbose_name} “{name}”: {', '.join(missing)}"


def missing_in_plan(plan) -> list[str]:
    """For each record published with ``plan`` (the plan, its sections, priorities, objectives,
    targets, measures, actions, milestones) whose text lacks a language, the record and the
    columns to fill, in the plan's reading order. Empty for an English partnership's plan."""
    if not plan.partnership.is_bilingual:
        return []
    lines = []
    for entry in _REGISTERED.values():
        if entry.plan_path is None:
            continue
        rows = entry.model._default_manager.filter(**{entry.plan_path: plan.pk}).order_by("pk")
        for record in rows:
            if missing := missing_text(record):
                lines.append(describe(record, missing))
    return lines


def refusal_for_plan(plan) -> str | None:
    """Why a bilingual partnership's plan may not be published yet, naming every missing text;
    None when both languages are complete (or the partnership publishes in English only)."""
    lines = missing_in_plan(plan)
    if not lines:
        return None
    return (
        f"{plan} cannot be published until its text is complete in Welsh and in English "
        f"({plan.partnership} publishes in both at once). Missing: " + "; ".join(lines) + "."
    )


def keep_english_text(app_label: str, fields_by_model: dict[str, list[str]]):
    """A migration step giving the new English columns the text the records (and their past
    versions) already have, unchanged: ``{"plan": ["title"]}`` copies ``title`` into
    ``title_en`` in ``plan`` and in ``historicalplan``. The Welsh columns start empty."""
    from django.db import migrations
    from django.db.models import F

    def copy(apps, schema_editor):
        for model_name, fields in fields_by_model.items():
            for name in (model_name, f"historical{model_name}"):
                model = apps.get_model(app_label, name)
                model._base_manager.update(**{column(field, "en"): F(field) for field in fields})

    return migrations.RunPython(copy, migrations.RunPython.noop, elidable=False)


def refusal_for_public(record, partnership, *, what="approved for the public") -> str | None:
    """Why ``record``, published on its own rather than with its plan (an action update when
    approved; an event, a consultation and its questions, a "you said, we did" entry when
    ticked as published), may not be ``what`` yet: a bilingual partnership's text missing in
    one language. None when it may (complete, nothing translated, or an English partnership)."""
    if not translated_fields(type(record)) or not partnership.is_bilingual:
        return None
    missing = missing_text(record)
    if not missing:
        return None
    return (
        f"This {record._meta.verbose_name} cannot be {what} until its text is "
        f"in Welsh and in English ({partnership} publishes in both at once). Missing: "
        f"{', '.join(missing)}."
    )


def published_in_both_refusal(record, plan) -> str | None:
    """For a record with its own ``published`` tick: why it may not be published yet (its
    ``clean`` shows it at the tick). None while it is a draft or has no plan yet."""
    if not record.published or not plan:
        return None
    return refusal_for_public(record, plan.partnership, what="published")
