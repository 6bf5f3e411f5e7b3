"""New records written in bulk with the history a save would have written.

django-simple-history writes a record's history from ``post_save`` and ``m2m_changed``: one
INSERT for the record, one for its "+" history row, then for each tracked many-to-many field a
query for the relations and their rows. An import of 10,000 actions did that 10,000 times
(issue 24: a 10,000-row plan took 359 times as long as reading its file). ``create_in_bulk``
writes the same rows a few statements at a time:

- the records (``bulk_create``, after the text cleaning ``cspplan.text`` does on ``pre_save``);
- one "+" history row each (``bulk_history_create``), by ``by`` or the request's user, as a save
  would record it;
- the records' many-to-many rows, and in each record's "+" row the relations as created, as
  simple_history records a record created with its relations (one creation row holding them,
  never a further full row per ``set()``).

``bulk_create`` sends no signals: the caller tells the page cache (the importer saves the plan
itself, which does).
"""

import functools
from collections.abc import Mapping, Sequence

from django.apps import apps
from django.utils import timezone

from cspplan.text import strip_control_characters

# Rows per INSERT: small enough for SQLite's limit on a statement's variables, large enough
# that a 10,000-row import is a few dozen statements.
BATCH = 1000


@functools.cache
def _m2m_history_model(historical_model, field):
    """simple_history's model for ``field``'s rows in ``historical_model``'s history."""
    through = field.remote_field.through
    for model in apps.get_models():
        if (
            getattr(model, "instance_type", None) is through
            and model._meta.get_field("history").related_model is historical_model
        ):
            return model
    raise LookupError(f"No history is kept for {field}.")


def create_in_bulk(
    model,
    records: Sequence,
    *,
    relations: Sequence[Mapping[str, Sequence]] = (),
    by=None,
    when=None,
) -> list:
    """Insert ``records`` (new, of ``model``) with their "+" history rows; returns them with
    their keys. ``relations``: for each record, in the same order, {many-to-many field name:
    the records it relates to}. ``by``: the user the history names (default: the request's,
    as a save records it); ``when``: the history's date (default: now)."""
    for record in records:
        strip_control_characters(model, record)
    created = model.objects.bulk_create(records, batch_size=BATCH)
    history_rows = model.history.bulk_history_create(
        created,
        batch_size=BATCH,
        default_user=by,
        default_change_reason=None,  # as a save records it
        default_date=when or timezone.now(),
    )
    if relations:
        _relate(model, created, history_rows, relations)
    return created


def _relate(model, records, history_rows, relations) -> None:
    historical_model = model.history.model
    tracked = {field.name for field in historical_model._history_m2m_fields}
    names = {name for wanted in relations for name in wanted}
    creation_row = {
        record.pk: row.history_id for record, row in zip(records, history_rows, strict=True)
    }
    for name in sorted(names):
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        rows = through.objects.bulk_create(
            [
                through(**{f"{source}_id": record.pk, f"{target}_id": related.pk})
                for record, wanted in zip(records, relations, strict=True)
                for related in wanted.get(name, ())
            ],
            batch_size=BATCH,
        )
        if name not in tracked:
            continue
        if any(row.pk is None for row in rows):  # only a database that returns no keys
            raise NotImplementedError("create_in_bulk needs keys back from bulk inserts.")
        history_model = _m2m_history_model(historical_model, field)
        attnames = [f.attname for f in through._meta.fields]
        history_model.objects.bulk_create(
            [
                history_model(
                    history_id=creation_row[getattr(row, f"{source}_id")],
                    **{attname: getattr(row, attname) for attname in attnames},
                )
                for row in rows
            ],
            batch_size=BATCH,
        )
