"""Milestones (issue 28): an action's dated steps, added and ticked through approval, and a late
one making its action "at risk" on every surface, with its evidence ("2 of 5 milestones done,
1 late"); a past day reads them as they stood.

The plan is invented: a 2011–12 plan (ended, so judged as at 31 March 2012) with one action on
track by its own update and five milestones: two done, one late, two due after the plan ends.
"""

import csv
import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from docx import Document
from freezegun import freeze_time
from openpyxl import load_workbook

from actions import milestones as milestone_rule
from actions.models import ActionStatus, Milestone, MilestoneProposal
from actions.services import propose_milestone
from dashboard.reports import board_report_data
from objectives.models import ApprovalStatus
from progress import rag
from progress.approval import approve_all_submitted, approve_milestone, reject_milestone
from progress.assessment import RagStatus, count_actions_by_state
from tests import factories
from tests.personas import in_role, officer_of, plan_manager_of
from tests.progress.test_as_at import day, on, world  # noqa: F401 (world is a fixture)

pytestmark = pytest.mark.django_db

EVIDENCE = "2 of 5 milestones done, 1 late"
LABEL = f"At risk · {EVIDENCE}"


def d(year, month, number):
    return datetime.date(year, month, number)


@pytest.fixture
def plan(settings):
    plan = factories.PlanFactory(slug="invented-2011-12")
    settings.DEFAULT_PARTNERSHIP_SLUG = plan.partnership.slug
    objective = factories.ObjectiveFactory(plan=plan, number=1)
    action = factories.ActionFactory(
        target__objective=objective,
        text="Invented action with steps",
        status=ActionStatus.ON_TRACK,
        due_date=d(2012, 6, 30),
    )
    factories.ActionUpdateFactory(
        action=action,
        date=d(2011, 12, 31),
        status=ActionStatus.ON_TRACK,
        approval=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    for title, due, done in [
        ("Invented venue booked", d(2011, 5, 31), d(2011, 5, 20)),
        ("Invented staff trained", d(2011, 8, 31), d(2011, 9, 10)),
        ("Invented leaflets printed", d(2011, 10, 31), None),
        ("Invented launch event", d(2012, 4, 30), None),
        ("Invented review", d(2012, 6, 30), None),
    ]:
        Milestone.objects.create(action=action, title=title, due_date=due, done_on=done)
    return plan


def the_action(plan):
    return plan.objectives.get().targets.get().actions.get()


# --- The rule -------------------------------------------------------------------------------


def test_a_late_milestone_makes_an_action_on_track_at_risk_with_its_evidence(plan):
    result = rag.assess_plan(plan).for_action(the_action(plan))
    assert (result.action_status, result.status, result.code) == (
        ActionStatus.AT_RISK,
        RagStatus.AMBER,
        "at_risk",
    )
    assert result.label == LABEL
    assert result.milestone_evidence == EVIDENCE
    assert "“Invented leaflets printed”, due 31 October 2011" in result.explanation
    assert count_actions_by_state([result])[0].status == "at_risk"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("on_track", "at_risk"),
        ("not_reported", "at_risk"),
        ("not_started", "at_risk"),
        ("ongoing", "at_risk"),
        ("at_risk", "at_risk"),
        ("off_track", "off_track"),  # worse words are kept
        ("completed", "completed"),  # a finished action owes nothing more
        ("cancelled", "cancelled"),
    ],
)
def test_which_statuses_a_late_milestone_raises(status, expected):
    late = milestone_rule.MilestoneTally(total=1, done=0, late=1)
    assert milestone_rule.status_with_milestones(status, late) == expected
    on_time = milestone_rule.MilestoneTally(total=1, done=0, late=0)
    assert milestone_rule.status_with_milestones(status, on_time) == status


def test_a_milestone_done_after_the_day_was_still_open_then_and_late_once_due(plan):
    milestone = Milestone(title="x", due_date=d(2011, 8, 31), done_on=d(2011, 9, 10))
    assert milestone_rule.is_late(milestone, d(2011, 9, 5))  # due, not yet done
    assert not milestone_rule.is_late(milestone, d(2011, 8, 31))  # due that day: not late
    assert not milestone_rule.is_late(milestone, d(2011, 9, 10))  # done that day


