"""The publishing workflow: draft → published → archived, recording who and when; archived
plans stay public as past plans, drafts never (issue 13)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cspplan.models import Plan
from tests import factories
from tests.personas import chair, plan_manager_of

pytestmark = pytest.mark.django_db


def _act(client, action, *plans):
    return client.post(
        reverse("admin:cspplan_plan_changelist"),
        {"action": action, "_selected_action": [plan.pk for plan in plans]},
    )


def test_a_draft_cannot_be_archived_in_the_database():
    with transaction.atomic(), pytest.raises(IntegrityError):
        factories.PlanFactory(status=Plan.Status.ARCHIVED, published_at=None)


def test_archiving_a_draft_is_refused_by_the_model():
    draft = factories.PlanFactory(draft=True)
    with pytest.raises(ValidationError):
        draft.archive()
    draft.status = Plan.Status.ARCHIVED
    with pytest.raises(ValidationError) as error:
        draft.full_clean()
    assert "Only a published plan can be archived" in str(error.value)


def test_public_means_published_or_archived():
    published = factories.PlanFactory()
    archived = factories.PlanFactory(status=Plan.Status.ARCHIVED)
    draft = factories.PlanFactory(draft=True)
    assert set(Plan.objects.public()) == {published, archived}
    assert set(Plan.objects.published()) == {published}
    assert published.is_public and archived.is_public and not draft.is_public
    assert list(Plan.objects.visible_to(None).filter(pk=draft.pk)) == []


def test_a_manager_publishes_then_archives_recording_who_and_when(client):
    partnership = factories.PartnershipFactory()
    manager = plan_manager_of(partnership)
    plan = factories.PlanFactory(draft=True, partnership=partnership)
    client.force_login(manager)

    assert _act(client, "publish", plan).status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PUBLISHED
    assert plan.published_by == manager and plan.published_at is not None
    assert plan.history.first().history_user == manager

    assert _act(client, "archive", plan).status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ARCHIVED
    assert plan.archived_by == manager and plan.archived_at is not None
    assert plan.published_by == manager  # the first publication is kept
    assert [h.status for h in plan.history.order_by("history_date")][-2:] == [
        "published",
        "archived",
    ]


def test_the_archive_action_leaves_drafts_alone_and_says_so(client):
    partnership = factories.PartnershipFactory()
    draft = factories.PlanFactory(draft=True, partnership=partnership, title="Unfinished")
    client.force_login(plan_manager_of(partnership))
    response = _act(client, "archive", draft)
    draft.refresh_from_db()
    assert draft.status == Plan.Status.DRAFT
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Unfinished" in m and "never published" in m for m in messages)


def test_republishing_an_archived_plan_clears_the_archive_record():
    plan = factories.PlanFactory()
    first = plan.published_at
    plan.archive()
    plan.save()
    plan.publish()
    plan.save()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PUBLISHED and plan.published_at == first
    assert plan.archived_at is None and plan.archived_by is None


def test_the_date_sent_to_the_pcc_is_kept_on_the_plan_form(client):
    partnership = factories.PartnershipFactory()
    plan = factories.PlanFactory(partnership=partnership)
    client.force_login(plan_manager_of(partnership))
    page = client.get(reverse("admin:cspplan_plan_change", args=[plan.pk])).content.decode()
    assert 'name="sent_to_pcc_on"' in page
    assert "Police and Crime Commissioner" in page
    plan.sent_to_pcc_on = datetime.date(2011, 4, 30)
    plan.save()
    assert plan.history.first().sent_to_pcc_on == datetime.date(2011, 4, 30)


def test_the_chair_cannot_publish_or_archive(client):
    plan = factories.PlanFactory(draft=True)
    client.force_login(chair())
    _act(client, "publish", plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT


def test_a_past_plan_links_to_the_partnerships_current_plan():
    past = factories.PlanFactory(status=Plan.Status.ARCHIVED)
    assert past.current_plan_of_partnership is None
    current = factories.PlanFactory(
        partnership=past.partnership,
        period_start=datetime.date(2012, 4, 1),
        period_end=datetime.date(2013, 3, 31),
        target_date=datetime.date(2013, 3, 31),
    )
    factories.PlanFactory(partnership=past.partnership, draft=True, slug="a-newer-draft")
    del past.current_plan_of_partnership
    assert past.current_plan_of_partnership == current
