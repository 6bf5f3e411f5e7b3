"""Board meeting dates and the chair's digest before each meeting (issue 28): the plan's
standing as the dashboard shows it (one truth), its exceptions, once per meeting, turned off
like the other notices; the dashboard names the next meeting."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actions.models import Milestone
from actions.services import record_action_update
from dashboard.overview import build_dashboard
from notices import chair
from outbox.models import NoticePreference
from progress.models import BoardMeeting
from tests import factories
from tests.personas import chair as chair_of
from tests.personas import officer_of, plan_manager_of

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def world(settings):
    settings.CHAIR_DIGEST_DAYS = 7
    plan = factories.running_plan(slug="invented-board")
    objective = factories.ObjectiveFactory(plan=plan, title="Invented safer streets")
    target = factories.TargetFactory(objective=objective)
    overdue = factories.ActionFactory(
        target=target,
        text="Invented overdue audit",
        due_date=TODAY - datetime.timedelta(days=10),
    )
    slipping = factories.ActionFactory(target=target, text="Invented lighting scheme")
    Milestone.objects.create(
        action=slipping, title="Invented survey done", due_date=TODAY - datetime.timedelta(days=3)
    )
    factories.ActionFactory(target=target, text="Invented youth club")
    agency = factories.OrganisationFactory()
    slipping.owners.set([agency])
    officer = officer_of(agency, username="officer-board")
    record_action_update(
        action=slipping, by=officer, date=TODAY, status="on_track", note="Invented waiting."
    )
    the_chair = chair_of(plan.partnership, username="chair-board")
    the_chair.email = "chair@example.org"
    the_chair.save()
    mail.outbox.clear()
    return plan, overdue, slipping, the_chair


def meeting_in(plan, days):
    return BoardMeeting.objects.create(
        plan=plan, date=TODAY + datetime.timedelta(days=days), place="Invented council offices"
    )


def test_the_chair_gets_one_digest_a_week_before_each_meeting(world):
    plan, _overdue, _slipping, the_chair = world
    later = meeting_in(plan, 8)  # not yet: more than 7 days ahead
    assert chair.send_chair_digests(today=TODAY) == 0
    later.delete()
    meeting = meeting_in(plan, 7)
    assert chair.send_chair_digests(today=TODAY) == 1
    assert chair.send_chair_digests(today=TODAY + datetime.timedelta(days=1)) == 0  # once
    [digest] = mail.outbox
    assert digest.to == ["chair@example.org"]
    assert digest.subject.startswith(f"Board meeting on {meeting.date.day} ")
    assert f"http://127.0.0.1:8000/dashboard/{plan.slug}/" in digest.body
    assert f"http://127.0.0.1:8000/dashboard/{plan.slug}/report.pdf" in digest.body
    # A meeting moved to another day is a new event: the chair hears of it again.
    meeting.date += datetime.timedelta(days=1)
    meeting.save()
    assert chair.send_chair_digests(today=TODAY + datetime.timedelta(days=1)) == 1


def test_the_digest_says_what_the_dashboard_says(world):
    plan, overdue, slipping, _the_chair = world
    meeting_in(plan, 3)
    chair.send_chair_digests(today=TODAY)
    [digest] = mail.outbox
    text, html = digest.body, digest.alternatives[0][0]
    dashboard = build_dashboard(plan)
    for row in dashboard.objective_rows:
        assert f"{row.objective.heading}: {row.assessment.label}" in text
    assert dashboard.actions_by_status  # something to compare
    for row in dashboard.actions_by_status:
        assert f"- {row.label}: {row.count}\n" in text
        assert f'>{row.label}</th><td style="padding: 4px 0;">{row.count}</td>' in html
    assert [r.action for r in dashboard.overdue_rows] == [overdue]
    assert "Overdue actions: 1\n- " in text and "Invented overdue audit" in text
    # The late milestone put its action at risk, on the dashboard and in the digest alike.
    assert dashboard.assessment.for_action(slipping).code == "at_risk"
    assert "At risk: 1\n- " in text and "Invented lighting scheme" in text
    assert "Late milestones: 1\n- Invented survey done, due " in text
    assert f"Waiting for approval: {dashboard.pending_total}\n" in text
    assert dashboard.pending_total == 1
    assert "Invented youth club" not in text  # on track: no exception


def test_the_chair_can_turn_the_digest_off(world):
    plan, _overdue, _slipping, the_chair = world
    NoticePreference.objects.create(user=the_chair, chair_digest=False)
    meeting_in(plan, 2)
    assert chair.send_chair_digests(today=TODAY) == 0
    assert mail.outbox == []


def test_only_the_chairs_of_the_plans_partnership_get_it(world):
    plan, _overdue, _slipping, the_chair = world
    other = factories.running_plan(slug="invented-other-board")
    stranger = chair_of(other.partnership, username="chair-elsewhere")
    stranger.email = "stranger@example.org"
    stranger.save()
    plan_manager_of(plan.partnership, username="manager-board")
    meeting_in(plan, 1)
    chair.send_chair_digests(today=TODAY)
    assert [m.to for m in mail.outbox] == [["chair@example.org"]]


def test_the_dashboard_names_the_next_meeting_and_offers_its_date_to_freeze(world, client):
    plan, _overdue, _slipping, _the_chair = world
    BoardMeeting.objects.create(plan=plan, date=TODAY - datetime.timedelta(days=1))
    meeting = meeting_in(plan, 20)
    meeting_in(plan, 40)
    manager = plan_manager_of(plan.partnership, username="manager-board")
    client.force_login(manager)
    session = client.session
    session["cspplan_second_factor_at"] = timezone.now().isoformat()
    page = client.get(reverse("dashboard:plan", args=[plan.slug]))
    html = page.content.decode()
    assert "Next board meeting" in html
    assert f"{meeting.date:%-d} " in html
    assert f'value="{meeting.date:%Y-%m-%d}"' in html  # the freeze form's meeting date


def test_board_meetings_keep_their_history():
    plan = factories.running_plan(slug="invented-history-board")
    meeting = BoardMeeting.objects.create(plan=plan, date=TODAY)
    meeting.date = TODAY + datetime.timedelta(days=1)
    meeting.save()
    assert meeting.history.count() == 2


def test_a_chair_who_chose_welsh_gets_the_digest_in_welsh(world):
    plan, _overdue, slipping, the_chair = world
    from cspplan.models import Partnership

    Partnership.objects.filter(pk=plan.partnership_id).update(
        languages=Partnership.WELSH_AND_ENGLISH
    )
    slipping.text_cy = "Cynllun goleuo dychmygol"
    slipping.save()
    NoticePreference.objects.create(user=the_chair, language="cy")
    meeting_in(plan, 2)
    chair.send_chair_digests(today=TODAY)
    [digest] = mail.outbox
    assert digest.subject.startswith("Cyfarfod y bwrdd ar")
    assert "Mewn perygl: 1\n- " in digest.body and "Cynllun goleuo dychmygol" in digest.body
    assert '<html lang="cy">' in digest.alternatives[0][0]


def test_staff_are_offered_welsh_only_where_a_partnership_of_theirs_is_bilingual(world, client):
    plan, _overdue, _slipping, the_chair = world
    from cspplan.models import Partnership
    from notices.forms import PreferenceForm

    assert "language" not in PreferenceForm(user=the_chair).fields
    Partnership.objects.filter(pk=plan.partnership_id).update(
        languages=Partnership.WELSH_AND_ENGLISH
    )
    form = PreferenceForm(
        {"language": "cy", "chair_digest": "on"},
        instance=NoticePreference(user=the_chair),
        user=the_chair,
    )
    assert form.is_valid(), form.errors
    assert form.save().language == "cy"
