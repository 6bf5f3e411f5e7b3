"""Annual rollover (issue 13): next year's draft from this year's plan, the old plan untouched."""

import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.utils import timezone
from freezegun import freeze_time

from actions.models import Action, ActionStatus, ActionUpdate
from cspplan.models import Plan, PlanSection
from objectives import periods
from objectives.models import ApprovalStatus, Measure, Measurement, Objective, Target
from priorities.models import Priority, PriorityTheme
from progress.rollover import DueDates, next_title, roll_over
from tests import factories
from tests.personas import chair

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


def test_a_part_year_figure_never_becomes_the_baseline():
    """Issue 21, finding 2: a Q3 or year-to-date-so-far figure became next year's baseline."""
    summary = _roll(_small_plan())
    fires = Measure.objects.for_plan(summary.plan).get(name="Invented fires")
    # Its approved figures run April–September and April–December: parts of a year.
    assert (fires.baseline_value, fires.baseline_wording) == (Decimal("75"), "100 (2010/11)")
    assert (fires.target_state, fires.target_value) == (Measure.ValueState.KNOWN, Decimal("68"))
    tbc = Measure.objects.for_plan(summary.plan).get(name="Invented TBC measure")
    assert tbc.baseline_state == Measure.ValueState.TO_BE_CONFIRMED
    assert tbc.baseline_value is None
    assert summary.new_baselines == 0


def test_the_latest_full_year_figure_becomes_the_baseline_saying_which_it_was():
    plan = _small_plan()
    # The figure for the whole of 2011/12, approved.
    Measurement.objects.filter(value=Decimal("99")).update(
        value=Decimal("64"), status=ApprovalStatus.APPROVED, approved_at=timezone.now()
    )
    summary = _roll(plan)
    fires = Measure.objects.for_plan(summary.plan).get(name="Invented fires")
    assert fires.baseline_value == Decimal("64")
    assert fires.baseline_period == "2011/12"
    assert fires.baseline_wording == (
        "64 (2011/12: the full-year figure of Invented Plan 2011 to 2012)"
    )
    assert summary.new_baselines == 1


