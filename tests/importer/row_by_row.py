"""The importer's write path as it was before the bulk path (issue 24), kept as the oracle the
bulk path is compared with: each record saved through the ORM (its history written by
simple_history's signals), each row's relations set with history paused and then recorded in
its one creation history row (``CreationHistory``, formerly ``cspplan/history.py``).

``row_by_row()`` makes ``importer.writing.write_plan`` write this way for the length of a
``with`` block; ``snapshot(plan)`` is everything an import wrote for a plan, with the keys
replaced by each record's place, so two imports of one file can be compared."""

from collections import defaultdict
from contextlib import contextmanager, nullcontext
from unittest import mock

from django.db import models
from django.db.models import Max

from actions.models import Action, ActionColumnValue, Milestone, TargetColumnValue
from cspplan.history import _m2m_history_model
from cspplan.models import Plan
from importer import new_records
from objectives.models import Measure, Objective, PlanColumn, Target
from priorities.models import Priority, PriorityTheme


class CreationHistory:
    """The previous way: records created one by one, their relations added to their "+" row."""

    def __init__(self):
        self._records = defaultdict(list)

    @contextmanager
    def relations_of(self, record):
        record.skip_history_when_saving = True
        try:
            yield record
        finally:
            del record.skip_history_when_saving
        self._records[type(record)].append(record.pk)

    def write(self):
        for model, pks in self._records.items():
            historical_model = model.history.model
            creation_rows = dict(
                historical_model.objects.filter(id__in=pks, history_type="+")
                .values("id")
                .annotate(latest=Max("history_id"))
                .values_list("id", "latest")
            )
            for field in historical_model._history_m2m_fields:
                through = field.remote_field.through
                source = next(
                    f for f in through._meta.fields if f.is_relation and f.related_model is model
                )
                names = [f.attname for f in through._meta.fields]
                history_rows = _m2m_history_model(historical_model, field)
                history_rows.objects.bulk_create(
                    history_rows(
                        history_id=creation_rows[row[source.attname]],
                        **{name: row[name] for name in names},
                    )
                    for row in through.objects.filter(**{f"{source.name}__in": pks}).values(*names)
                    if row[source.attname] in creation_rows
                )
        self._records.clear()


class RowByRow(new_records.NewRecords):
    """``new_records.build``'s result, written the way the importer used to write a draft."""

    def __init__(self, plan, draft, relations_of):
        super().__init__()
        self.plan, self.draft, self.relations_of = plan, draft, relations_of

    def write(self, by=None):
        history = CreationHistory()
        for objective_draft in self.draft.objectives:
            objective = Objective.objects.create(
                plan=self.plan,
                number=objective_draft.number,
                title=objective_draft.title[:200],
                label=objective_draft.label[:50],
            )
            self.objective_of_draft[id(objective_draft)] = objective
            for target_order, target_draft in enumerate(objective_draft.targets, start=1):
                target = Target.objects.create(
                    objective=objective,
                    order=target_order,
                    wording=target_draft.wording,
                    target_wording=target_draft.target_wording,
                    **new_records.wording(target_draft.responsible),
                )
                self._relate(target, target_draft.responsible, history)
                self.created.append((target_draft, target))
                for measure_order, fields in enumerate(target_draft.measures, start=1):
                    fields = {k: v for k, v in fields.items() if not k.startswith("_")}
                    measure = Measure(target=target, order=measure_order, **fields)
                    measure.full_clean(exclude=["target"])
                    measure.save()
                for action_order, action_draft in enumerate(target_draft.actions, start=1):
                    due_date, due_wording = action_draft.due
                    action = Action.objects.create(
                        target=target,
                        order=action_order,
                        text=action_draft.text,
                        due_date=due_date,
                        due_wording=due_wording,
                        **new_records.wording(action_draft.responsible),
                    )
                    self._relate(action, action_draft.responsible, history)
                    for fields in action_draft.milestones:
                        milestone = Milestone(action=action, **fields)
                        milestone._history_user = by
                        milestone.save()
                    self.created.append((action_draft, action))
        history.write()

    def _relate(self, record, responsible, history):
        with history.relations_of(record):
            for name, related in self.relations_of(responsible).items():
                getattr(record, name).set(related)


