"""The delivery plan as nested JSON: plan → objectives → targets → measures and actions.

The format is documented in docs/api.md ("Open data: the JSON format"). Bump SCHEMA_VERSION on any
change that could break a reader (a renamed or removed key); adding a key is not such a change.
Only public facts go in: names and slugs of agencies and lead officers, never an e-mail address;
only approved measurements, and a sensitive measure's small counts withheld as on the pages
(progress/disclosure.py: "value" null, "withheld" saying why).

In the reader's language (issue 27): at a Welsh address the texts (titles, wordings, actions),
the labels ("status_label", "period_label") and "withheld" are Welsh, and "language" says so;
the keys, codes ("status", "unit", "direction"…), identifiers, numbers and ISO dates are the
same in both languages.
"""

from decimal import Decimal

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation

from actions import delivery_table
from actions import milestones as milestone_rule
from objectives.models import Measurement
from progress import disclosure
from public.status import action_states, with_approved_updates

# 2: an action's "status_label" is its state ("At risk · overdue"), with "overdue" beside it.
SCHEMA_VERSION = 2


def _number(value: Decimal | None) -> str | None:
    """Decimals as strings ("68", "12.5"), so no reader loses precision to floating point."""
    return None if value is None else format(value.normalize(), "f")


def _date(value) -> str | None:
    return value.isoformat() if value is not None else None


def _named(items) -> list[dict]:
    return [{"name": item.name, "slug": item.slug} for item in items]


def _responsibility(source) -> dict:
    return {
        "owner_wording": source.owner_wording,
        "lead_officer_wording": source.lead_officer_wording,
        "funding_wording": source.funding_wording,
        "owners": _named(source.owners.all()),
        "lead_officers": _named(source.lead_officers.all()),
        "funding_sources": _named(source.funding_sources.all()),
    }


def _measurement(measurement) -> dict:
    return {
        "period_start": _date(measurement.period_start),
        "period_end": _date(measurement.period_end),
        "period_label": measurement.period_words,
        "value": _number(measurement.value),
        "withheld": disclosure.shown_value(measurement) or None,
        "rating": measurement.rating or None,
        "note": measurement.note,
        "source": measurement.source,
    }


def _measure(measure, policy) -> dict:
    public = disclosure.suppress_for_public(measure, measure.approved_measurements, policy=policy)
    return {
        "order": measure.order,
        "name": measure.name,
        "unit": measure.unit,
        "figures_period": measure.figures_period,
        "direction": measure.direction,
        "sensitive": measure.sensitive,
        "baseline": {
            "state": measure.baseline_state,
            "value": _number(measure.baseline_value),
            "period": measure.baseline_period,
            "wording": measure.baseline_wording,
        },
        "target": {
            "state": measure.target_state,
            "value": _number(measure.target_value),
            "wording": measure.target_wording,
        },
        "measurements": [_measurement(m) for m in public],
    }


def _columns(record) -> list[dict]:
    """A record's values of the plan's own columns, as written (with a money column's amount
    and a date column's date when the words give one)."""
    return [
        {
            "column": value.column.name,
            "text": value.text,
            "amount": _number(value.amount),
            "date": _date(value.date),
        }
        for value in record.column_values.all()
    ]


def _action(action, states) -> dict:
    state = states[action.pk]
    return {
        "id": action.pk,
        "order": action.order,
        "text": action.text,
        "status": state.code,
        "status_label": state.label,
        "overdue": state.is_overdue,
        "due_date": _date(action.due_date),
        "due_wording": action.due_wording,
        "milestones_summary": state.milestone_evidence,
        "milestones": [_milestone(m, state.day) for m in state.milestone_rows],
        **_responsibility(action),
        "columns": _columns(action),
    }


def _milestone(milestone, day) -> dict:
    return {
        "title": milestone.title,
        "due_date": _date(milestone.due_date),
        "done_on": _date(milestone.done_on),
        "late": milestone_rule.is_late(milestone, day),
        "note": milestone.note,
    }


def _target(target, policy, states) -> dict:
    return {
        "id": target.pk,
        "order": target.order,
        "wording": target.wording,
        "target_wording": target.target_wording,
        **_responsibility(target),
        "columns": _columns(target),
        "measures": [_measure(measure, policy) for measure in target.measures.all()],
        "actions": [_action(action, states) for action in target.actions.all()],
    }


def plan_objectives_for_json(plan):
    """``delivery_table.plan_objectives`` plus the names behind each row and approved readings."""
    approved = Measurement.objects.approved().order_by("period_end")
    return with_approved_updates(delivery_table.plan_objectives(plan)).prefetch_related(
        "targets__owners",
        "targets__lead_officers",
        "targets__funding_sources",
        Prefetch(
            "targets__measures__measurements",
            queryset=approved,
            to_attr="approved_measurements",
        ),
        "targets__actions__owners",
        "targets__actions__lead_officers",
        "targets__actions__funding_sources",
    )


def delivery_plan_data(plan, *, url_for=None) -> dict:
    """The whole plan as JSON-ready data. ``url_for(path)`` makes page links absolute."""
    url_for = url_for or (lambda path: path)
    policy = disclosure.Policy.for_plan(plan)
    objectives = list(plan_objectives_for_json(plan))
    states = action_states(plan, objectives)
    return {
        "schema_version": SCHEMA_VERSION,
        # The language of the texts and labels ("en", "cy"); keys and codes are the same in both.
        "language": translation.get_language() or "en",
        "plan": {
            "slug": plan.slug,
            "title": plan.title,
            "partnership": {"name": plan.partnership.name, "slug": plan.partnership.slug},
            "status": plan.status,
            "period_start": _date(plan.period_start),
            "period_end": _date(plan.period_end),
            "target_date": _date(plan.target_date),
            "target_label": plan.target_label,
            "published_at": plan.published_at.isoformat() if plan.published_at else None,
            "url": url_for(plan.get_absolute_url()),
            # The plan's own columns, whose values each target and action lists in "columns".
            "columns": [
                {
                    "name": column.name,
                    "kind": column.kind,
                    "choices": column.choice_list,
                    "applies_to": column.applies_to,
                }
                for column in delivery_table.plan_columns(plan)
            ],
        },
        "objectives": [
            {
                "number": objective.number,
                "title": objective.title,
                "label": objective.shown_label,
                "heading": delivery_table.objective_heading(objective),
                "summary": objective.summary,
                "url": url_for(reverse("plans:objective", args=[plan.slug, objective.number])),
                "targets": [_target(target, policy, states) for target in objective.targets.all()],
            }
            for objective in objectives
        ],
    }
