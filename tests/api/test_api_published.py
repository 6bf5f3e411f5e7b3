"""The API publishes what residents may read, and nothing else, on every endpoint: no draft
plan (another partnership's or a newer one of the same partnership), no progress awaiting
approval or returned to its officer, no personal data (officers' e-mail addresses, logins,
residents' feedback). Past (archived) plans are public, as on the residents' site."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation.models import EventPartner
from cspplan.models import Plan
from objectives.models import ApprovalStatus
from tests import factories
from tests.api.helpers import ENDPOINTS, every_page, every_text
from tests.public_plan_builder import build_public_plan

pytestmark = pytest.mark.django_db


SMALL = {"objectives": 2, "targets_per_objective": 1, "actions_per_target": 1}


@pytest.fixture
def world():
    published = build_public_plan(label="PUBLISHEDPLAN", **SMALL)
    # A newer draft of the same partnership, and another partnership's draft.
    same = build_public_plan(status=Plan.Status.DRAFT, label="DRAFTONLY", **SMALL)
    other = build_public_plan(
        partnership_slug="brindle-moor-csp", status=Plan.Status.DRAFT, label="OTHERDRAFT", **SMALL
    )
    archived = build_public_plan(
        partnership_slug="ashdown-vale-csp", status=Plan.Status.ARCHIVED, label="PASTPLAN", **SMALL
    )
    approver = factories.UserFactory(
        username="approver-login", first_name="Quentin", last_name="Approver"
    )
    measure, action = published.measures[0], published.actions[0]
    factories.MeasurementFactory(
        measure=measure,
        period_start=datetime.date(2011, 10, 1),
        period_end=datetime.date(2011, 12, 31),
        value=654321,
        status=ApprovalStatus.REJECTED,
        note="Returned figure note",
        recorded_by=approver,
    )
    factories.ActionUpdateFactory(
        action=action, note="Returned update note", approval=ApprovalStatus.REJECTED
    )
    for update in action.updates.filter(approval=ApprovalStatus.APPROVED):
        update.approved_by = approver
        update.author_name = "Andrew Hill PUBLISHEDPLAN"
        update.save()
    for plan in (published.plan, same.plan):
        factories.EngagementEventFactory(
            plan=plan,
            name=f"Face the People {plan.title}",
            published=True,
            date=datetime.date(2011, 9, 1),
        )
        # An event not yet published is a draft, whatever its plan.
        factories.EngagementEventFactory(plan=plan, name="Unpublished DRAFTONLY event")
        factories.FeedbackFactory(
            plan=plan, name="Margaret Resident", email="margaret@home.example.net"
        )
    factories.OfficerFactory(name="Unlisted Person", email="unlisted@agency.example.org")
    return {"published": published, "drafts": [same, other], "archived": archived}


def test_every_endpoint_lists_the_published_and_past_plans_records(client, world):
    texts = every_text(client)
    for name, (list_name, _, _) in ENDPOINTS.items():
        text = texts[reverse(list_name)]
        assert "PUBLISHEDPLAN" in text or "published" in text, name
    everything = "\n".join(texts.values())
    assert "PASTPLAN" in everything
    assert "Face the People" in everything


def test_no_endpoint_shows_a_draft_plan(client, world):
    for url, text in every_text(client).items():
        assert "DRAFTONLY" not in text, url
        assert "OTHERDRAFT" not in text, url


def test_a_draft_plans_records_are_not_found_at_their_own_addresses(client, world):
    for draft in world["drafts"]:
        urls = [
            reverse("api:plan", args=[draft.plan.slug]),
            *[reverse("api:objective", args=[o.pk]) for o in draft.objectives],
            *[reverse("api:priority", args=[p.pk]) for p in draft.priorities],
            *[reverse("api:target", args=[t.pk]) for t in draft.targets],
            *[reverse("api:measure", args=[m.pk]) for m in draft.measures],
            *[reverse("api:action", args=[a.pk]) for a in draft.actions],
            *[
                reverse("api:engagement_event", args=[e.pk])
                for e in draft.plan.engagement_events.all()
            ],
        ]
        for url in urls:
            assert client.get(url).status_code == 404, url
    # Brindle Moor has no public plan: not a partnership of the API.
    assert client.get(reverse("api:partnership", args=["brindle-moor-csp"])).status_code == 404


def test_filtering_by_a_draft_plan_finds_nothing(client, world):
    slug = world["drafts"][0].plan.slug
    for name, (list_name, _, _) in ENDPOINTS.items():
        if name in ("partnerships", "plans"):
            continue
        assert every_page(client, reverse(list_name), plan=slug) == [], name


def test_no_endpoint_shows_progress_awaiting_approval_or_returned(client, world):
    for url, text in every_text(client).items():
        for words in ("123456", "Unapproved note awaiting", "654321", "Returned"):
            assert words not in text, (words, url)


def test_approved_progress_is_published(client, world):
    measure = world["published"].measures[0]
    body = client.get(reverse("api:measure", args=[measure.pk])).json()
    assert [m["value"] for m in body["measurements"]] == ["95"]
    action = world["published"].actions[0]
    body = client.get(reverse("api:action", args=[action.pk])).json()
    assert [u["note"] for u in body["updates"]] == ["Approved progress on 1.1.1 PUBLISHEDPLAN"]
    assert body["updates"][0]["author_name"] == "Andrew Hill PUBLISHEDPLAN"


def test_no_endpoint_shows_personal_data(client, world):
    officers = [o for built in (world["published"], world["archived"]) for o in built.officers]
    emails = [officer.email for officer in officers]
    assert all(emails)
    for url, text in every_text(client).items():
        assert "@" not in text, url  # no e-mail address of any kind
        for email in emails:
            assert email not in text, url
        for words in ("Margaret Resident", "Unlisted Person", "approver-login", "Quentin"):
            assert words not in text, (words, url)
    # Lead officers are named, as on the residents' pages.
    target = world["published"].targets[0]
    body = client.get(reverse("api:target", args=[target.pk])).json()
    assert [o["name"] for o in body["lead_officers"]] == ["Andrew Hill PUBLISHEDPLAN"]
    assert set(body["lead_officers"][0]) == {"name", "slug", "title", "role"}


def test_a_plan_archived_later_stays_public_as_a_past_plan(client, world):
    plan = world["published"].plan
    plan.archive(when=timezone.now())
    plan.save()
    body = client.get(reverse("api:plan", args=[plan.slug])).json()
    assert body["status"] == "archived"
    assert body["archived_at"] is not None


def test_an_event_carries_what_its_public_page_shows(client):
    # Times, who was there (organisations and roles, never a person's name), attendance, what
    # was raised and what came of it.
    plan = factories.PlanFactory()
    police = factories.OrganisationFactory(name="Invented Police", slug="invented-police")
    event = factories.EngagementEventFactory(
        plan=plan,
        published=True,
        date=plan.period_start,
        start_time=datetime.time(18, 30),
        end_time=datetime.time(20),
        attendance=23,
        raised="Invented: speeding on the high street.",
        outcome="Invented: speed checks agreed.",
    )
    EventPartner.objects.create(
        event=event, organisation=police, senior=True, represented_by="Chief Inspector"
    )

    body = client.get(reverse("api:engagement_event", args=[event.pk])).json()

    assert (body["start_time"], body["end_time"], body["attendance"]) == (
        "18:30:00",
        "20:00:00",
        23,
    )
    assert body["raised"] == "Invented: speeding on the high street."
    assert body["outcome"] == "Invented: speed checks agreed."
    assert body["partners_present"] == [
        {
            "organisation": "invented-police",
            "organisation_name": "Invented Police",
            "senior": True,
            "represented_by": "Chief Inspector",
        }
    ]