@contextmanager
def row_by_row():
    with mock.patch.object(new_records, "build", RowByRow):
        yield


def import_twice(write):
    """``write()`` (an import returning its plan) run the bulk way and then row by row, each
    undone after its snapshot: the two snapshots."""
    from django.db import transaction

    snapshots = []
    for way in (nullcontext, row_by_row):
        with transaction.atomic():
            with way():
                snapshots.append(snapshot(write()))
            transaction.set_rollback(True)
    return snapshots


def _records_of(plan):
    in_plan = {"objective__plan": plan}
    in_target = {"target__objective__plan": plan}
    return {
        Plan: Plan.objects.filter(pk=plan.pk),
        Objective: Objective.objects.filter(plan=plan),
        Target: Target.objects.filter(**in_plan),
        Measure: Measure.objects.filter(**in_target),
        Action: Action.objects.filter(**in_target),
        Milestone: Milestone.objects.filter(action__target__objective__plan=plan),
        PlanColumn: PlanColumn.objects.filter(plan=plan),
        TargetColumnValue: TargetColumnValue.objects.filter(**in_target),
        ActionColumnValue: ActionColumnValue.objects.filter(action__target__objective__plan=plan),
        PriorityTheme: PriorityTheme.objects.filter(plan=plan),
        Priority: Priority.objects.filter(plan=plan),
    }


def snapshot(plan) -> dict:
    """Every record the import wrote for ``plan`` and every history row of theirs: field values,
    relations, and for each history row its type, user, reason, tracked fields and the
    relations it records. Keys become (model, place in the import's order); the history's
    dates, the rows' own keys and milestones' random ids are left out."""
    records = {model: list(found.order_by("pk")) for model, found in _records_of(plan).items()}
    place = {
        (model, record.pk): (model.__name__, number)
        for model, found in records.items()
        for number, record in enumerate(found)
    }

    def key_of(model, pk):
        return place.get((model, pk), pk)  # records shared by plans (agencies) keep their key

    def fields_of(row, model):
        return {
            field.name: (
                key_of(field.related_model, getattr(row, field.attname))
                if field.is_relation
                else key_of(model, row.id)  # a history row's record
                if field.name == "id"
                else getattr(row, field.attname)
            )
            for field in row._meta.concrete_fields
            if not field.primary_key
            and not isinstance(field, models.UUIDField)
            and field.name not in ("history_date", "history_relation")
        }

    shot = {}
    for model, found in records.items():
        for record in found:
            history = []
            for row in model.history.filter(id=record.pk).order_by("history_id"):
                recorded = fields_of(row, model)
                for field in getattr(row, "_history_m2m_fields", []):
                    recorded[f"{field.name} as recorded"] = sorted(
                        key_of(field.related_model, pk) for pk in _recorded(field, row)
                    )
                history.append(recorded)
            shot[place[(model, record.pk)]] = {
                "fields": fields_of(record, model),
                "relations": {
                    field.name: sorted(
                        key_of(field.related_model, pk)
                        for pk in getattr(record, field.name).values_list("pk", flat=True)
                    )
                    for field in model._meta.many_to_many
                },
                "history": history,
            }
    return shot


def _recorded(field, history_row) -> list:
    """The related keys a history row records for ``field``, each checked against the live
    many-to-many row its ``id`` names (simple_history keeps that row's key)."""
    through = field.remote_field.through
    target = f"{field.m2m_reverse_field_name()}_id"
    related = []
    for row in getattr(history_row, field.name).all():
        live = through.objects.filter(pk=row.id).values_list(target, flat=True).first()
        assert live == getattr(row, target), f"{field.name}: {row.id} is no such relation"
        related.append(getattr(row, target))
    return related