def test_an_action_without_milestones_keeps_its_words(plan):
    other = factories.ActionFactory(target=the_action(plan).target, status=ActionStatus.ON_TRACK)
    assert rag.assess_plan(plan).for_action(other).label == "On track"


def test_an_earlier_day_counts_the_milestones_then(plan):
    """On 15 June 2011 one milestone was done and none late yet: on track by its own status
    (the plan has no history before now, so the day reads today's rows by their dates)."""
    result = rag.assess_plan(plan, today=d(2011, 6, 15)).for_action(the_action(plan))
    assert result.label == "No update yet · 1 of 5 milestones done"


# --- Every surface --------------------------------------------------------------------------


def test_every_public_surface_shows_the_same_state(client, plan):
    html = client.get(reverse("plans:delivery_plan", args=[plan.slug])).text
    assert f"Status: {LABEL}" in html
    found = client.get(reverse("search"), {"q": "Invented action"}).text
    assert f"Status: {LABEL}." in found

    data = json.loads(client.get(reverse("plans:delivery_plan_json", args=[plan.slug])).content)
    [action] = [a for o in data["objectives"] for t in o["targets"] for a in t["actions"]]
    assert (action["status"], action["status_label"], action["milestones_summary"]) == (
        "at_risk",
        LABEL,
        EVIDENCE,
    )
    assert [m["late"] for m in action["milestones"]] == [False, False, True, False, False]

    body = client.get(reverse("plans:delivery_plan_csv", args=[plan.slug])).content
    [row] = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    assert row["Status"] == LABEL

    sheet = load_workbook(
        io.BytesIO(client.get(reverse("plans:delivery_plan_xlsx", args=[plan.slug])).content)
    ).active
    assert LABEL in [cell for row in sheet.iter_rows(values_only=True) for cell in row]

    document = Document(
        io.BytesIO(client.get(reverse("plans:delivery_plan_docx", args=[plan.slug])).getvalue())
    )
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert LABEL in cells

    response = client.get(reverse("api:action_list"), {"plan": plan.slug})
    [listed] = response.json()["results"]
    assert (listed["status"], listed["status_label"]) == ("at_risk", LABEL)
    assert listed["assessment"]["milestones"] == EVIDENCE
    assert [m["title"] for m in listed["milestones"]][:1] == ["Invented venue booked"]

    home = client.get(reverse("home"))
    assert [(c.status, c.count) for c in home.context["progress"]["actions"]] == [("at_risk", 1)]


def test_the_dashboard_and_the_board_report_show_it_as_an_exception(client, plan):
    client.force_login(in_role("Chair", partnership=plan.partnership))
    page = client.get(reverse("dashboard:objective", args=[plan.slug, 1]))
    [(_, result)] = page.context["actions"]
    assert result.label == LABEL
    report = board_report_data(plan, with_charts=False)
    [exception] = report.action_exceptions
    assert exception.assessment.label == LABEL
    assert exception.why.endswith(f"Milestones: {EVIDENCE}.")
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("dashboard:report_xlsx", args=[plan.slug])).getvalue())
    )
    statuses = {r[1]: r[4] for r in workbook["Actions"].values}
    assert statuses["Invented action with steps"] == LABEL


# --- Approval -------------------------------------------------------------------------------


@pytest.fixture
def running():
    plan = factories.running_plan(slug="invented-running")
    action = factories.ActionFactory(
        target__objective__plan=plan, text="Invented running action", status="on_track"
    )
    agency = factories.OrganisationFactory()
    action.owners.set([agency])
    return plan, action, officer_of(agency, username="officer-milestones")


