"""New records written in bulk with the history a save would have written.

django-simple-history writes a record's history from ``post_save`` and ``m2m_changed``: one
INSERT for the record, one for its "+" history row, then for each tracked many-to-many field a
query for the relations and their rows. An import of 10,000 actions did that 10,000 times
(issue 24: a 10,000-row plan took 359 times as long as reading its file). ``create_in_bulk``
writes the same rows a few statements at a time:

- the records (``bulk_create``, after the text cleaning ``cspplan.text`` does on ``pre_save``);
- one "+" history row each, by ``by`` or the request's user, as a save would record it;
- the records' many-to-many rows, and in each record's "+" row the relations as created, as
  simple_history records a record created with its relations (one creation row holding them,
  never a further full row per ``set()``).

``bulk_create`` sends no signals: the caller tells the page cache (the importer saves the plan
itself, which does).
"""

import functools
from collections.abc import Mapping, Sequence

from django.apps import apps
from django.db import connections, router
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
    if not created:
        return created
    if by is None:
        # The request's user, as a save records it; looked up once, not once a record.
        by = model.history.model.get_default_history_user(created[0])
    creation_rows = _creation_history(model, created, by, when or timezone.now())
    if relations:
        _relate(model, created, creation_rows, relations)
    return created


def _creation_history(model, records, by, when) -> list:
    """The "+" history row of each record, as simple_history's post_save writes it (tracked
    fields, date, user, no reason); returns their keys in the records' order. Inserted as
    plain values: simple_history's ``bulk_history_create`` builds a historical instance per
    record and Django compiles each of its values again, twice the time of the rows' own
    insert (issue 24)."""
    historical_model = model.history.model
    connection = connections[router.db_for_write(historical_model)]
    tracked = list(historical_model.tracked_fields)
    kept = {
        "history_date": when,
        "history_change_reason": None,
        "history_type": "+",
        "history_user_id": by.pk if by is not None else None,
    }
    written = {field.attname for field in tracked} | set(kept) | {"history_id"}
    # Columns the history shares with the record without tracking them: the translated
    # content's `title_en` and `title_cy` (cspplan/translated.py), copied as a save copies them.
    own_columns = {field.attname for field in model._meta.concrete_fields}
    tracked += [
        field
        for field in historical_model._meta.concrete_fields
        if field.attname not in written and field.attname in own_columns
    ]
    written |= {field.attname for field in tracked}
    unknown = {f.attname for f in historical_model._meta.concrete_fields} - written
    if unknown:  # a history with fields of its own (history_relation, extra fields)
        raise NotImplementedError(f"create_in_bulk does not write {sorted(unknown)}.")
    own = [
        historical_model._meta.get_field(name).get_db_prep_save(value, connection)
        for name, value in kept.items()
    ]
    return _insert(
        historical_model,
        [field.attname for field in tracked] + list(kept),
        [
            (*(f.get_db_prep_save(getattr(record, f.attname), connection) for f in tracked), *own)
            for record in records
        ],
        returning=True,
    )


def _relate(model, records, creation_rows, relations) -> None:
    historical_model = model.history.model
    tracked = {field.name for field in historical_model._history_m2m_fields}
    names = {name for wanted in relations for name in wanted}
    creation_row = dict(zip([record.pk for record in records], creation_rows, strict=True))
    for name in sorted(names):
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        pairs = [
            (record.pk, related.pk)
            for record, wanted in zip(records, relations, strict=True)
            for related in wanted.get(name, ())
        ]
        keys = _insert(through, [source, target], pairs, returning=name in tracked)
        if name in tracked:
            # simple_history's row for each: the many-to-many row (its key too) and the
            # record's creation row.
            _insert(
                _m2m_history_model(historical_model, field),
                ["history_id", "id", source, target],
                [
                    (creation_row[record], key, record, related)
                    for key, (record, related) in zip(keys, pairs, strict=True)
                ],
            )


def _insert(model, attnames: list[str], rows: list[tuple], *, returning=False) -> list:
    """INSERT plain values into ``model``'s table, many rows a statement; with ``returning``,
    the new rows' keys in the order given. For the many-to-many rows, which are many (three
    or more an action) and hold only keys: ``bulk_create`` spent more time building a model
    instance and compiling each value than the database spent inserting them (issue 24)."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in attnames)
    fields = [model._meta.get_field(name) for name in attnames]
    batch = max(1, connection.ops.bulk_batch_size(fields, rows))
    one_row = "(" + ", ".join(["%s"] * len(attnames)) + ")"
    keys = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one_row] * len(chunk))}"
            if returning:
                sql += f" RETURNING {quote(model._meta.pk.column)}"
            cursor.execute(sql, [value for row in chunk for value in row])
            if returning:
                keys += [key for (key,) in cursor.fetchall()]
    return keys
