"""Annual rollover (issue 13): next year's draft from this year's plan, the old plan untouched."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ActionStatus, ActionUpdate
from cspplan.models import Plan, PlanSection
from objectives.models import ApprovalStatus, Measure, Measurement, Objective, Target
from priorities.models import Priority, PriorityTheme
from progress.rollover import next_title, roll_over
from tests import factories
from tests.personas import chair, plan_manager_of

pytestmark = pytest.mark.django_db

SEED = "west-lancashire-2011-12"


def _records(plan):
    """Every record of the plan, serialised, with its history."""
    groups = [
        Plan.objects.filter(pk=plan.pk),
        PlanSection.objects.filter(plan=plan),
        PriorityTheme.objects.filter(plan=plan),
        Priority.objects.filter(plan=plan),
        Objective.objects.filter(plan=plan),
        Target.objects.filter(objective__plan=plan),
        Measure.objects.filter(target__objective__plan=plan),
        Measurement.objects.filter(measure__target__objective__plan=plan),
        Action.objects.filter(target__objective__plan=plan),
        ActionUpdate.objects.filter(action__target__objective__plan=plan),
    ]
    data, history = [], 0
    for queryset in groups:
        records = list(queryset.order_by("pk"))
        data.append(serializers.serialize("json", records))
        history += sum(record.history.count() for record in records)
    return data, history


def test_next_title_moves_every_year_on():
    assert next_title("Partnership Plan 2011 to 2012") == "Partnership Plan 2012 to 2013"


def test_the_seed_plan_rolls_over_into_a_2012_13_draft_that_publishes():
    call_command("loaddata", "west_lancashire_2011_12", "demo_progress", verbosity=0)
    old = Plan.objects.get(slug=SEED)
    before = _records(old)
    out = StringIO()
    call_command(
        "rollover_plan",
        SEED,
        "--title=Partnership Plan 2012 to 2013",
        "--start=2012-04-01",
        "--end=2013-03-31",
        stdout=out,
    )
    assert _records(old) == before  # nothing in the old plan changed, nor its history

    new = Plan.objects.exclude(pk=old.pk).get()
    assert "Rolled over" in out.getvalue() and new.slug in out.getvalue()
    assert new.status == Plan.Status.DRAFT and new.partnership == old.partnership
    assert (new.period_start, new.period_end, new.target_label) == (
        datetime.date(2012, 4, 1),
        datetime.date(2013, 3, 31),
        "March 2013",
    )
    assert new.sections.count() == old.sections.count()
    assert new.objectives.count() == old.objectives.count()
    assert Target.objects.filter(objective__plan=new).count() == (
        Target.objects.filter(objective__plan=old).count()
    )
    assert Measure.objects.for_plan(new).count() == Measure.objects.for_plan(old).count()
    assert Priority.objects.filter(plan=new).count() == Priority.objects.filter(plan=old).count()
    old_links = sorted(Priority.objects.filter(plan=old).values_list("slug", "objectives__number"))
    new_links = sorted(Priority.objects.filter(plan=new).values_list("slug", "objectives__number"))
    assert new_links == old_links
    open_actions = Action.objects.for_plan(old).open().count()
    assert Action.objects.for_plan(new).count() == open_actions
    assert not Measurement.objects.for_plan(new).exists()
    assert not ActionUpdate.objects.for_plan(new).exists()

    new.publish()
    new.full_clean()
    new.save()
    assert new.status == Plan.Status.PUBLISHED


def _small_plan():
    """An invented plan: one row, three measures, four actions."""
    plan = factories.PlanFactory(title="Invented Plan 2011 to 2012", slug="invented-2011-12")
    objective = factories.ObjectiveFactory(plan=plan, number=1, title="Fewer invented fires")
    target = factories.TargetFactory(objective=objective, order=1, wording="Fewer fires")
    agency = factories.OrganisationFactory(name="Invented Fire Service")
    target.owners.add(agency)
    counted = factories.MeasureFactory(
        target=target,
        order=1,
        name="Invented fires",
        baseline_state=Measure.ValueState.KNOWN,
        baseline_value=Decimal("75"),
        target_state=Measure.ValueState.KNOWN,
        target_value=Decimal("68"),
    )
    tbc = factories.MeasureFactory(
        target=target,
        order=2,
        name="Invented TBC measure",
        baseline_state=Measure.ValueState.TO_BE_CONFIRMED,
        baseline_value=None,
        target_state=Measure.ValueState.TO_BE_CONFIRMED,
        target_value=None,
    )
    for end, value, status in [
        (datetime.date(2011, 9, 30), "40", ApprovalStatus.APPROVED),
        (datetime.date(2011, 12, 31), "60", ApprovalStatus.APPROVED),
        (datetime.date(2012, 3, 31), "99", ApprovalStatus.SUBMITTED),  # not approved: ignored
    ]:
        factories.MeasurementFactory(
            measure=counted,
            period_start=datetime.date(2011, 4, 1),
            period_end=end,
            period_label=f"to {end:%B %Y}",
            value=Decimal(value),
            status=status,
            approved_at=timezone.now() if status == ApprovalStatus.APPROVED else None,
        )
    # A submitted figure on the TBC measure: still no approved figure, so it stays TBC.
    factories.MeasurementFactory(measure=tbc, value=Decimal("5"), status=ApprovalStatus.SUBMITTED)
    statuses = [
        ActionStatus.ON_TRACK,
        ActionStatus.COMPLETED,
        ActionStatus.CANCELLED,
        ActionStatus.NOT_REPORTED,
    ]
    for order, status in enumerate(statuses, start=1):
        action = factories.ActionFactory(
            target=target, order=order, text=f"Invented action {order}", status=status
        )
        action.owners.add(agency)
    return plan


def _roll(plan, **kwargs):
    kwargs = {
        "title": "Invented Plan 2012 to 2013",
        "start": datetime.date(2012, 4, 1),
        "end": datetime.date(2013, 3, 31),
        **kwargs,
    }
    return roll_over(plan, **kwargs)


def test_the_latest_approved_figure_becomes_the_baseline_saying_where_it_came_from():
    summary = _roll(_small_plan())
    fires = Measure.objects.for_plan(summary.plan).get(name="Invented fires")
    assert fires.baseline_state == Measure.ValueState.KNOWN
    assert fires.baseline_value == Decimal("60")
    assert fires.baseline_period == "to December 2011"
    assert fires.baseline_wording == (
        "60 (to December 2011: the latest approved figure of Invented Plan 2011 to 2012)"
    )
    assert (fires.target_state, fires.target_value) == (Measure.ValueState.KNOWN, Decimal("68"))
    tbc = Measure.objects.for_plan(summary.plan).get(name="Invented TBC measure")
    assert tbc.baseline_state == Measure.ValueState.TO_BE_CONFIRMED
    assert tbc.baseline_value is None
    assert summary.new_baselines == 1


def test_open_actions_carry_over_with_their_owners_closed_ones_stay_behind():
    summary = _roll(_small_plan())
    carried = list(Action.objects.for_plan(summary.plan).order_by("order"))
    assert [a.text for a in carried] == ["Invented action 1", "Invented action 4"]
    assert [a.order for a in carried] == [1, 2]
    assert all(a.status == ActionStatus.NOT_REPORTED for a in carried)
    assert [o.name for o in carried[0].owners.all()] == ["Invented Fire Service"]
    assert (summary.actions, summary.actions_left_behind) == (2, 2)
    target = Target.objects.get(objective__plan=summary.plan)
    assert [o.name for o in target.owners.all()] == ["Invented Fire Service"]


def test_a_rollover_refuses_bad_dates_and_writes_nothing():
    plan = _small_plan()
    count = Plan.objects.count()
    with pytest.raises(Exception, match="end after it starts"):
        _roll(plan, end=datetime.date(2012, 1, 1))
    with pytest.raises(Exception, match="must start after"):
        _roll(plan, start=datetime.date(2011, 4, 1))
    assert Plan.objects.count() == count


def test_the_command_names_an_unknown_plan():
    with pytest.raises(CommandError, match="No plan"):
        call_command("rollover_plan", "nope", "--title=T", "--start=2012-04-01", "--end=2013-03-31")


def test_a_plan_manager_rolls_over_from_the_admin_action(client):
    plan = _small_plan()
    manager = plan_manager_of(plan.partnership)
    client.force_login(manager)
    response = client.post(
        reverse("admin:cspplan_plan_changelist"),
        {"action": "roll_over", "_selected_action": [plan.pk]},
    )
    form_url = reverse("rollover:form", args=[plan.pk])
    assert response.status_code == 302 and response["Location"] == form_url
    page = client.get(form_url).content.decode()
    assert 'value="Invented Plan 2012 to 2013"' in page  # the title, a year on
    assert 'value="2012-04-01"' in page and 'value="2013-03-31"' in page
    response = client.post(
        form_url,
        {
            "title": "Invented Plan 2012 to 2013",
            "period_start": "2012-04-01",
            "period_end": "2013-03-31",
            "target_label": "",
        },
    )
    new = Plan.objects.get(title="Invented Plan 2012 to 2013")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:cspplan_plan_change", args=[new.pk])
    assert new.status == Plan.Status.DRAFT
    assert new.history.first().history_user == manager


def test_only_the_plans_manager_may_roll_it_over(client):
    plan = _small_plan()
    form_url = reverse("rollover:form", args=[plan.pk])
    client.force_login(plan_manager_of(factories.PartnershipFactory(), username="elsewhere"))
    assert client.get(form_url).status_code == 404
    client.force_login(chair())
    assert client.get(form_url).status_code == 403
