"""The chair's dashboard: who may see it, what it shows, and that its cost does not grow."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionStatus
from cspplan import roles
from objectives.figures import long_date
from objectives.models import ApprovalStatus, ReminderLog
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    MeasureFactory,
    MeasurementFactory,
    ObjectiveFactory,
    OfficerFactory,
    OrganisationFactory,
    PlanFactory,
    TargetFactory,
    UserFactory,
    running_plan,
)
from tests.personas import in_role

pytestmark = pytest.mark.django_db


def approved_measurement(**kwargs):
    return MeasurementFactory(status=ApprovalStatus.APPROVED, approved_at=timezone.now(), **kwargs)


def approved_update(**kwargs):
    return ActionUpdateFactory(
        approval=ApprovalStatus.APPROVED, approved_at=timezone.now(), **kwargs
    )


@pytest.fixture
def plan():
    return PlanFactory(slug="west-lancs")


@pytest.fixture
def chair_client(client, plan):
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
    return client


def test_anonymous_visitors_are_sent_to_log_in(client, plan):
    response = client.get(reverse("dashboard:plan", args=[plan.slug]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("group", [roles.PARTNERSHIP_OFFICERS, None])
def test_officers_and_other_users_are_refused(client, plan, group):
    user = in_role(group) if group else UserFactory(is_staff=True)
    client.force_login(user)
    for name in ("plan", "approvals", "report_pdf", "report_xlsx"):
        assert client.get(reverse(f"dashboard:{name}", args=[plan.slug])).status_code == 403
    assert client.get(reverse("dashboard:index")).status_code == 403


def test_the_chair_and_plan_managers_see_it(client, plan):
    for role in (roles.CHAIR, roles.PLAN_MANAGERS):
        user = in_role(role, partnership=plan.partnership)
        client.force_login(user)
        response = client.get(reverse("dashboard:plan", args=[plan.slug]))
        assert response.status_code == 200
        assert "Progress dashboard" in response.text


def test_the_index_goes_to_the_chosen_plan_or_the_current_published_one(chair_client, plan):
    other = PlanFactory(
        slug="older", period_start=datetime.date(2010, 4, 1), partnership=plan.partnership
    )
    response = chair_client.get(reverse("dashboard:index"))
    assert response.url == reverse("dashboard:plan", args=[plan.slug])
    response = chair_client.get(reverse("dashboard:index"), {"plan": other.slug})
    assert response.url == reverse("dashboard:plan", args=[other.slug])
    assert chair_client.get(reverse("dashboard:index"), {"plan": "nope"}).status_code == 404


def test_it_shows_each_measure_with_its_figures_status_and_how_it_was_worked_out(
    chair_client, plan
):
    measure = MeasureFactory(
        target__objective__plan=plan,
        name="Deliberate secondary fires",
        baseline_value=Decimal("363"),
        target_value=Decimal("330"),
    )
    approved_measurement(measure=measure, value=Decimal("400"), period_label="Q1 2011/12")
    response = chair_client.get(reverse("dashboard:plan", args=[plan.slug]))
    text = response.text
    assert "Deliberate secondary fires" in text
    assert "363" in text and "330" in text and "400" in text
    assert "Off track" in text
    assert "Latest 400 (Q1 2011/12) against a trajectory of" in text
    assert "<details" in text


def test_submitted_progress_is_not_coloured_but_counted_in_the_queue(chair_client, plan):
    measure = MeasureFactory(target__objective__plan=plan)
    MeasurementFactory(measure=measure, value=Decimal("1"))
    response = chair_client.get(reverse("dashboard:plan", args=[plan.slug]))
    assert "Approval queue (1 waiting)" in response.text
    assert response.context["dashboard"].measure_rows[0].assessment.latest is None


def test_overdue_actions_are_listed_with_their_due_date(chair_client, plan):
    ActionFactory(
        target__objective__plan=plan,
        text="Deliver Operation Summer Nights",
        due_date=datetime.date(2011, 7, 31),
        due_wording="by July 2011",
    )
    ActionFactory(target__objective__plan=plan, text="Not yet due", due_date=None)
    dashboard = chair_client.get(reverse("dashboard:plan", args=[plan.slug])).context["dashboard"]
    assert [row.action.text for row in dashboard.overdue_rows] == [
        "Deliver Operation Summer Nights"
    ]


def test_filters_narrow_measures_and_actions_by_objective_agency_officer_and_status(
    chair_client, plan
):
    police, fire = OrganisationFactory(slug="police"), OrganisationFactory(slug="fire")
    hill = OfficerFactory(slug="andrew-hill")
    first = TargetFactory(objective=ObjectiveFactory(plan=plan, number=1))
    second = TargetFactory(objective=ObjectiveFactory(plan=plan, number=2))
    first.owners.add(police)
    first.lead_officers.add(hill)
    second.owners.add(fire)
    police_measure = MeasureFactory(target=first, name="Police measure")
    MeasureFactory(target=second, name="Fire measure")
    ActionFactory(target=first, text="Police action", owners=[police], lead_officers=[hill])
    ActionFactory(target=second, text="Fire action", owners=[fire], status=ActionStatus.AT_RISK)
    approved_measurement(measure=police_measure, value=Decimal("50"))
    url = reverse("dashboard:plan", args=[plan.slug])

    def shown(params):
        dashboard = chair_client.get(url, params).context["dashboard"]
        return [r.measure.name for r in dashboard.measure_rows] + [
            r.action.text for r in dashboard.action_rows
        ]

    assert shown({}) == ["Police measure", "Fire measure", "Police action", "Fire action"]
    assert shown({"objective": "2"}) == ["Fire measure", "Fire action"]
    assert shown({"agency": "police"}) == ["Police measure", "Police action"]
    assert shown({"officer": "andrew-hill"}) == ["Police measure", "Police action"]
    assert shown({"status": "green"}) == ["Police measure", "Police action"]
    assert shown({"status": "not_measured"}) == ["Fire measure"]
    assert shown({"status": "amber", "agency": "fire"}) == ["Fire action"]


def test_a_filter_it_does_not_understand_is_named_and_ignored(chair_client, plan):
    MeasureFactory(target__objective__plan=plan)
    response = chair_client.get(reverse("dashboard:plan", args=[plan.slug]), {"status": "purple"})
    assert response.status_code == 200
    assert "Some choices were not understood and were ignored: Status" in response.text
    assert len(response.context["dashboard"].measure_rows) == 1


def test_it_lists_lead_officers_with_stale_items_and_when_they_were_reminded(chair_client, plan):
    # In the chair's partnership: a chair reads their own partnership's plans only.
    plan = running_plan(partnership=plan.partnership)
    hill = OfficerFactory(name="Andrew Hill")
    hurst = OfficerFactory(name="Geoff Hurst")
    stale = ActionFactory(target__objective__plan=plan, lead_officers=[hill])
    fresh = ActionFactory(target__objective__plan=plan, lead_officers=[hurst])
    ActionUpdateFactory(action=fresh, date=timezone.localdate())  # awaiting approval counts
    sent = timezone.now()
    ReminderLog.objects.create(
        officer=hill, quarter_start=timezone.localdate(), sent_at=sent, sent_to=hill.email
    )
    response = chair_client.get(reverse("dashboard:plan", args=[plan.slug]))
    officers = response.context["dashboard"].accountability.officers
    assert [(due.officer, due.actions) for due in officers] == [(hill, [stale])]
    assert officers[0].last_reminder.sent_at == sent
    assert f"{timezone.localtime(sent):%-d %b %Y}" in response.text
    assert "50% (1 of 2 updated this quarter)" in response.text


def test_the_drill_down_shows_a_chart_and_table_per_measure(chair_client, plan):
    objective = ObjectiveFactory(plan=plan, number=6, title="Reduce fires")
    measure = MeasureFactory(target__objective=objective, name="Accidental dwelling fires")
    approved_measurement(measure=measure, value=Decimal("90"))
    MeasureFactory(target__objective__plan=plan, name="Another objective's measure")
    response = chair_client.get(reverse("dashboard:objective", args=[plan.slug, 6]))
    assert response.status_code == 200
    assert "Accidental dwelling fires" in response.text
    assert "Another objective&#x27;s measure" not in response.text
    assert '<img src="data:image/svg+xml;base64,' in response.text
    assert "<caption>Figures for Accidental dwelling fires</caption>" in response.text
    assert chair_client.get(reverse("dashboard:objective", args=[plan.slug, 99])).status_code == 404


def build_plan_of(plan, size):
    """``size`` objectives, each with ``size`` measures and actions, with owners, leads and
    approved progress: everything the dashboard reads."""
    for number in range(1, size + 1):
        target = TargetFactory(objective=ObjectiveFactory(plan=plan, number=number))
        target.owners.add(OrganisationFactory())
        target.lead_officers.add(OfficerFactory())
        for _ in range(size):
            measure = MeasureFactory(target=target)
            approved_measurement(measure=measure, value=Decimal("90"))
            approved_measurement(
                measure=measure,
                value=Decimal("85"),
                period_start=datetime.date(2011, 7, 1),
                period_end=datetime.date(2011, 9, 30),
            )
            action = ActionFactory(
                target=target,
                owners=[OrganisationFactory()],
                lead_officers=[OfficerFactory()],
                due_date=datetime.date(2011, 7, 31),
            )
            approved_update(action=action, status=ActionStatus.AT_RISK)
            ActionUpdateFactory(action=action)  # awaiting approval
        ReminderLog.objects.create(
            officer=target.lead_officers.get(),
            quarter_start=datetime.date(2011, 4, 1),
            sent_at=timezone.now(),
            sent_to="x@example.org",
        )


@pytest.mark.parametrize("size", [1, 5])
def test_the_dashboard_costs_the_same_number_of_queries_at_any_size(
    client, plan, size, django_assert_num_queries
):
    build_plan_of(plan, size)
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
    url = reverse("dashboard:plan", args=[plan.slug])
    # Drawn afresh (nothing kept yet, dashboard/drawn.py): session, user, the user's groups,
    # the plan, the content version the drawing is kept under, the plan selector's plans;
    # assess_plan (10): objectives, measures, their rows' owners and lead officers, measurements,
    # actions, their owners and lead officers, action updates, milestones; accountability (3):
    # measures and actions reported this quarter, reminders; the approval queue's three counts
    # (measurements, updates, milestones); the staff nav's "linked to an officer?" (for My
    # actions); the board reports frozen for meetings; the quarter's feedback per objective, per
    # priority and about the plan in general (3); the partnership's reviews (1: none has an
    # action plan here); the overview of its statutory work (plans, their change counts, kept
    # summaries' versions and the PCC's requests), which draws the plan's public summary the
    # first time (progress/kept.py: assess_plan on approved progress, 10, and keeping it, 1);
    # the next board meeting and how many follow the plan by e-mail (issue 28). Kept, the
    # drawn part costs 8 less and the summary 11 less (tests/dashboard/test_dashboard_drawn.py).
    with django_assert_num_queries(46):
        response = client.get(url)
    assert len(response.context["dashboard"].measure_rows) == size * size


@pytest.mark.parametrize("size", [1, 4])
def test_the_drill_down_costs_the_same_number_of_queries_at_any_size(
    client, plan, size, django_assert_num_queries
):
    build_plan_of(plan, size)
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
    # session, user, groups, plan, objective, then assess_plan's ten; the staff nav's
    # "linked to an officer?" (for My actions); who follows the plan by e-mail, counted for the
    # objective and each action (one query, issue 28).
    with django_assert_num_queries(17):
        client.get(reverse("dashboard:objective", args=[plan.slug, 1]))


def test_objectives_show_how_many_members_have_no_colour_yet(chair_client, plan):
    objective = ObjectiveFactory(plan=plan)
    measured = MeasureFactory(target__objective=objective)
    approved_measurement(measure=measured, value=Decimal("80"))
    MeasureFactory(target__objective=objective)  # not yet measured
    ActionFactory(target__objective=objective, status=ActionStatus.NOT_REPORTED)
    dashboard = chair_client.get(reverse("dashboard:plan", args=[plan.slug])).context["dashboard"]
    [row] = dashboard.objective_rows
    assert row.assessment.status == "green"
    assert row.grey_count == 2


def test_finished_items_are_not_due_a_report(chair_client, plan):
    ActionFactory(target__objective__plan=plan, status=ActionStatus.COMPLETED)
    response = chair_client.get(reverse("dashboard:plan", args=[plan.slug]))
    [row] = response.context["dashboard"].action_rows
    assert not row.is_due
    assert "nothing due" in response.text


def test_the_chair_can_see_the_plan_as_at_an_earlier_day(chair_client, plan):
    measure = MeasureFactory(target__objective__plan=plan, target__objective__number=1)
    approved_measurement(measure=measure, value=Decimal("95"))  # Q1 2011/12
    ActionFactory(target=measure.target, due_date=datetime.date(2011, 12, 31))
    url = reverse("dashboard:plan", args=[plan.slug])
    before = chair_client.get(url, {"as_at": "2011-06-01"})
    assert before.context["dashboard"].today == datetime.date(2011, 6, 1)
    assert before.context["dashboard"].measure_rows[0].assessment.latest is None
    assert before.context["dashboard"].overdue_rows == []
    assert "As at 1 June 2011" in before.text
    assert 'report.pdf?as_at=2011-06-01"' in before.text
    assert "/objectives/1/?as_at=2011-06-01" in before.text
    today = chair_client.get(url)
    assert len(today.context["dashboard"].overdue_rows) == 1
    assert 'report.pdf"' in today.text


def test_an_as_at_that_is_not_a_date_is_named_and_today_used(chair_client, plan):
    # In the chair's partnership: a chair reads their own partnership's plans only.
    plan = running_plan(partnership=plan.partnership)
    response = chair_client.get(reverse("dashboard:plan", args=[plan.slug]), {"as_at": "soon"})
    assert response.context["dashboard"].today == timezone.localdate()
    assert "As at – Enter a valid date." in response.text


def test_an_as_at_in_the_future_is_refused(chair_client, plan):
    # In the chair's partnership: a chair reads their own partnership's plans only.
    plan = running_plan(partnership=plan.partnership)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = chair_client.get(
        reverse("dashboard:plan", args=[plan.slug]), {"as_at": tomorrow.isoformat()}
    )
    assert response.context["dashboard"].today == timezone.localdate()
    assert (
        f"Choose {long_date(timezone.localdate())} or an earlier day: the future" in response.text
    )


def test_the_staff_nav_shows_the_chair_the_dashboard_and_not_my_actions(chair_client, plan):
    page = chair_client.get(reverse("dashboard:plan", args=[plan.slug])).text
    assert 'href="/dashboard/" aria-current="page">Dashboard</a>' in page
    assert ">My actions</a>" not in page


def test_the_staff_nav_shows_a_plan_manager_who_is_an_officer_both_links(client, plan):
    manager = in_role(roles.PLAN_MANAGERS, partnership=plan.partnership)
    OfficerFactory(user=manager)
    client.force_login(manager)
    page = client.get(reverse("dashboard:approvals", args=[plan.slug])).text
    assert 'href="/my-actions/">My actions</a>' in page
    assert 'href="/dashboard/">Dashboard</a>' in page
    queue = reverse("dashboard:approvals", args=[plan.slug])
    assert f'href="{queue}" aria-current="page">Approval queue</a>' in page


def test_the_dashboard_warns_of_progress_left_waiting_after_switching_to_automatic(
    chair_client, plan
):
    url = reverse("dashboard:plan", args=[plan.slug])
    MeasurementFactory(measure__target__objective__plan=plan)  # submitted, waiting
    assert "still waiting for approval" not in chair_client.get(url).text
    plan.publish_progress_automatically = True
    plan.save()
    assert "1 item is still waiting for approval</strong> from before" in chair_client.get(url).text


def test_a_finished_plan_is_judged_as_at_its_last_day_and_says_so(chair_client, plan):
    """A 2011–12 plan read today is shown as it stood when it ended, not fifteen years on."""
    action = ActionFactory(target__objective__plan=plan, due_date=datetime.date(2012, 1, 31))
    ActionUpdateFactory(
        action=action,
        date=datetime.date(2012, 2, 20),
        approval=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    response = chair_client.get(reverse("dashboard:plan", args=[plan.slug]))
    dashboard = response.context["dashboard"]
    assert dashboard.today == datetime.date(2012, 3, 31)
    assert "As at 31 March 2012, the plan&#x27;s last day: it has ended" in response.text
    assessment = dashboard.assessment.for_action(action)
    assert assessment.days_since_update == 40
    # The quarter officers were asked about is the plan's last, not today's.
    assert "Quarter 1 Jan 2012 to 31 Mar 2012." in response.text
    assert 'max="2012-03-31"' in response.text and 'min="2011-04-01"' in response.text


@pytest.mark.parametrize(
    ("as_at", "message"),
    [
        ("2012-04-01", "Choose 31 March 2012 or an earlier day: the plan had ended by then."),
        ("2011-03-31", "Choose a day from 1 April 2011, when the plan began."),
    ],
)
def test_an_as_at_outside_a_finished_plan_is_refused(chair_client, plan, as_at, message):
    response = chair_client.get(reverse("dashboard:plan", args=[plan.slug]), {"as_at": as_at})
    assert response.context["dashboard"].today == datetime.date(2012, 3, 31)
    assert message in response.text
