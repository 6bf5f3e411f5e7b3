"""/engagement/ (events, each event's page, the iCalendar file of upcoming ones) and
/you-said-we-did/ with its entries on their objectives' pages. Drafts are never shown."""

import datetime

import icalendar
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from consultation.models import EngagementEvent, EventPartner, YouSaidWeDid
from tests import factories

pytestmark = pytest.mark.django_db


def event(plan, name, days_from_today, **kwargs):
    return factories.EngagementEventFactory(
        plan=plan,
        name=name,
        date=timezone.localdate() + datetime.timedelta(days=days_from_today),
        published=kwargs.pop("published", True),
        **kwargs,
    )


def test_the_list_shows_published_events_upcoming_and_past_and_never_drafts(client):
    plan = factories.PlanFactory()
    draft_plan = factories.PlanFactory(draft=True)
    soon = event(plan, "Invented Beat Walk", 3, kind=EngagementEvent.Kind.COMMUNITY_BEAT)
    event(plan, "Invented Face the People", -10, attendance=31)
    event(plan, "Invented DRAFT EVENT", 5, published=False)
    event(draft_plan, "Invented DRAFT PLAN EVENT", 5)
    EventPartner.objects.create(
        event=soon, organisation=factories.OrganisationFactory(name="Invented Police"), senior=True
    )

    text = client.get(reverse("engagement:list")).content.decode()

    upcoming, past = text.split('id="past-heading"')
    assert "Invented Beat Walk" in upcoming and "Invented Police (senior)" in upcoming
    assert "Invented Face the People" in past and ">31<" in past
    assert "DRAFT" not in text


def test_an_events_page_shows_what_was_raised_and_agreed_once_it_has_taken_place(client):
    plan = factories.PlanFactory()
    held = event(
        plan, "Invented PACT", -2, raised="Invented: parking.", outcome="Invented: wardens."
    )
    EventPartner.objects.create(
        event=held,
        organisation=factories.OrganisationFactory(name="Invented Council"),
        senior=True,
        represented_by="Head of Invented Services",
    )

    text = client.get(held.get_absolute_url()).content.decode()

    assert "Invented: parking." in text and "Invented: wardens." in text
    assert "Invented Council: Head of Invented Services" in text


@pytest.mark.parametrize("which", ["unpublished", "draft plan", "no such event"])
def test_an_unpublished_event_or_one_of_a_draft_plan_is_a_404(client, which):
    plan = factories.PlanFactory(draft=(which == "draft plan"))
    hidden = event(plan, "Invented", 1, published=(which != "unpublished"))
    url = (
        hidden.get_absolute_url()
        if which != "no such event"
        else reverse("engagement:detail", args=[plan.slug, "nothing-here"])
    )
    assert client.get(url).status_code == 404


def test_a_published_event_needs_a_day():
    plan = factories.PlanFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.EngagementEventFactory(plan=plan, published=True, date=None)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        EngagementEvent(plan=plan, name="X", slug="x", published=True).full_clean()
    assert "date" in refused.value.message_dict


def test_public_meetings_are_face_the_people_pact_and_public_meetings():
    plan = factories.PlanFactory()
    for kind in EngagementEvent.Kind:
        factories.EngagementEventFactory(plan=plan, kind=kind, name=kind.label)
    assert sorted(EngagementEvent.objects.public_meetings().values_list("name", flat=True)) == [
        "Face the People",
        "PACT meeting",
        "Public meeting",
    ]
    assert EngagementEvent.Kind.PACT_MEETING.is_public_meeting
    assert not EngagementEvent.Kind.WORKSHOP.is_public_meeting


