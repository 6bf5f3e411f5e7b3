"""Moderating and handling feedback in the admin: status, assignment and internal notes, kept in
history; officers see the feedback on the objectives their agency leads and nothing else; the
Excel export is formula-safe and carries contact details only where a reply was asked for."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from consultation.models import Feedback
from tests import factories
from tests.personas import chair, officer_of, plan_manager_of

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:consultation_feedback_changelist"


def change_url(feedback):
    return reverse("admin:consultation_feedback_change", args=[feedback.pk])


@pytest.fixture
def world():
    police = factories.OrganisationFactory(name="Invented Police")
    fire = factories.OrganisationFactory(name="Invented Fire Service")
    plan = factories.PlanFactory()
    ours = factories.ObjectiveFactory(plan=plan, number=1, title="Invented police objective")
    factories.ActionFactory(target__objective=ours, owners=[police])
    theirs = factories.ObjectiveFactory(plan=plan, number=2, title="Invented fire objective")
    factories.TargetFactory(objective=theirs).owners.set([fire])
    return {
        "plan": plan,
        "police": police,
        "fire": fire,
        "on_ours": factories.FeedbackFactory(plan=plan, objective=ours, comment="About patrols"),
        "on_theirs": factories.FeedbackFactory(plan=plan, objective=theirs, comment="About fires"),
        "general": factories.FeedbackFactory(plan=plan, comment="About the plan"),
        "officer": officer_of(police),
        "manager": plan_manager_of(plan.partnership),
    }


def handling_post(feedback, **changes):
    data = {
        "plan": feedback.plan_id,
        "objective": feedback.objective_id or "",
        "consultation": "",
        "comment": feedback.comment,
        "postcode_district": feedback.postcode_district,
        "name": feedback.name,
        "email": feedback.email,
        "status": feedback.status,
        "assigned_to": "",
        "internal_notes": "",
        "moderation": feedback.moderation,
    }
    data.update(changes)
    return data


def test_an_officer_sees_only_the_feedback_on_objectives_their_agency_leads(client, world):
    assert list(Feedback.objects.editable_by(world["officer"])) == [world["on_ours"]]
    client.force_login(world["officer"])

    listed = client.get(reverse(CHANGELIST)).context["cl"].result_list

    assert list(listed) == [world["on_ours"]]
    assert client.get(change_url(world["on_ours"])).status_code == 200
    assert client.get(change_url(world["on_theirs"])).status_code == 404
    assert client.get(change_url(world["general"])).status_code == 404


def test_an_officer_changes_the_handling_but_not_what_the_resident_said(client, world):
    client.force_login(world["officer"])
    feedback = world["on_ours"]

    response = client.post(
        change_url(feedback),
        {
            "status": "acknowledged",
            "assigned_to": world["police"].pk,
            "internal_notes": "Passed to the invented beat team.",
            "comment": "Rewritten by an officer",
            "moderation": "published",
        },
    )

    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ACKNOWLEDGED
    assert feedback.assigned_to == world["police"]
    assert feedback.internal_notes == "Passed to the invented beat team."
    assert feedback.comment == "About patrols"
    assert feedback.moderation == Feedback.Moderation.PENDING


def test_each_change_of_handling_is_kept_in_history_without_name_or_email(client, world):
    client.force_login(world["manager"])
    feedback = world["on_theirs"]
    for status in ("acknowledged", "responded", "closed"):
        response = client.post(change_url(feedback), handling_post(feedback, status=status))
        assert response.status_code == 302

    history = feedback.history.order_by("history_date")
    assert [h.status for h in history] == ["new", "acknowledged", "responded", "closed"]
    assert not hasattr(history.first(), "name")
    assert not hasattr(history.first(), "email")
    assert (
        client.get(reverse("admin:consultation_feedback_history", args=[feedback.pk])).status_code
        == 200
    )


def test_another_partnerships_manager_gets_404_and_the_chair_only_reads(client, world):
    client.force_login(plan_manager_of(factories.PartnershipFactory(), username="other"))
    assert client.get(change_url(world["general"])).status_code == 404

    client.force_login(chair(world["plan"].partnership))
    assert client.get(change_url(world["general"])).status_code == 200
    client.post(change_url(world["general"]), handling_post(world["general"], status="closed"))
    world["general"].refresh_from_db()
    assert world["general"].status == Feedback.Status.NEW


def export(client, feedback):
    response = client.post(
        reverse(CHANGELIST),
        {"action": "export_to_excel", "_selected_action": [f.pk for f in feedback]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="feedback.xlsx"'
    return list(load_workbook(io.BytesIO(response.content))["Feedback"].values)


def test_the_export_is_formula_safe_and_names_only_those_who_asked_for_a_reply(client, world):
    plan = world["plan"]
    formula = factories.FeedbackFactory(
        plan=plan, comment='=HYPERLINK("http://example.org","click")', wants_reply=True
    )
    quiet = factories.FeedbackFactory(
        plan=plan, comment="@SUM(1)", name="Quiet Resident", email="quiet@example.org"
    )
    client.force_login(world["manager"])

    rows = export(client, [formula, quiet])

    assert rows[0][4] == "Comment" and rows[0][11:] == ("Name", "E-mail")
    by_comment = {row[4]: row for row in rows[1:]}
    asked = by_comment['\'=HYPERLINK("http://example.org","click")']
    assert asked[10:] == ("Yes", "A Resident", "resident@example.org")
    assert by_comment["'@SUM(1)"][10:] == ("No", None, None)


def test_an_officer_exports_only_their_own_rows_whatever_is_posted(client, world):
    client.force_login(world["officer"])

    rows = export(client, [world["on_ours"], world["on_theirs"], world["general"]])

    assert [row[4] for row in rows[1:]] == ["About patrols"]


def test_internal_notes_never_reach_the_public_page(client, world):
    Feedback.objects.filter(pk=world["general"].pk).update(
        moderation="published", internal_notes="Invented staff-only note"
    )

    html = client.get(reverse("plans:have_your_say", args=[world["plan"].slug])).content.decode()

    assert "About the plan" in html
    assert "Invented staff-only note" not in html


def test_once_its_personal_data_is_removed_a_manager_cannot_type_it_back(client, world):
    feedback = world["on_theirs"]
    Feedback.objects.filter(pk=feedback.pk).update(
        name="", email="", comment="", personal_data_removed_at="2026-01-01T00:00:00Z"
    )
    client.force_login(world["manager"])

    response = client.post(
        change_url(feedback),
        handling_post(feedback, name="Typed Again", email="again@example.org", status="closed"),
    )

    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.name, feedback.email, feedback.status) == ("", "", "closed")


def test_the_chair_exports_what_they_read_and_another_partnerships_manager_nothing(client, world):
    client.force_login(chair(world["plan"].partnership))
    rows = export(client, [world["general"], world["on_ours"]])
    assert sorted(row[4] for row in rows[1:]) == ["About patrols", "About the plan"]

    client.force_login(plan_manager_of(factories.PartnershipFactory(), username="other"))
    # The selected row is not theirs: a workbook of headings only.
    assert export(client, [world["general"]])[1:] == []
