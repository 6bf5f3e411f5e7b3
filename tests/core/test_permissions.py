"""cspplan/permissions.py: which rows each role may edit."""

import pytest

from actions.models import Action
from cspplan import permissions
from cspplan.models import Partnership
from objectives.models import Measure, Objective
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


def test_a_plan_manager_who_is_a_member_of_no_partnership_manages_nothing():
    action = factories.ActionFactory()
    factories.MeasureFactory(target=action.target)
    manager = plan_manager_of(action.target.objective.plan.partnership)
    manager.partnerships.clear()

    assert not permissions.managed_partnerships(manager).exists()
    assert not permissions.managed_plans(manager).exists()
    assert not permissions.manages_plan(manager, action.target.objective.plan)
    assert not Action.objects.editable_by(manager).exists()
    assert not Measure.objects.editable_by(manager).exists()
    assert not Objective.objects.managed_by(manager).exists()
    assert not Partnership.objects.managed_by(manager).exists()
    assert permissions.manages_no_partnership(manager)


def test_one_membership_is_enough_to_manage_that_partnership_and_no_other():
    ours, theirs = factories.PlanFactory(), factories.PlanFactory()
    manager = plan_manager_of(ours.partnership)

    assert not permissions.manages_no_partnership(manager)
    assert permissions.manages_plan(manager, ours)
    assert not permissions.manages_plan(manager, theirs)
    assert list(permissions.managed_partnerships(manager)) == [ours.partnership]


def test_a_member_of_two_partnerships_manages_both_once_each():
    first, second = factories.PlanFactory(), factories.PlanFactory()
    manager = plan_manager_of(first.partnership)
    second.partnership.members.add(manager)
    factories.PlanFactory()

    assert sorted(permissions.managed_plans(manager), key=lambda plan: plan.pk) == [first, second]


def test_only_plan_managers_are_told_they_manage_no_partnership():
    officer = officer_of(factories.OrganisationFactory())
    superuser = factories.UserFactory(is_superuser=True, is_staff=True)

    assert not permissions.manages_no_partnership(officer)
    assert not permissions.manages_no_partnership(chair())
    assert not permissions.manages_no_partnership(superuser)
    plan = factories.PlanFactory()
    assert permissions.manages_plan(superuser, plan)


def test_an_officer_edits_the_actions_their_agency_owns_and_no_others():
    police, fire = factories.OrganisationFactory(), factories.OrganisationFactory()
    shared = factories.ActionFactory(owners=[police, fire])
    ours = factories.ActionFactory(owners=[police])
    factories.ActionFactory(owners=[fire])
    officer = officer_of(police)
    assert set(Action.objects.editable_by(officer)) == {shared, ours}
    assert permissions.may_edit_action_wording(officer) is False


def test_an_officer_edits_measures_of_target_rows_their_agency_owns():
    police = factories.OrganisationFactory()
    ours = factories.MeasureFactory()
    ours.target.owners.set([police])
    factories.MeasureFactory()
    officer = officer_of(police)
    assert list(Measure.objects.editable_by(officer)) == [ours]


def test_an_officer_without_an_organisation_edits_nothing():
    user = officer_of(None)
    factories.ActionFactory()
    assert not Action.objects.editable_by(user).exists()


def test_the_chair_reads_everything_of_their_partnership_and_edits_nothing():
    ours, theirs = factories.ActionFactory(), factories.ActionFactory()
    user = chair(ours.target.objective.plan.partnership)
    assert permissions.reads_own_partnerships_in_admin(user)
    assert list(Action.objects.read_by(user)) == [ours]
    assert theirs not in Action.objects.read_by(user)
    assert not Action.objects.editable_by(user).exists()
    assert not permissions.managed_plans(user).exists()
    assert list(permissions.dashboard_plans(user)) == [ours.target.objective.plan]
