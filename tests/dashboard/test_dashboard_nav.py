"""The staff context processor: lazy, so a page that does not show the nav pays nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from cspplan.context_processors import staff
from tests import factories
from tests.personas import chair, officer_of

pytestmark = pytest.mark.django_db


def context_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return staff(request)


def test_building_the_context_costs_no_query(django_assert_num_queries):
    user = officer_of(factories.OrganisationFactory())
    with django_assert_num_queries(0):
        context_for(user)


def test_an_officer_gets_my_actions_and_not_the_dashboard():
    nav = context_for(officer_of(factories.OrganisationFactory()))["staff_nav"]
    assert (nav.my_actions, nav.dashboard) == (True, False)


def test_the_chair_gets_the_dashboard_and_not_my_actions():
    nav = context_for(chair())["staff_nav"]
    assert (nav.my_actions, nav.dashboard) == (False, True)


def test_an_anonymous_visitor_gets_neither_link(django_assert_num_queries):
    context = context_for(AnonymousUser())
    with django_assert_num_queries(0):
        assert (context["staff_nav"].my_actions, context["staff_nav"].dashboard) == (False, False)
