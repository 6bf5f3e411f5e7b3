"""The people of the permission tests: an officer of an agency, a plan manager of a partnership,
the chair of a partnership, a county reader."""

import importlib
import itertools

from django.contrib.auth.models import Group

from cspplan import roles
from tests import factories

_numbers = itertools.count(1)


def ensure_roles():
    """The roles migration's groups, created again if a transactional (browser) test flushed
    the database after the migration ran."""
    if Group.objects.filter(name__in=roles.ALL_ROLES).count() < len(roles.ALL_ROLES):
        from django.apps import apps

        importlib.import_module("cspplan.migrations.0003_roles").create_roles(apps, None)
        importlib.import_module("cspplan.migrations.0006_county_readers").create_county_readers(
            apps, None
        )
        # Officers' survey permissions came later (issue 14).
        importlib.import_module("consultation.migrations.0004_roles_for_engagement_records").grant(
            apps, None
        )
        # Milestones came later (issue 28).
        importlib.import_module("actions.migrations.0008_roles_for_milestones").grant(apps, None)
        # Board meeting dates too (issue 28).
        importlib.import_module("progress.migrations.0003_board_meeting_roles").grant(apps, None)


def _user(username, group_name, **extra):
    ensure_roles()
    user = factories.UserFactory(username=username, is_staff=True, **extra)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def officer_of(organisation, username="officer", name="Pat Officer"):
    """A partnership officer linked to ``organisation`` through their Officer record."""
    first, _, last = name.partition(" ")
    user = _user(username, roles.PARTNERSHIP_OFFICERS, first_name=first, last_name=last)
    factories.OfficerFactory(user=user, organisation=organisation, name=name)
    return user


def plan_manager_of(partnership, username="manager"):
    user = _user(username, roles.PLAN_MANAGERS)
    partnership.members.add(user)
    return user


def chair(partnership=None, *, username="chair"):
    """The chair of ``partnership``: a member of it (``Partnership.members``), so they read its
    plans and no other partnership's. Without a partnership, the chair of nothing yet."""
    user = _user(username, roles.CHAIR)
    if partnership is not None:
        partnership.members.add(user)
    return user


def county_reader(username="county"):
    """A reader for the county (e.g. the Safer Lancashire Board): a member of no partnership,
    reading every partnership's public plans."""
    return _user(username, roles.COUNTY_READERS)


def in_role(role, *, partnership=None):
    """Someone in ``role`` (a name from cspplan.roles), for tests that run once per role: a
    plan manager or the chair of ``partnership`` (a new one when not given), a county reader, or
    an officer of an agency of their own. Each call is a new person."""
    username = f"{role.split()[0].lower()}-{next(_numbers)}"
    if role == roles.PLAN_MANAGERS:
        return plan_manager_of(partnership or factories.PartnershipFactory(), username=username)
    if role == roles.CHAIR:
        return chair(partnership or factories.PartnershipFactory(), username=username)
    if role == roles.COUNTY_READERS:
        return county_reader(username=username)
    return officer_of(factories.OrganisationFactory(), username=username)