def test_an_officers_milestone_waits_for_approval_then_is_published(running):
    plan, action, officer = running
    today = timezone.localdate()
    proposal = propose_milestone(
        action=action, by=officer, title="Invented kick-off", due_date=today
    )
    assert proposal.approval == ApprovalStatus.SUBMITTED
    assert not Milestone.objects.filter(action=action).exists()
    manager = plan_manager_of(plan.partnership)
    approve_milestone(milestone_pk=proposal.pk, by=manager)
    [milestone] = Milestone.objects.filter(action=action)
    assert (milestone.title, milestone.done_on) == ("Invented kick-off", None)
    assert milestone.history.count() == 1

    tick = propose_milestone(
        action=action,
        by=officer,
        milestone=milestone,
        title=milestone.title,
        due_date=milestone.due_date,
        done_on=today,
    )
    milestone.refresh_from_db()
    assert milestone.done_on is None  # not public until approved
    with pytest.raises(PermissionDenied):
        approve_milestone(milestone_pk=tick.pk, by=officer)
    reject_milestone(milestone_pk=tick.pk, by=manager, note="Send the date it really happened.")
    milestone.refresh_from_db()
    assert milestone.done_on is None

    again = propose_milestone(
        action=action,
        by=officer,
        milestone=milestone,
        title=milestone.title,
        due_date=milestone.due_date,
        done_on=today,
    )
    counts = approve_all_submitted(plan=plan, by=manager)
    assert (counts.milestones, counts.total) == (1, 1)
    milestone.refresh_from_db()
    assert milestone.done_on == today
    again.refresh_from_db()
    assert again.approval == ApprovalStatus.APPROVED


def test_a_plan_manager_adds_a_milestone_at_once(running):
    plan, action, _ = running
    manager = plan_manager_of(plan.partnership)
    proposal = propose_milestone(
        action=action, by=manager, title="Invented review", due_date=timezone.localdate()
    )
    assert proposal.approval == ApprovalStatus.APPROVED
    assert Milestone.objects.get(action=action).title == "Invented review"


def test_a_milestone_cannot_be_done_in_the_future(running):
    from django.core.exceptions import ValidationError

    plan, action, officer = running
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="day still to come"):
        propose_milestone(action=action, by=officer, title="x", due_date=tomorrow, done_on=tomorrow)
    assert not MilestoneProposal.objects.exists()


def test_the_approval_queue_lists_and_decides_milestones(client, running):
    plan, action, officer = running
    proposal = propose_milestone(
        action=action, by=officer, title="Invented kick-off", due_date=timezone.localdate()
    )
    client.force_login(plan_manager_of(plan.partnership))
    page = client.get(reverse("dashboard:approvals", args=[plan.slug]))
    assert "Invented kick-off" in page.text
    response = client.post(
        reverse("dashboard:approvals", args=[plan.slug]),
        {"kind": "milestone", "decision": "approve", "pk": proposal.pk, "note": ""},
    )
    assert response.status_code == 302
    assert Milestone.objects.get(action=action).title == "Invented kick-off"


# --- A past day, from history ---------------------------------------------------------------


def test_a_past_day_reads_milestones_as_they_stood(world):  # noqa: F811
    """Added on 1 May (due 30 June), ticked on 10 July: as at 5 July it was late, so the
    action read at risk; as at 15 July it was done; as at 15 April it did not exist."""
    action, plan, manager = world["action"], world["plan"], world["manager"]
    with on(day(5, 1, 2025)):
        propose_milestone(
            action=action, by=manager, title="Invented step", due_date=day(6, 30, 2025)
        )
    milestone = Milestone.objects.get(action=action)
    with on(day(7, 10, 2025)):
        propose_milestone(
            action=action,
            by=manager,
            milestone=milestone,
            title=milestone.title,
            due_date=milestone.due_date,
            done_on=day(7, 10, 2025),
        )
    late = rag.assess_plan(plan, today=day(7, 5, 2025))
    assert late.from_history
    assert late.for_action(action).label == "At risk · 0 of 1 milestone done, 1 late"
    done = rag.assess_plan(plan, today=day(7, 15, 2025)).for_action(action)
    assert done.label == "On track · 1 of 1 milestone done"
    before = rag.assess_plan(plan, today=day(4, 15, 2025)).for_action(action)
    assert before.label == "On track"


# --- "My actions" and the admin -------------------------------------------------------------


