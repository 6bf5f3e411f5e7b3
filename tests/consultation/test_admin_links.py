"""In the admin, a consultation and a "you said, we did" entry link only their own plan's
priorities, objectives, actions, events, consultations and comments: another year's objective
is refused with the field named, and nothing is saved."""

import pytest
from django.urls import reverse

from consultation.models import Consultation, YouSaidWeDid
from tests import factories
from tests.personas import plan_manager_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years():
    this_year = factories.PlanFactory()
    last_year = factories.PlanFactory(partnership=this_year.partnership, slug="invented-last")
    return this_year, last_year


def test_an_entry_linking_another_years_objective_is_refused_naming_the_field(client, two_years):
    plan, other = two_years
    mine = factories.ObjectiveFactory(plan=plan, title="Invented mine")
    theirs = factories.ObjectiveFactory(plan=other, title="Invented other year")
    client.force_login(plan_manager_of(plan.partnership))
    data = {
        "plan": plan.pk,
        "title": "Invented entry",
        "slug": "invented-entry",
        "reported_on": "2011-12-01",
        "you_said": "x",
        "we_did": "y",
        "objectives": [mine.pk, theirs.pk],
    }

    response = client.post(reverse("admin:consultation_yousaidwedid_add"), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["objectives"][0].startswith("Not part of the plan chosen: ")
    assert "Invented other year" in errors["objectives"][0]
    assert "Invented mine" not in errors["objectives"][0]
    assert not YouSaidWeDid.objects.exists()

    data["objectives"] = [mine.pk]
    assert client.post(reverse("admin:consultation_yousaidwedid_add"), data).status_code == 302
    assert list(YouSaidWeDid.objects.get().objectives.all()) == [mine]


def test_a_consultation_linking_another_years_objective_is_refused(client, two_years):
    plan, other = two_years
    theirs = factories.ObjectiveFactory(plan=other, title="Invented other year")
    client.force_login(plan_manager_of(plan.partnership))
    data = {
        "plan": plan.pk,
        "title": "Invented consultation",
        "slug": "invented-consultation",
        "description": "x",
        "opens_at": "2011-10-01T09:00",
        "closes_at": "2011-12-01T17:00",
        "objectives": [theirs.pk],
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }

    response = client.post(reverse("admin:consultation_consultation_add"), data)

    assert "Invented other year" in response.context["adminform"].form.errors["objectives"][0]
    assert not Consultation.objects.exists()
    data["objectives"] = []
    assert client.post(reverse("admin:consultation_consultation_add"), data).status_code == 302
    assert Consultation.objects.get().closes_at.hour == 17