def test_the_calendar_is_rfc_5545_with_upcoming_published_events_only(client):
    plan = factories.PlanFactory()
    timed = event(
        plan,
        "Invented meeting; with, commas\\ and a very long name that must be folded over lines ✓",
        7,
        start_time=datetime.time(18, 30),
        end_time=datetime.time(20, 0),
        location="Invented Hall, Ormskirk",
        description="Line one\nline two",
    )
    all_day = event(plan, "Invented fun day", 0)
    event(plan, "Invented PAST", -1)
    event(plan, "Invented DRAFT", 3, published=False)

    response = client.get(reverse("engagement:calendar"))
    body = response.content

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = body.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    assert b"SUMMARY:Invented meeting\\; with\\, commas\\\\ and" in body
    calendar = icalendar.Calendar.from_ical(body)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {timed.name, all_day.name}
    parsed = events[timed.name]
    assert parsed["DTSTART"].dt == timed.starts
    assert parsed["DTEND"].dt == timed.ends
    assert str(parsed["LOCATION"]) == "Invented Hall, Ormskirk"
    assert "Line one\nline two" in str(parsed["DESCRIPTION"])
    assert str(parsed["UID"]) == f"event-{plan.slug}-{timed.slug}@testserver"
    assert parsed["DTSTAMP"].dt.tzinfo is not None
    assert events[all_day.name]["DTSTART"].dt == all_day.date
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar


def test_you_said_we_did_shows_published_entries_here_and_on_their_objectives_pages(client):
    plan = factories.PlanFactory()
    objective = factories.ObjectiveFactory(plan=plan, number=11)
    held = event(plan, "Invented Face the People", -30)
    feedback = factories.FeedbackFactory(plan=plan, name="Ada Invented", email="ada@example.org")
    entry = YouSaidWeDid.objects.create(
        plan=plan,
        title="Invented: speeding",
        slug="speeding",
        you_said="Invented: cars speed past the school.",
        we_did="Invented: weekly speed checks.",
        published=True,
    )
    entry.objectives.set([objective])
    entry.events.set([held])
    entry.feedback.set([feedback])
    draft = YouSaidWeDid.objects.create(
        plan=plan, title="Invented DRAFT ENTRY", slug="draft", you_said="x", we_did="y"
    )
    draft.objectives.set([objective])

    listing = client.get(reverse("you_said_we_did")).content.decode()
    objective_page = client.get(objective.get_absolute_url()).content.decode()

    for text in (listing, objective_page):
        assert "Invented: weekly speed checks." in text
        assert held.get_absolute_url() in text
        assert "in 1 comment sent to the partnership" in text
        assert "DRAFT ENTRY" not in text
        assert "Ada Invented" not in text and "ada@example.org" not in text
    assert f'id="{entry.anchor}"' in listing


def test_an_entry_of_a_draft_plan_is_not_public(client):
    plan = factories.PlanFactory(draft=True)
    YouSaidWeDid.objects.create(
        plan=plan, title="Invented DRAFTPLAN", slug="d", you_said="x", we_did="y", published=True
    )
    assert "DRAFTPLAN" not in client.get(reverse("you_said_we_did")).content.decode()


def test_publishing_an_event_shows_it_at_once_on_the_cached_list(client):
    plan = factories.PlanFactory()
    hidden = event(plan, "Invented LATER", 2, published=False)
    assert "Invented LATER" not in client.get(reverse("engagement:list")).content.decode()

    hidden.published = True
    hidden.save()

    assert "Invented LATER" in client.get(reverse("engagement:list")).content.decode()


def test_linking_an_entry_to_an_objective_shows_it_at_once_on_the_cached_objective_page(client):
    plan = factories.PlanFactory()
    objective = factories.ObjectiveFactory(plan=plan)
    entry = YouSaidWeDid.objects.create(
        plan=plan, title="Invented LINKED", slug="l", you_said="x", we_did="y", published=True
    )
    assert "Invented LINKED" not in client.get(objective.get_absolute_url()).content.decode()

    entry.objectives.add(objective)

    assert "Invented LINKED" in client.get(objective.get_absolute_url()).content.decode()