def test_an_officer_adds_and_ticks_milestones_on_my_actions(client, running):
    plan, action, officer = running
    client.force_login(officer)
    url = reverse("my_actions:index")
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "item": f"milestone-{action.pk}",
            f"milestone-{action.pk}-title": "Invented kick-off",
            f"milestone-{action.pk}-due_date": today.isoformat(),
            f"milestone-{action.pk}-note": "",
        },
    )
    assert response.status_code == 302
    page = client.get(url).text
    assert "Awaiting approval" in page and "Invented kick-off" in page
    [proposal] = MilestoneProposal.objects.all()
    approve_milestone(milestone_pk=proposal.pk, by=plan_manager_of(plan.partnership))
    milestone = Milestone.objects.get()
    page = client.get(url)
    assert page.status_code == 200
    assert f'name="item" value="done-{milestone.pk}"' in page.text

    missing = client.post(url, {"item": f"done-{milestone.pk}", f"done-{milestone.pk}-done_on": ""})
    assert missing.status_code == 400  # the form with its error, nothing proposed
    assert MilestoneProposal.objects.count() == 1
    client.post(
        url, {"item": f"done-{milestone.pk}", f"done-{milestone.pk}-done_on": today.isoformat()}
    )
    tick = MilestoneProposal.objects.latest("pk")
    assert (tick.milestone, tick.done_on, tick.approval) == (
        milestone,
        today,
        ApprovalStatus.SUBMITTED,
    )


def test_another_agencys_milestone_cannot_be_ticked(client, running):
    plan, action, _ = running
    milestone = Milestone.objects.create(
        action=action, title="Invented step", due_date=timezone.localdate()
    )
    stranger = officer_of(factories.OrganisationFactory(), username="officer-elsewhere")
    client.force_login(stranger)
    response = client.post(
        reverse("my_actions:index"),
        {"item": f"done-{milestone.pk}", f"done-{milestone.pk}-done_on": "2011-01-01"},
    )
    assert response.status_code == 404
    assert not MilestoneProposal.objects.exists()


