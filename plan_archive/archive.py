"""A plan's archive: one JSON file holding a plan, everything that belongs to it, the shared
records it names, and its history, to restore it into an empty database.

``manage.py export_plan_archive <plan-slug> FILE`` writes it; ``manage.py import_plan_archive FILE``
reads it back, in one transaction: all of it or nothing. For a whole instance, back up with
``pg_dump`` (docs/operators.md, "Backups"); an archive is for one plan, e.g. to move it to a new
instance.

What belongs to a plan is what deleting it would delete (Django's ``Collector``: sections,
themes, priorities, objectives, targets, measures, figures, actions, updates, frozen reports,
reminders, the plan's own columns and their cells, milestones and their proposals, …), so a model
added later comes along without a change here; so does a record that would stop the deletion
(``PROTECT``: the review whose action plan the plan is). Shared records it
names (its partnership, agencies, officers, funds, the users who wrote updates or history) come
with it, and so does the history (django-simple-history) of all of these: every historical row
of a record in the archive, and of records since deleted whose parent is in it.

Records keep their ids (the database is empty, and history rows name ids). Users come without
their passwords: set them again after a restore (``manage.py changepassword``). Groups are named,
not numbered, and must exist (migrations make them).

An archive is a file anyone could have written, so a restore grants nothing (``_disarmed``):
whatever the file says, its users come back inactive, with unusable passwords, neither staff nor
superuser, with no permissions of their own and no group but the partnership roles', until an
administrator reinstates them (docs/operators.md, "Backups"). Only records an archive holds are
restored: the project's own models and users, never groups, permissions, sessions or any other
app's.
"""

import datetime
import json
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models.deletion import PROTECT, Collector
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from cspplan import roles
from cspplan.models import Plan

FORMAT = "cspplan-plan-archive"
VERSION = 1
# Named by natural keys, never copied: migrations and the app make them.
NAMED_NOT_COPIED = (Group, Permission, ContentType)
# What the rules drew from the plan's records and kept (progress/kept.py): drawn again after a
# restore, never carried (restoring the plan gives it a change count of its own).
DRAWN_AGAIN = {"progress.planchangecount", "progress.keptplansummary"}


class ArchiveError(Exception):
    """The file is not an archive this version can read, or cannot be restored here."""


def _history_model(model):
    """The historical model of ``model`` (django-simple-history), or None."""
    try:
        return get_history_model_for_model(model)
    except NotHistoricalModelError:
        return None


def _m2m_history_models(historical) -> list:
    """The models keeping the history of ``historical``'s many-to-many fields (their rows point
    at a row of it by ``history``)."""
    return [
        model
        for model in apps.get_models()
        if any(
            field.name == "history" and field.is_relation and field.related_model is historical
            for field in model._meta.fields
        )
    ]


