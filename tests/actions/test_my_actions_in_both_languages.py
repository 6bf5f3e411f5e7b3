"""My actions for a bilingual partnership's officer: the public note in English and Welsh side
by side (issue 27). Test data is invented."""

import pytest
from django.utils import timezone

from actions.models import ActionUpdate, Milestone, MilestoneProposal
from cspplan.models import Partnership, Plan
from cspplan.translated import missing_text
from objectives.models import ApprovalStatus
from progress.approval import approve_milestone
from tests import factories
from tests.actions.test_my_actions import URL, build
from tests.personas import officer_of, plan_manager_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def police():
    return factories.OrganisationFactory(name="Heddlu")


def test_a_bilingual_partnerships_officer_writes_the_note_in_both_languages(client, police):
    plan = factories.PlanFactory(partnership__languages=Partnership.WELSH_AND_ENGLISH)
    [action], _measure = build(police, plan=plan)
    prefix = f"action-{action.pk}"
    client.force_login(officer_of(police, name="Invented Officer"))
    page = client.get(URL).content.decode()
    assert "Progress note (English)" in page
    assert "Progress note (Welsh)" in page
    assert f'name="{prefix}-note_in_welsh"' in page

    response = client.post(
        URL,
        {
            "item": prefix,
            f"{prefix}-status": "at_risk",
            f"{prefix}-note": "Two meetings postponed.",
            f"{prefix}-note_in_welsh": "Gohiriwyd dau gyfarfod.",
            f"{prefix}-version": action.version,
        },
    )
    assert response.status_code == 302
    update = ActionUpdate.objects.get()
    assert (update.note_en, update.note_cy, update.approval) == (
        "Two meetings postponed.",
        "Gohiriwyd dau gyfarfod.",
        ApprovalStatus.SUBMITTED,
    )


def test_an_english_partnerships_officer_sees_one_note(client, police):
    [action], _measure = build(police)
    client.force_login(officer_of(police, name="Invented Officer"))
    page = client.get(URL).content.decode()
    assert "Progress note (Welsh)" not in page
    assert f'name="action-{action.pk}-note_in_welsh"' not in page
    assert "Progress note" in page


def _bilingual_running_action(police):
    plan = factories.running_plan(
        partnership__languages=Partnership.WELSH_AND_ENGLISH, slug="dychmygol-running"
    )
    action = factories.ActionFactory(
        target__objective__plan=plan,
        text_en="Invented running action",
        text_cy="Cam gweithredu dychmygol",
        status="on_track",
    )
    action.owners.set([police])
    return plan, action


def _milestone_post(action, title, title_in_welsh, note="", note_in_welsh=""):
    prefix = f"milestone-{action.pk}"
    return {
        "item": prefix,
        f"{prefix}-title": title,
        f"{prefix}-title_in_welsh": title_in_welsh,
        f"{prefix}-due_date": timezone.localdate().isoformat(),
        f"{prefix}-note": note,
        f"{prefix}-note_in_welsh": note_in_welsh,
    }


def test_an_officer_proposes_a_milestone_in_both_languages_and_it_is_written_in_both(
    client, police
):
    plan, action = _bilingual_running_action(police)
    client.force_login(officer_of(police, name="Invented Officer"))
    page = client.get(URL).text
    assert "Milestone (English)" in page and "Milestone (Welsh)" in page
    assert f'name="milestone-{action.pk}-title_in_welsh"' in page

    response = client.post(
        URL,
        _milestone_post(
            action, "Venue booked", "Lleoliad wedi'i archebu", "Invented.", "Dychmygol."
        ),
    )
    assert response.status_code == 302
    [proposal] = MilestoneProposal.objects.all()
    approve_milestone(milestone_pk=proposal.pk, by=plan_manager_of(plan.partnership))
    milestone = Milestone.objects.get()
    assert (milestone.title_en, milestone.title_cy, milestone.note_en, milestone.note_cy) == (
        "Venue booked",
        "Lleoliad wedi'i archebu",
        "Invented.",
        "Dychmygol.",
    )
    assert missing_text(milestone) == []

    # Ticked done, it keeps its Welsh.
    done = client.post(
        URL,
        {"item": f"done-{milestone.pk}", f"done-{milestone.pk}-done_on": milestone.due_date},
    )
    assert done.status_code == 302
    approve_milestone(
        milestone_pk=MilestoneProposal.objects.latest("pk").pk,
        by=plan_manager_of(plan.partnership),
    )
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    assert (milestone.title_en, milestone.title_cy) == ("Venue booked", "Lleoliad wedi'i archebu")


@pytest.mark.parametrize(
    "title, title_in_welsh, note, note_in_welsh, field, words",
    [
        ("Venue booked", "", "", "", "title_in_welsh", "title (Welsh)"),
        ("", "Lleoliad wedi'i archebu", "", "", "title", "title (English)"),
        (
            "Venue booked",
            "Lleoliad wedi'i archebu",
            "Invented.",
            "",
            "note_in_welsh",
            "note (Welsh)",
        ),
    ],
)
def test_a_milestone_missing_a_language_on_a_published_plan_is_refused_naming_it(
    client, police, title, title_in_welsh, note, note_in_welsh, field, words
):
    _plan, action = _bilingual_running_action(police)
    client.force_login(officer_of(police, name="Invented Officer"))
    response = client.post(URL, _milestone_post(action, title, title_in_welsh, note, note_in_welsh))
    assert response.status_code == 400
    [form] = [
        item.milestone_form
        for group in response.context["groups"]
        for item in group.actions
        if item.pk == action.pk
    ]
    errors = form.errors
    assert words in " ".join(errors[field]), errors
    assert not MilestoneProposal.objects.exists()


def test_a_draft_plans_milestone_may_wait_for_its_welsh(client, police):
    plan, action = _bilingual_running_action(police)
    plan.status = Plan.Status.DRAFT
    plan.save()
    client.force_login(officer_of(police, name="Invented Officer"))
    response = client.post(URL, _milestone_post(action, "Venue booked", ""))
    assert response.status_code == 302
    assert MilestoneProposal.objects.get().title == "Venue booked"


def test_an_english_partnerships_milestone_form_has_one_language(client, police):
    [action], _measure = build(police)
    client.force_login(officer_of(police, name="Invented Officer"))
    page = client.get(URL).text
    assert f'name="milestone-{action.pk}-title_in_welsh"' not in page
    assert "Milestone (Welsh)" not in page
