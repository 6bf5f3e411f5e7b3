"""Issue 10, finding 2: officer records, shared by every partnership, and the other shared
records (organisations, aliases, funds). The rule is OfficerQuerySet's (cspplan/models.py) and
SharedUseMixin's (cspplan/admin.py)."""

import pytest
from django.urls import reverse

from cspplan.models import Officer
from tests import factories
from tests.core.partnership_world import action_data, add_url, change_url, form_errors, world
from tests.personas import officer_of

pytestmark = pytest.mark.django_db
__all__ = ["world"]  # the fixture, used by name


# --- Finding 2: officer records ---------------------------------------------------------------


def _officer_data(officer, **changes):
    return {
        "name": officer.name,
        "slug": officer.slug,
        "title": officer.title,
        "role": officer.role,
        "organisation": officer.organisation_id or "",
        "email": officer.email,
        **changes,
    }


@pytest.fixture
def officers(world):
    """An LFRS-like officer with a login who leads A's action; an officer without a login who
    leads A's action; one who leads B's only; one who leads in both."""
    login = officer_of(world["fire"], username="fire-officer", name="Fenna Firth")
    with_login = login.officer
    without_login = factories.OfficerFactory(name="Arlo Ashby", organisation=world["fire"])
    b_only = factories.OfficerFactory(name="Bram Birch", organisation=world["police"])
    both = factories.OfficerFactory(name="Cass Both", organisation=world["police"])
    world["a"]["action"].lead_officers.set([with_login, without_login, both])
    world["b"]["action"].lead_officers.set([b_only, both])
    return {
        "login": login,
        "with_login": with_login,
        "without_login": without_login,
        "b_only": b_only,
        "both": both,
    }


def test_a_plan_manager_cannot_give_an_officers_login_another_agency(client, world, officers):
    """The probe: the fire officer's agency set to the police would have let their login edit
    B's police action."""
    client.force_login(world["manager_a"])
    officer = officers["with_login"]
    response = client.post(
        change_url(officer), _officer_data(officer, organisation=world["police"].pk)
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.organisation == world["fire"]

    client.force_login(officers["login"])
    assert client.get(change_url(world["b"]["action"])).status_code == 404


def test_a_plan_manager_cannot_link_a_login_to_an_officer(client, world, officers):
    client.force_login(world["manager_a"])
    officer = officers["without_login"]
    response = client.post(change_url(officer), _officer_data(officer, user=world["manager_b"].pk))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.user is None
    assert "user" not in client.get(change_url(officer)).context["adminform"].form.fields


def test_a_plan_manager_edits_an_officer_of_their_own_plans_only(client, world, officers):
    client.force_login(world["manager_a"])
    officer = officers["without_login"]
    response = client.post(
        change_url(officer),
        _officer_data(officer, name="Arlo Ashby-Smith", organisation=world["police"].pk),
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.name, officer.organisation) == ("Arlo Ashby-Smith", world["police"])

    assert client.get(change_url(officers["b_only"])).status_code == 404
    shared = officers["both"]
    assert client.get(change_url(shared)).context["has_change_permission"] is False
    response = client.post(change_url(shared), _officer_data(shared, name="Renamed"))
    assert response.status_code == 403
    shared.refresh_from_db()
    assert shared.name == "Cass Both"


def test_the_officer_list_shows_a_plan_manager_their_partnerships_officers(client, world, officers):
    unattached = factories.OfficerFactory(name="Una Attached")
    client.force_login(world["manager_a"])
    listed = set(client.get(reverse("admin:cspplan_officer_changelist")).context["cl"].result_list)
    assert listed == {
        officers["with_login"],
        officers["without_login"],
        officers["both"],
        unattached,
    }


def test_a_plan_manager_adds_an_officer_and_may_then_edit_them(client, world):
    client.force_login(world["manager_a"])
    data = {"name": "Nia New", "slug": "nia-new", "title": "", "role": "", "email": ""}
    response = client.post(
        add_url(Officer), {**data, "organisation": world["police"].pk, "user": world["chair_a"].pk}
    )
    assert response.status_code == 302
    officer = Officer.objects.get(slug="nia-new")
    assert officer.user is None
    assert client.get(change_url(officer)).context["has_change_permission"] is True


def test_lead_officer_choices_are_the_users_partnerships_officers(client, world, officers):
    client.force_login(world["manager_a"])
    action = world["a"]["action"]
    response = client.post(
        change_url(action), action_data(action, lead_officers=[officers["b_only"].pk])
    )
    assert "lead_officers" in form_errors(response)
    assert set(action.lead_officers.all()) == {
        officers["with_login"],
        officers["without_login"],
        officers["both"],
    }


def test_the_superuser_may_link_a_login_and_change_its_agency(client, world, officers):
    client.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    officer = officers["with_login"]
    response = client.post(
        change_url(officer),
        _officer_data(officer, organisation=world["police"].pk, user=officers["login"].pk),
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.organisation == world["police"]


def test_another_agencys_officer_record_is_not_shown_through_its_history(client, world, officers):
    client.force_login(officer_of(world["police"], username="police-officer"))
    record = officers["with_login"].history.earliest()
    url = reverse(
        "admin:cspplan_officer_simple_history", args=[officers["with_login"].pk, record.history_id]
    )
    assert client.get(url).status_code == 404  # as for an officer that does not exist
    assert officers["with_login"].email not in client.get(url).text
    history = reverse("admin:cspplan_officer_history", args=[officers["with_login"].pk])
    assert client.get(history).status_code == 404


def test_a_shared_record_another_partnership_uses_is_not_a_plan_managers_to_change(client, world):
    """Organisations, aliases and funds are shared: renaming B's police force would rename it
    on B's pages. A plan manager changes those no other partnership's plan uses."""
    police, fire = world["police"], world["fire"]  # police owns rows in both A and B
    fund = factories.FundingSourceFactory(name="Invented Fund")
    world["b"]["action"].funding_sources.set([fund])
    alias = factories.OrganisationAliasFactory(organisation=police, name="Inv. Police")
    client.force_login(world["manager_a"])

    data = {"short_name": "", "kind": "other", "website": "", "aliases-TOTAL_FORMS": 0}
    data["aliases-INITIAL_FORMS"] = 0
    response = client.post(change_url(police), {**data, "name": "Renamed", "slug": police.slug})
    assert response.status_code == 403
    response = client.post(change_url(fund), {"name": "Renamed fund", "slug": fund.slug})
    assert response.status_code == 403
    delete = reverse("admin:cspplan_organisationalias_delete", args=[alias.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    police.refresh_from_db()
    fund.refresh_from_db()
    assert (police.name, fund.name) == ("Invented Constabulary", "Invented Fund")
    assert police.aliases.exists()

    # An agency no other partnership uses (here: none) is theirs to correct.
    response = client.post(
        change_url(fire), {**data, "name": "Invented Fire & Rescue", "slug": fire.slug}
    )
    assert response.status_code == 302
    fire.refresh_from_db()
    assert fire.name == "Invented Fire & Rescue"