def test_a_plan_manager_edits_milestones_in_the_admin_with_history(client, running):
    plan, action, officer = running
    manager = plan_manager_of(plan.partnership)
    client.force_login(manager)
    url = reverse("admin:actions_action_change", args=[action.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "owners"}
    data.update(
        {
            "target": action.target_id,
            "owners": [o.pk for o in action.owners.all()],
            "version": action.version,
        }
    )
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{formset.formset.prefix}-{name}"] = management.initial.get(name, 0)
    data["milestones-TOTAL_FORMS"] = 1
    data.update(
        {
            "milestones-0-title": "Invented review",
            "milestones-0-due_date": "2011-09-30",
            "milestones-0-done_on": "",
            "milestones-0-note": "",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    milestone = Milestone.objects.get(action=action)
    assert milestone.history.get().history_user == manager

    client.force_login(officer)
    assert 'name="milestones-0-title"' not in client.get(url).text  # read only to officers


# --- Residents' timeline --------------------------------------------------------------------


def test_residents_read_a_timeline_of_milestones_and_approved_updates(client, plan):
    action = the_action(plan)
    # An officer's proposal still waiting, and an update not approved: neither is public.
    MilestoneProposal.objects.create(
        action=action, title="Invented secret step", due_date=d(2011, 7, 1)
    )
    factories.ActionUpdateFactory(
        action=action, date=d(2012, 1, 31), note="Invented pending note", status="off_track"
    )
    page = client.get(reverse("plans:objective", args=[plan.slug, 1]))
    [listed] = [a for t in page.context["targets"] for a in t.actions.all()]
    assert [(e.date, e.kind, e.state) for e in listed.timeline] == [
        (d(2011, 5, 31), "milestone", "Done 20 May 2011"),
        (d(2011, 8, 31), "milestone", "Done 10 September 2011"),
        (d(2011, 10, 31), "milestone", "Late"),
        (d(2011, 12, 31), "update", "On track"),
        (d(2012, 4, 30), "milestone", "Due"),
        (d(2012, 6, 30), "milestone", "Due"),
    ]
    html = page.text
    assert f"Timeline: 6 entries ({EVIDENCE})" in html
    assert '<time datetime="2011-10-31">31 October 2011</time></strong> – Milestone: ' in html
    assert "Invented secret step" not in html and "Invented pending note" not in html


# --- Rollover -------------------------------------------------------------------------------


def _roll(plan, **kwargs):
    from progress.rollover import roll_over

    return roll_over(
        plan,
        title="Invented Plan 2012 to 2013",
        start=d(2012, 4, 1),
        end=d(2013, 3, 31),
        **kwargs,
    )


def test_rollover_carries_open_milestones_with_their_dates_moved(plan):
    with freeze_time("2012-03-30 09:00"):  # before the new year begins
        summary = _roll(plan)
    carried = Milestone.objects.filter(action__target__objective__plan=summary.plan)
    assert [(m.title, m.due_date, m.done_on) for m in carried.order_by("due_date", "pk")] == [
        ("Invented leaflets printed", d(2012, 10, 31), None),
        ("Invented launch event", d(2013, 3, 31), None),  # 30 April 2013: kept inside the plan
        ("Invented review", d(2013, 3, 31), None),
    ]
    assert (summary.milestones, summary.milestones_left_behind) == (3, 2)
    assert "3 open milestones carried over (2 done left behind)" in str(summary)
    # A rolled plan starts clean: nothing late on its first day.
    rolled = the_action(summary.plan)
    assert (
        rag.assess_plan(summary.plan, today=d(2012, 4, 1)).for_action(rolled).milestones.late == 0
    )


def test_rollover_with_dates_cleared_keeps_milestones_due_at_the_end_saying_so(plan):
    from progress.rollover import DueDates

    with freeze_time("2012-03-30 09:00"):
        summary = _roll(plan, due_dates=DueDates.CLEAR)
    carried = Milestone.objects.filter(action__target__objective__plan=summary.plan)
    assert {m.due_date for m in carried} == {d(2013, 3, 31)}
    leaflets = carried.get(title="Invented leaflets printed")
    assert leaflets.note == "Due date to be set: was 31 October 2011."
    assert summary.milestone_dates_to_set == 3


# --- Export and import ----------------------------------------------------------------------


def _milestones_of(plan):
    return [
        (m.title, m.due_date, m.done_on, m.note)
        for m in Milestone.objects.filter(action__target__objective__plan=plan).order_by(
            "due_date", "pk"
        )
    ]


@pytest.mark.parametrize("file_type", ["csv", "xlsx"])
def test_milestones_survive_the_downloads_and_import_back(client, plan, file_type):
    from importer.services import read_draft, write_plan

    leaflets = Milestone.objects.get(title="Invented leaflets printed")
    leaflets.note = "Invented note: with a colon (and brackets)"
    leaflets.save()
    url = f"plans:delivery_plan_{file_type}"
    data = client.get(reverse(url, args=[plan.slug])).getvalue()
    if file_type == "csv":
        [row] = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
        assert row["Milestones"].splitlines()[1:3] == [
            "Invented staff trained (due 31 August 2011; done 10 September 2011)",
            "Invented leaflets printed (due 31 October 2011): "
            "Invented note: with a colon (and brackets)",
        ]
    else:
        sheet = load_workbook(io.BytesIO(data))["Milestones"]
        rows = list(sheet.values)
        assert rows[0][3:7] == ("Milestone", "Due", "Done on", "Late")
        assert [r[6] for r in rows[1:]] == [None, None, "Late", None, None]
    copy = write_plan(
        draft=read_draft(f"plan.{file_type}", data),
        partnership=plan.partnership,
        title="Imported copy",
        start=plan.period_start,
        end=plan.period_end,
    )
    assert _milestones_of(copy) == _milestones_of(plan)
    assert rag.assess_plan(copy).for_action(the_action(copy)).milestone_evidence == EVIDENCE


def test_a_milestones_cell_that_cannot_be_read_is_refused_naming_its_cell(plan):
    from importer.errors import PlanImportError
    from importer.services import read_draft
    from tests.importer_helpers import csv_bytes, table_rows

    headings, rows = table_rows(plan)
    column = headings.index("Milestones")
    rows[0][column] = "Invented step (due 31 Smarch 2011)"
    with pytest.raises(PlanImportError) as refused:
        read_draft("plan.csv", csv_bytes(headings, rows))
    message = str(refused.value)
    assert "column Milestones" in message and "“31 Smarch 2011” is not a date" in message
