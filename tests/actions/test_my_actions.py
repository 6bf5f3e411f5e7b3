"""/my-actions/: an officer's own actions and measures, grouped by objective, with update forms."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import ActionStatus, ActionUpdate
from cspplan.quarters import current_quarter
from objectives.models import ApprovalStatus, Measure, Measurement
from tests import factories
from tests.personas import officer_of

pytestmark = pytest.mark.django_db
URL = "/my-actions/"


@pytest.fixture
def police():
    return factories.OrganisationFactory(name="Police")


@pytest.fixture
def officer(police):
    return officer_of(police, name="Andrew Hill")


def build(police, *, actions=1, plan=None):
    plan = plan or factories.PlanFactory()
    objective = factories.ObjectiveFactory(plan=plan, title="Reduce Violent Crime")
    target = factories.TargetFactory(objective=objective)
    target.owners.set([police])
    made = [
        factories.ActionFactory(target=target, text=f"Police action {n}", owners=[police])
        for n in range(actions)
    ]
    measure = factories.MeasureFactory(
        target=target, name="Violent crimes", figures_period=Measure.FiguresPeriod.QUARTER
    )
    return made, measure


def test_the_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_user_without_an_officer_link_is_told_how_to_get_linked(client):
    client.force_login(factories.UserFactory(is_staff=True))
    response = client.get(URL)
    assert response.status_code == 200
    assert "not linked to a lead officer" in response.content.decode()


def test_it_lists_the_officers_actions_and_measures_by_objective_and_nobody_elses(
    client, police, officer
):
    [ours], measure = build(police)
    other = factories.ActionFactory(
        text="Fire service action", owners=[factories.OrganisationFactory()]
    )
    client.force_login(officer)
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Reduce Violent Crime" in page
    assert "Police action 0" in page
    assert "Violent crimes" in page
    assert other.text not in page


def test_items_without_an_update_this_quarter_are_flagged_in_words(client, police, officer):
    [fresh, stale], _measure = build(police, actions=2)
    factories.ActionUpdateFactory(action=fresh, date=datetime.date.today())
    client.force_login(officer)
    response = client.get(URL)
    flagged = {a.pk: a.needs_update for g in response.context["groups"] for a in g.actions}
    assert flagged == {fresh.pk: False, stale.pk: True}
    # Two flagged: the stale action and the measure with no measurement yet.
    assert "2 items</strong>\nhave no update this quarter" in response.content.decode()


def test_progress_returned_to_the_officer_is_not_an_update_this_quarter(client, police, officer):
    # As on the dashboard and in the reminders (progress.accountability): returned progress
    # waits for a correction, so the item is still flagged.
    [action], measure = build(police)
    today = datetime.date.today()
    factories.ActionUpdateFactory(action=action, date=today, approval=ApprovalStatus.REJECTED)
    factories.MeasurementFactory(measure=measure, status=ApprovalStatus.REJECTED)
    client.force_login(officer)
    [group] = client.get(URL).context["groups"]
    assert [a.needs_update for a in group.actions] == [True]
    assert [m.needs_update for m in group.measures] == [True]


def test_a_closed_action_is_not_flagged_for_an_update(client, police, officer):
    # Completed and cancelled actions owe no more reports, as on the dashboard and in the
    # reminders (progress.accountability).
    [completed, cancelled, open_], _measure = build(police, actions=3)
    completed.status, cancelled.status = ActionStatus.COMPLETED, ActionStatus.CANCELLED
    completed.save()
    cancelled.save()
    client.force_login(officer)
    response = client.get(URL)
    flagged = {a.pk: a.needs_update for g in response.context["groups"] for a in g.actions}
    assert flagged == {completed.pk: False, cancelled.pk: False, open_.pk: True}


def test_saving_an_update_records_it_in_the_officers_name_for_approval(client, police, officer):
    [action], _measure = build(police)
    prefix = f"action-{action.pk}"
    client.force_login(officer)
    response = client.post(
        URL,
        {
            "item": prefix,
            f"{prefix}-status": "at_risk",
            f"{prefix}-note": "Two operations postponed.",
            f"{prefix}-version": action.version,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}#{prefix}"
    update = ActionUpdate.objects.get()
    assert (update.status, update.note) == (ActionStatus.AT_RISK, "Two operations postponed.")
    assert (update.author, update.author_name) == (officer, "Andrew Hill")
    assert update.approval == ApprovalStatus.SUBMITTED
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK  # not public until approved


def test_with_automatic_publishing_the_update_is_approved_and_sets_the_status(
    client, police, officer
):
    [action], _ = build(police, plan=factories.PlanFactory(publish_progress_automatically=True))
    prefix = f"action-{action.pk}"
    client.force_login(officer)
    client.post(URL, {"item": prefix, f"{prefix}-status": "completed",
                      f"{prefix}-note": "Done.", f"{prefix}-version": 1})  # fmt: skip
    update = ActionUpdate.objects.get()
    assert update.approval == ApprovalStatus.APPROVED
    assert update.approved_at is not None and update.approved_by is None
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED


def test_saving_a_measurement_records_it_in_the_officers_name(client, police, officer):
    _, measure = build(police)
    prefix = f"measure-{measure.pk}"
    client.force_login(officer)
    response = client.post(
        URL,
        {
            "item": prefix,
            f"{prefix}-period_start": "2011-04-01",
            f"{prefix}-period_end": "2011-06-30",
            f"{prefix}-value": "42",
            f"{prefix}-rating": "",
            f"{prefix}-note": "",
            f"{prefix}-source": "iQuanta",
        },
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.value == Decimal("42")
    assert measurement.recorded_by == officer
    assert measurement.status == ApprovalStatus.SUBMITTED


def test_a_measurement_without_value_or_rating_is_refused_naming_the_field(client, police, officer):
    _, measure = build(police)
    prefix = f"measure-{measure.pk}"
    client.force_login(officer)
    response = client.post(URL, {"item": prefix, f"{prefix}-period_start": "2011-04-01",
                                 f"{prefix}-period_end": "2011-06-30"})  # fmt: skip
    assert response.status_code == 400
    assert "Give a value or a rating." in response.content.decode()
    assert not Measurement.objects.exists()


def test_posting_to_another_agencys_action_is_a_404(client, officer):
    theirs = factories.ActionFactory(owners=[factories.OrganisationFactory()])
    prefix = f"action-{theirs.pk}"
    client.force_login(officer)
    response = client.post(URL, {"item": prefix, f"{prefix}-status": "completed",
                                 f"{prefix}-note": "x", f"{prefix}-version": 1})  # fmt: skip
    assert response.status_code == 404
    assert not ActionUpdate.objects.exists()


@pytest.mark.parametrize("size", [1, 6])
def test_the_page_runs_a_fixed_number_of_queries(client, police, officer, size,
                                                 django_assert_num_queries):  # fmt: skip
    for _ in range(size):
        build(police, actions=2)
    client.force_login(officer)
    # session, user, officer, groups (roles), organisation, actions, their milestones, the
    # milestones waiting or returned, measures; progress returned to the officer: measurements,
    # action updates.
    with django_assert_num_queries(11):
        response = client.get(URL)
    assert len(response.context["groups"]) == size


def test_the_measurement_period_defaults_to_this_quarter_in_the_date_pickers_format(
    client, police, officer
):
    _, measure = build(police)
    # The plan's reporting day: its last day, since the plan (2011–12) has ended.
    start, end = current_quarter(measure.target.objective.plan.reporting_day())
    assert (start, end) == (datetime.date(2012, 1, 1), datetime.date(2012, 3, 31))
    client.force_login(officer)
    html = client.get(URL).content.decode()
    assert f'name="measure-{measure.pk}-period_start" value="{start.isoformat()}"' in html
    assert f'name="measure-{measure.pk}-period_end" value="{end.isoformat()}"' in html


def test_the_staff_nav_shows_an_officer_my_actions_and_not_the_dashboard(client, officer):
    client.force_login(officer)
    page = client.get(URL).content.decode()
    assert 'href="/my-actions/" aria-current="page">My actions</a>' in page
    assert 'href="/dashboard/"' not in page


def test_the_staff_nav_leaves_my_actions_out_for_a_user_with_no_officer_record(client):
    client.force_login(factories.UserFactory(is_staff=True))
    page = client.get(URL).content.decode()
    assert ">My actions</a>" not in page
    assert 'href="/dashboard/"' not in page


def test_what_the_officer_sent_is_marked_awaiting_approval_until_decided(client, police, officer):
    [action], measure = build(police)
    client.force_login(officer)
    prefix = f"action-{action.pk}"
    client.post(
        URL,
        {
            "item": prefix,
            f"{prefix}-status": "at_risk",
            f"{prefix}-note": "Slipping",
            f"{prefix}-version": action.version,
        },
    )
    mprefix = f"measure-{measure.pk}"
    client.post(
        URL,
        {
            "item": mprefix,
            f"{mprefix}-period_start": "2011-04-01",
            f"{mprefix}-period_end": "2011-06-30",
            f"{mprefix}-value": "4",
        },
    )
    page = client.get(URL).text
    card = page[page.index(f'id="action-{action.pk}"') :]
    assert "Awaiting approval" in card
    assert "“At risk”, shown once a plan manager approves it" in card
    measure_card = page[page.index(f'id="measure-{measure.pk}"') :]
    assert "1 figure</span> sent, shown once a plan manager approves it" in measure_card


def test_an_action_with_no_update_starts_at_a_choice_the_officer_must_make(client, police, officer):
    [action], _measure = build(police)
    action.status = "not_reported"  # as the plan leaves every action before any update
    action.save()
    client.force_login(officer)
    prefix = f"action-{action.pk}"
    response = client.post(
        URL, {"item": prefix, f"{prefix}-note": "A note alone", f"{prefix}-version": 1}
    )
    assert response.status_code == 400
    assert "Choose where the action stands now." in response.text
    assert not action.updates.exists()


def test_a_year_to_date_measures_form_says_so_and_starts_at_the_plan_years_start(
    client, police, officer
):
    """Issue 21, finding 2: the form filled the quarter (01/01/2012–31/03/2012) for a
    year-to-date measure and never said "year to date"."""
    _, measure = build(police)
    measure.figures_period = Measure.FiguresPeriod.YEAR_TO_DATE
    measure.save()
    client.force_login(officer)
    html = client.get(URL).content.decode()
    # The plan (2011–12) has ended: its reporting day is 31 March 2012, the quarter's end.
    assert f'name="measure-{measure.pk}-period_start" value="2011-04-01"' in html
    assert f'name="measure-{measure.pk}-period_end" value="2012-03-31"' in html
    assert "Year to date from" in html and "figures are year to date" in html


def test_a_quarter_of_a_year_to_date_measure_is_refused_beside_the_period_start(
    client, police, officer
):
    _, measure = build(police)
    measure.figures_period = Measure.FiguresPeriod.YEAR_TO_DATE
    measure.save()
    prefix = f"measure-{measure.pk}"
    client.force_login(officer)
    response = client.post(
        URL,
        {
            "item": prefix,
            f"{prefix}-period_start": "2012-01-01",
            f"{prefix}-period_end": "2012-03-31",
            f"{prefix}-value": "25",
        },
    )
    assert response.status_code == 400
    assert "the first day of the plan year (01/04/2011)" in response.content.decode()
    assert not Measurement.objects.exists()