def test_twelve_approved_months_add_up_to_a_full_year_baseline():
    plan = _small_plan()
    counted = factories.MeasureFactory(
        target=Target.objects.get(objective__plan=plan),
        order=3,
        name="Invented monthly ASB",
        figures_period=Measure.FiguresPeriod.YEAR,
    )
    for month in range(12):
        start = datetime.date(2011 + (month + 3) // 12, (month + 3) % 12 + 1, 1)
        end = periods.month_end(start)
        factories.MeasurementFactory(
            measure=counted,
            period_start=start,
            period_end=end,
            period_label="",
            value=Decimal("2"),
            status=ApprovalStatus.APPROVED,
            approved_at=timezone.now(),
        )
    rolled = Measure.objects.for_plan(_roll(plan).plan).get(name="Invented monthly ASB")
    assert (rolled.baseline_value, rolled.baseline_period) == (Decimal("24"), "2011/12")


def test_due_dates_move_into_the_new_plans_year_with_their_words():
    plan = _small_plan()
    first = Action.objects.get(target__objective__plan=plan, order=1)
    first.due_date, first.due_wording = datetime.date(2011, 7, 31), "by July 2011"
    first.save()
    last = Action.objects.get(target__objective__plan=plan, order=4)
    last.due_date, last.due_wording = datetime.date(2011, 2, 28), "(28.2.11)"
    last.save()
    with freeze_time("2012-03-30 09:00"):  # rolled over before the new year begins
        summary = _roll(plan)
    carried = list(Action.objects.for_plan(summary.plan).order_by("order"))
    assert [(a.due_date, a.due_wording) for a in carried] == [
        (datetime.date(2012, 7, 31), "by July 2012"),
        # February 2012 would fall before the new plan: kept inside it, on its first day.
        (datetime.date(2012, 4, 1), "by 1 April 2012"),
    ]
    assert summary.due_dates_moved == 2 and not summary.due_dates_to_set


def test_due_dates_can_be_cleared_for_the_manager_to_set():
    plan = _small_plan()
    first = Action.objects.get(target__objective__plan=plan, order=1)
    first.due_date, first.due_wording = datetime.date(2011, 7, 31), "by July 2011"
    first.save()
    summary = _roll(plan, due_dates=DueDates.CLEAR)
    carried = Action.objects.for_plan(summary.plan).get(order=1)
    assert carried.due_date is None
    assert carried.due_wording == "Due date to be set: was 31 July 2011"
    assert [a.text for a in summary.due_dates_to_set] == ["Invented action 1"]
    assert "1 due date cleared for you to set" in str(summary)


def test_the_command_clears_due_dates_when_asked():
    plan = _small_plan()
    Action.objects.filter(target__objective__plan=plan).update(due_date=datetime.date(2011, 7, 31))
    call_command(
        "rollover_plan",
        plan.slug,
        "--title=Invented Plan 2012 to 2013",
        "--start=2012-04-01",
        "--end=2013-03-31",
        "--clear-due-dates",
        stdout=StringIO(),
    )
    new = Plan.objects.exclude(pk=plan.pk).get()
    assert not Action.objects.for_plan(new).exclude(due_date=None).exists()


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


@pytest.mark.parametrize("due_dates", [DueDates.MOVE, DueDates.CLEAR])
@pytest.mark.parametrize(
    "rolled_on",
    [
        "2012-04-10 09:00",  # at the start of the new year
        # Long after it (the demo of `make run`): the 2012–13 plan has ended and is judged as at
        # 31 March 2013, so dates moved into it would all be past; they are cleared instead.
        "2026-12-06 09:00",
    ],
)
def test_the_seed_plan_rolled_over_and_published_shows_no_red_and_nothing_overdue(
    client, due_dates, rolled_on
):
    """Issue 21, finding 1: rolling the seed over copied the due dates of 2011 into 2012–13,
    so the untouched plan was "Off track" on its first day. Rolled over at the start of the
    new year (the old plan archived, the new one published), nothing is red or overdue on the
    home page, /partnerships/, the dashboard or the API."""
    from progress.rag import assess_plan

    call_command("loaddata", "west_lancashire_2011_12", "demo_progress", verbosity=0)
    old = Plan.objects.get(slug=SEED)
    with freeze_time(rolled_on):
        new = _roll(
            old, title="Partnership Plan 2012 to 2013", slug="wl-2012-13", due_dates=due_dates
        ).plan
        old.archive()
        old.save()
        new.publish()
        new.save()
        assessment = assess_plan(new)
        statuses = [a.status for a in assessment.action_assessments.values()]
        statuses += [a.status for a in assessment.measure_assessments.values()]
        statuses += [o.status for o in assessment.objective_assessments.values()]
        assert "red" not in {str(s) for s in statuses}
        assert not Action.objects.for_plan(new).overdue().exists()
        pages = {
            "home": client.get("/").content.decode(),
            "partnerships": client.get("/partnerships/").content.decode(),
        }
        client.force_login(chair(new.partnership))
        pages["dashboard"] = client.get(f"/dashboard/{new.slug}/").content.decode()
        assert "No open action is past its due date." in pages["dashboard"]
        # The overview of the partnership's statutory work counts nothing overdue, of any kind;
        # its captions name what they count.
        overview = re.search(r'<section aria-labelledby="overview-heading".*?</section>',
                             pages["dashboard"], flags=re.DOTALL)[0]  # fmt: skip
        counts = re.findall(r"<td>(\d+)</td></tr>", overview)
        assert counts and set(counts[:1]) <= {"0"}
        assert all(n == "0" for n in re.findall(r'data-overdue-kind="[^"]*">.*?<td>(\d+)</td>',
                                                 overview))  # fmt: skip
        pages["dashboard"] = pages["dashboard"].replace(overview, "")
        for name, page in pages.items():
            assert "Partnership Plan 2012 to 2013" in page, name
            page = re.sub(r"<select.*?</select>", "", page, flags=re.DOTALL)  # filters' choices
            page = page.replace('<h3 class="h5">Overdue actions</h3>', "")  # a heading
            page = page.replace("(an open action past its due date counts as overdue)", "")
            assert "Off track" not in page and "overdue" not in page.lower(), name
        client.logout()
        actions = client.get("/api/v1/actions/", {"plan": new.slug, "page_size": 200}).json()
        assert actions["results"]
        for action in actions["results"]:
            assert action["assessment"]["is_overdue"] is False
            assert action["assessment"]["status"] != "red"


def test_a_moved_due_date_already_past_on_the_new_plans_reporting_day_is_cleared_and_flagged():
    """Rolled over after the new plan's year has begun, a date moved into it may already be
    behind the day the plan is judged as at: it is cleared and flagged for the manager rather
    than made overdue before anyone could report."""
    plan = _small_plan()
    first = Action.objects.get(target__objective__plan=plan, order=1)
    first.due_date, first.due_wording = datetime.date(2011, 7, 31), "by July 2011"
    first.save()
    with freeze_time("2012-09-01 09:00"):  # 31 July 2012 has passed; 31 March 2013 has not
        last = Action.objects.get(target__objective__plan=plan, order=4)
        last.due_date, last.due_wording = datetime.date(2012, 3, 31), "by March 2012"
        last.save()
        summary = _roll(plan)
    carried = list(Action.objects.for_plan(summary.plan).order_by("order"))
    assert [(a.due_date, a.due_wording) for a in carried] == [
        (None, "Due date to be set: 31 July 2012 had already passed"),
        (datetime.date(2013, 3, 31), "by March 2013"),
    ]
    assert summary.due_dates_moved == 1 and summary.due_dates_already_past == 1
    assert [a.text for a in summary.due_dates_to_set] == ["Invented action 1"]
    assert "1 due date moved" in str(summary) and "had already passed" in str(summary)
