"""The roles migration creates the three groups with the model permissions each role needs."""

import pytest
from django.contrib.auth.models import Group

from cspplan import roles

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_the_three_roles_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def test_officers_change_actions_and_record_progress_but_add_or_delete_no_plan_wording():
    permissions = codenames(roles.PARTNERSHIP_OFFICERS)
    assert ("actions", "change_action") in permissions
    assert ("actions", "add_actionupdate") in permissions
    assert ("objectives", "add_measurement") in permissions
    assert ("objectives", "view_measure") in permissions
    assert ("actions", "add_action") not in permissions
    assert ("actions", "delete_action") not in permissions
    assert ("objectives", "change_target") not in permissions
    assert ("cspplan", "change_plan") not in permissions


def test_the_chair_may_view_everything_and_change_nothing():
    permissions = codenames(roles.CHAIR)
    assert ("actions", "view_action") in permissions
    assert ("consultation", "view_feedback") in permissions
    assert ("cspplan", "view_plan") in permissions
    assert all(codename.startswith("view_") for _, codename in permissions)


def test_plan_managers_may_do_everything_to_plan_records():
    permissions = codenames(roles.PLAN_MANAGERS)
    for verb in ("add", "change", "delete", "view"):
        assert ("cspplan", f"{verb}_plan") in permissions
        assert ("actions", f"{verb}_action") in permissions
        assert ("objectives", f"{verb}_measurement") in permissions
    assert not any(codename.startswith(("add_historical", "change_historical"))
                   for _, codename in permissions)  # fmt: skip
