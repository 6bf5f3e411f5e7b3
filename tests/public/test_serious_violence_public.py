"""Issue 26: a published Serious Violence strategy is shown to residents like a plan, with what
the duty asks of it: its duty holders, local definition, strategic needs assessment, the
authorities consulted and its publication. Never before it is published; a consultation
invented for the demonstration is labelled so."""

import datetime

import pytest

from cspplan.models import Plan
from strategies.models import ConsultedAuthority, DutyHolder, SeriousViolenceStrategy
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy():
    plan = factories.PlanFactory(
        kind=Plan.Kind.SERIOUS_VIOLENCE,
        title="Serious Violence Strategy 2011 to 2012",
        slug="sv-2011",
        draft=True,
    )
    strategy = SeriousViolenceStrategy.objects.create(
        plan=plan,
        local_definition="Violence with a weapon, in public or at home.",
        needs_assessment_title="Invented strategic needs assessment 2011",
        needs_assessment_date=datetime.date(2011, 5, 1),
        needs_assessment_url="https://council.example.org/sna.pdf",
        data_sources="Police recorded crime; A&E assaults.",
        publication_url="https://council.example.org/sv-strategy.pdf",
    )
    DutyHolder.objects.create(
        strategy=strategy,
        authority="police",
        organisation=factories.OrganisationFactory(
            name="Invented Constabulary", slug="invented-constabulary"
        ),
    )
    ConsultedAuthority.objects.create(
        strategy=strategy,
        kind="educational",
        name="Invented schools forum",
        consulted_on=datetime.date(2011, 6, 1),
    )
    ConsultedAuthority.objects.create(
        strategy=strategy,
        kind="prison",
        name="HMP Invented",
        consulted_on=datetime.date(2011, 6, 2),
        demonstration=True,
    )
    return strategy


def test_nothing_of_the_strategy_before_it_is_published(client, strategy):
    assert client.get("/plans/sv-2011/").status_code == 404


def test_the_published_strategy_shows_what_the_duty_asks(client, strategy):
    strategy.plan.publish()
    strategy.plan.save()
    page = client.get("/plans/sv-2011/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "The Serious Violence Duty" in text
    assert "Invented Constabulary" in text and "Police" in text
    assert "Violence with a weapon, in public or at home." in text
    assert "Invented strategic needs assessment 2011" in text and "1 May 2011" in text
    assert "https://council.example.org/sna.pdf" in text
    assert "Police recorded crime; A&amp;E assaults." in text
    assert "Invented schools forum" in text and "1 June 2011" in text
    assert "https://council.example.org/sv-strategy.pdf" in text
    # The demonstration's invented consultation is labelled, never shown as the duty met.
    row = text.split("HMP Invented")[1].split("</tr>")[0]
    assert "invented for the demonstration" in row


def test_a_partnership_plan_has_no_such_section(client):
    factories.PlanFactory(slug="plan-2011")
    assert "The Serious Violence Duty" not in client.get("/plans/plan-2011/").content.decode()


def test_an_edit_to_the_strategy_shows_at_once_on_its_kept_page(client, strategy):
    """The public pages are kept per content version: the strategy's records are content."""
    strategy.plan.publish()
    strategy.plan.save()
    assert "Violence with a weapon" in client.get("/plans/sv-2011/").content.decode()
    strategy.local_definition = "Violence that causes serious harm."
    strategy.save()
    assert "Violence that causes serious harm." in client.get("/plans/sv-2011/").content.decode()


def test_the_api_gives_the_strategys_records_once_published_and_null_for_other_plans(
    client, strategy
):
    from django.urls import reverse

    assert client.get(reverse("api:plan", args=["sv-2011"])).status_code == 404
    strategy.plan.publish()
    strategy.plan.save()
    factories.PlanFactory(slug="plan-2011", partnership=strategy.plan.partnership)
    answer = client.get(reverse("api:plan", args=["sv-2011"])).json()
    assert answer["kind"] == "serious_violence"
    records = answer["serious_violence"]
    assert records["local_definition"] == "Violence with a weapon, in public or at home."
    assert records["duty_holders"] == [
        {
            "authority": "police",
            "organisation": {"name": "Invented Constabulary", "slug": "invented-constabulary"},
        }
    ]
    assert records["needs_assessment_date"] == "2011-05-01"
    assert [(c["name"], c["demonstration"]) for c in records["consulted"]] == [
        ("Invented schools forum", False),
        ("HMP Invented", True),
    ]
    other = client.get(reverse("api:plan", args=["plan-2011"])).json()
    assert other["serious_violence"] is None
