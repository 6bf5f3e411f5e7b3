"""cspplan/permissions.py: which rows each role may edit."""

import pytest

from cspplan import permissions
from tests import factories
from tests.personas import chair, officer_of, plan_manager_of

pytestmark = pytest.mark.django_db


def test_a_plan_manager_manages_only_the_partnerships_they_are_a_member_of():
    ours, theirs = factories.PartnershipFactory(), factories.PartnershipFactory()
    our_plan, their_plan = (
        factories.PlanFactory(partnership=ours),
        factories.PlanFactory(partnership=theirs),
    )
    manager = plan_manager_of(ours)
    assert list(permissions.managed_plans(manager)) == [our_plan]
    assert their_plan not in permissions.managed_plans(manager)


def test_a_plan_manager_who_is_a_member_of_no_partnership_manages_them_all():
    plans = {factories.PlanFactory(), factories.PlanFactory()}
    manager = plan_manager_of(factories.PartnershipFactory())
    manager.partnerships.clear()
    assert set(permissions.managed_plans(manager)) >= plans


def test_an_officer_edits_the_actions_their_agency_owns_and_no_others():
    police, fire = factories.OrganisationFactory(), factories.OrganisationFactory()
    shared = factories.ActionFactory(owners=[police, fire])
    ours = factories.ActionFactory(owners=[police])
    factories.ActionFactory(owners=[fire])
    officer = officer_of(police)
    assert set(permissions.editable_actions(officer)) == {shared, ours}
    assert permissions.may_edit_action_wording(officer) is False


def test_an_officer_edits_measures_of_target_rows_their_agency_owns():
    police = factories.OrganisationFactory()
    ours = factories.MeasureFactory()
    ours.target.owners.set([police])
    factories.MeasureFactory()
    officer = officer_of(police)
    assert list(permissions.editable_measures(officer)) == [ours]


def test_an_officer_without_an_organisation_edits_nothing():
    user = officer_of(None)
    factories.ActionFactory()
    assert not permissions.editable_actions(user).exists()


def test_the_chair_reads_everything_and_edits_nothing():
    factories.ActionFactory()
    user = chair()
    assert permissions.reads_everything_in_admin(user)
    assert not permissions.editable_actions(user).exists()
    assert not permissions.managed_plans(user).exists()