class _PlanCollector(Collector):
    """Django's ``Collector``, except that a record protecting one of the plan's (``PROTECT``,
    e.g. the review whose action plan it is) does not stop the collection: it is kept in
    ``protecting``, to come with the plan, where deleting would refuse."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.protecting = []

    def related_objects(self, related_model, related_fields, objs):
        found = super().related_objects(related_model, related_fields, objs)
        if any(field.remote_field.on_delete is PROTECT for field in related_fields):
            self.protecting.extend(found)
            return found.none()
        return found


def _plan_records(plan) -> dict:
    """{model: {pk: instance}}: the plan, what deleting it would delete, and the records that
    would stop its deletion (the review whose action plan it is)."""
    collector = _PlanCollector(using=router.db_for_write(Plan), origin=plan)
    collector.collect([plan])
    records = defaultdict(dict)
    for instance in collector.protecting:
        records[type(instance)][instance.pk] = instance
    # Rows of an automatic many-to-many table travel with the record that names them.
    collector.fast_deletes = [q for q in collector.fast_deletes if not q.model._meta.auto_created]
    for model, instances in collector.data.items():
        if model._meta.auto_created or model._meta.label_lower in DRAWN_AGAIN:
            continue
        for instance in instances:
            records[model][instance.pk] = instance
    for queryset in collector.fast_deletes:
        if queryset.model._meta.label_lower in DRAWN_AGAIN:
            continue
        for instance in queryset:
            records[type(instance)][instance.pk] = instance
    return records


def _add_referenced(records: dict, instances) -> list:
    """Add the records ``instances`` name (foreign keys, many-to-many) that are not in
    ``records`` yet; return the new ones."""
    added = []
    for instance in instances:
        for field in instance._meta.get_fields():
            if not field.concrete or not field.is_relation or field.auto_created:
                continue
            target = field.related_model
            if target in NAMED_NOT_COPIED or target is None:
                continue
            if field.many_to_many:
                related = list(getattr(instance, field.name).all())
            else:
                value = getattr(instance, field.attname)
                if value is None or value in records.get(target, {}):
                    continue
                related = list(target._base_manager.filter(pk=value))
            for item in related:
                if item.pk not in records.get(target, {}):
                    records[target][item.pk] = item
                    added.append(item)
    return added


def _with_references(records: dict, pending: list | None = None) -> None:
    if pending is None:
        pending = [item for items in records.values() for item in items.values()]
    while pending:
        pending = _add_referenced(records, pending)


def _history(records: dict, owned: set) -> dict:
    """{historical model: {history_id: row}}: rows of every record in ``records``, and of
    deleted records whose parent (a foreign key to a model of the plan's own, ``owned``) is
    in the archive, followed down until no new row appears."""
    known = {model: set(items) for model, items in records.items()}
    rows = defaultdict(dict)
    grew = True
    while grew:
        grew = False
        for model in list(known) + [m for m in owned if m not in known]:
            historical = _history_model(model)
            if not historical:
                continue
            parents = [
                field
                for field in historical._meta.fields
                if field.is_relation and field.related_model in owned and field.name != "history"
            ]
            query = historical._base_manager.filter(id__in=known.get(model, set()))
            for field in parents:
                query = query | historical._base_manager.filter(
                    **{f"{field.attname}__in": known.get(field.related_model, set())}
                )
            for row in query:
                if row.history_id not in rows[historical]:
                    rows[historical][row.history_id] = row
                    if row.id not in known.setdefault(model, set()):
                        known[model].add(row.id)
                        grew = True
    for historical in list(rows):
        for m2m in _m2m_history_models(historical):
            rows[m2m] = {
                row.pk: row for row in m2m._base_manager.filter(history_id__in=rows[historical])
            }
    return rows


def collect(plan) -> list:
    """Every instance the archive of ``plan`` holds, parents before children."""
    records = _plan_records(plan)
    owned = set(records)
    _with_references(records)
    history = _history(records, owned)
    # Who made each change (history_user), and anything a since-deleted record named.
    for rows in history.values():
        _with_references(records, list(rows.values()))
    # Following references from history rows (a many-to-many history row names its historical
    # row) may have added historical rows to ``records``: they belong with the rest.
    for model, rows in history.items():
        rows.update(records.pop(model, {}))
    everything = {**records, **history}
    ordered = []
    for model in _parents_first(everything):
        ordered.extend(everything[model][pk] for pk in sorted(everything[model]))
    return ordered


def _parents_first(models: dict) -> list:
    return serializers.sort_dependencies([(None, list(models))], allow_cycles=True)


class _PreciseEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's JSON drops all but milliseconds, and history is
    ordered by ``history_date``, so two changes in one millisecond would lose their order."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def _serialised(instances: list) -> list:
    data = json.loads(
        json.dumps(
            serializers.serialize("python", instances, use_natural_foreign_keys=True),
            cls=_PreciseEncoder,
        )
    )
    user_label = get_user_model()._meta.label_lower
    for item in data:
        if item["model"] == user_label:
            item["fields"]["password"] = "!"  # unusable: set again after the restore
            item["fields"].pop("last_login", None)
    return data


def export_plan(slug: str) -> dict:
    plan = Plan.objects.filter(slug=slug).first()
    if plan is None:
        raise ArchiveError(f"No plan has the slug “{slug}”.")
    objects = _serialised(collect(plan))
    counts = defaultdict(int)
    for item in objects:
        counts[item["model"]] += 1
    return {
        "format": FORMAT,
        "version": VERSION,
        "plan": plan.slug,
        "exported_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "counts": dict(sorted(counts.items())),
        "objects": objects,
    }


def read_archive(text: str) -> dict:
    """The archive in ``text``, checked for its format and version; ArchiveError otherwise."""
    try:
        archive = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ArchiveError(
            f"The file is not a plan archive: it is not valid JSON ({error})."
        ) from None
    if not isinstance(archive, dict) or archive.get("format") != FORMAT:
        raise ArchiveError(f"The file is not a plan archive (no “format”: “{FORMAT}”).")
    if archive.get("version") != VERSION:
        raise ArchiveError(
            f"The archive is version {archive.get('version')!r}; this cspplan reads version "
            f"{VERSION} only."
        )
    if not isinstance(archive.get("objects"), list) or not isinstance(archive.get("plan"), str):
        raise ArchiveError("The archive is damaged: its “objects” or “plan” is missing.")
    declared = archive.get("counts") or {}
    found = defaultdict(int)
    for item in archive["objects"]:
        found[item.get("model") if isinstance(item, dict) else None] += 1
    if dict(found) != declared:
        raise ArchiveError(
            "The archive is damaged: the records it holds do not match the counts it declares "
            "(was it cut short or edited?)."
        )
    return archive


def _check_groups_exist(objects: list) -> None:
    user_label = get_user_model()._meta.label_lower
    named = {
        name[0] if isinstance(name, list) else name
        for item in objects
        if isinstance(item, dict) and item.get("model") == user_label
        for name in item.get("fields", {}).get("groups", [])
    }
    missing = sorted(
        str(name) for name in named - set(Group.objects.values_list("name", flat=True))
    )
    if missing:
        raise ArchiveError(
            f"The archive's users belong to groups this database lacks ({', '.join(missing)}); "
            "run `manage.py migrate` first."
        )


def _restorable(label: str) -> bool:
    """Whether an archive may hold records of the model ``label``: users, and the models of this
    project's own apps (their history included), as ``collect`` writes; never another app's
    (groups, permissions, sessions, sign-in records…)."""
    if label == get_user_model()._meta.label_lower:
        return True
    try:
        app = apps.get_app_config(label.partition(".")[0])
    except LookupError:
        return False
    project = Path(settings.BASE_DIR).resolve()
    return "site-packages" not in app.path and Path(app.path).resolve().is_relative_to(project)


def _check_restorable(objects: list) -> None:
    labels = {item.get("model") for item in objects if isinstance(item, dict)}
    refused = sorted(str(label) for label in labels if not _restorable(str(label)))
    if refused:
        raise ArchiveError(
            f"The archive holds {', '.join(refused)} records, which no plan archive holds "
            "(was it written by hand?)."
        )


def _disarmed(objects: list) -> list:
    """``objects`` with every user made harmless, whatever the file says: inactive, an unusable
    password, not staff nor superuser, no permissions of their own, and only the partnership
    roles' groups (which grant nothing while the user is inactive)."""
    user_label = get_user_model()._meta.label_lower
    disarmed = []
    for item in objects:
        if isinstance(item, dict) and item.get("model") == user_label:
            fields = dict(item.get("fields") or {})
            fields.update(
                password=UNUSABLE_PASSWORD_PREFIX,
                is_active=False,
                is_staff=False,
                is_superuser=False,
                user_permissions=[],
                last_login=None,
            )
            fields["groups"] = [
                name
                for name in fields.get("groups") or []
                if (name[0] if isinstance(name, list) and name else name) in roles.ALL_ROLES
            ]
            item = {**item, "fields": fields}
        disarmed.append(item)
    return disarmed


def _measures_as_now(objects: list) -> list:
    """An archive made before measures had one kind of period (objectives 0007) carries the
    year-to-date flag and the units "per month" / "per year": read them as the migration does."""
    for item in objects:
        if not isinstance(item, dict):
            continue
        if item.get("model") not in {"objectives.measure", "objectives.historicalmeasure"}:
            continue
        fields = item.get("fields", {})
        if "figures_year_to_date" not in fields:
            continue
        year_to_date = fields.pop("figures_year_to_date")
        unit = fields.get("unit")
        fields["figures_period"] = (
            "year_to_date" if year_to_date else "month" if unit == "per_month" else "year"
        )
        if unit in {"per_month", "per_year"}:
            fields["unit"] = "count"
    return objects


def import_plan(archive: dict) -> dict:
    """Restore ``archive`` (from ``read_archive``) in one transaction; return its counts."""
    using = DEFAULT_DB_ALIAS
    connection = connections[using]
    if Plan.objects.filter(slug=archive["plan"]).exists():
        raise ArchiveError(
            f"This database already has the plan “{archive['plan']}”; restore into an empty "
            "database."
        )
    _check_restorable(archive["objects"])
    objects = _disarmed(archive["objects"])
    _check_groups_exist(objects)
    models = set()
    deferred = []
    try:
        with transaction.atomic(using=using), connection.constraint_checks_disabled():
            for index, item in enumerate(
                serializers.deserialize(
                    "python", _measures_as_now(objects), handle_forward_references=True
                )
            ):
                model = type(item.object)
                if model._base_manager.filter(pk=item.object.pk).exists():
                    raise ArchiveError(
                        f"Record {index + 1} of the archive ({model._meta.label} "
                        f"{item.object.pk}) is already in this database; restore into an "
                        "empty database."
                    )
                # The archive brings the history as it was: restoring writes none of its own
                # (django-simple-history records many-to-many changes even on a raw save).
                item.object.skip_history_when_saving = True
                item.save(using=using)
                models.add(model)
                if item.deferred_fields:
                    deferred.append(item)
            for item in deferred:  # records that name a record further on in the file
                item.save_deferred_fields(using=using)
            connection.check_constraints(table_names=[m._meta.db_table for m in models])
            # New rows after a restore must not reuse the restored ids (PostgreSQL sequences).
            statements = connection.ops.sequence_reset_sql(no_style(), list(models))
            if statements:
                with connection.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)
    except DeserializationError as error:
        raise ArchiveError(f"The archive is damaged: {error}") from None
    return archive["counts"]
