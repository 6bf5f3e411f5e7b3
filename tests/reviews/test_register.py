"""The review register: its name by the law in force, its dates in order, and the chair's
dashboard counting its recommendations overdue by the one action-state rule (issue 26)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionStatus
from objectives.models import ApprovalStatus
from reviews.models import Review
from reviews.services import publish_review, start_action_plan
from tests import factories
from tests.personas import chair, county_reader

pytestmark = pytest.mark.django_db


def test_a_domestic_review_is_named_by_the_law_on_its_notification_day(settings):
    review = Review(kind=Review.Kind.DOMESTIC, notified_on=datetime.date(2027, 1, 1))
    settings.DARDR_COMMENCEMENT = None  # section 19 not commenced
    assert review.kind_name == "Domestic Homicide Review"
    settings.DARDR_COMMENCEMENT = datetime.date(2027, 1, 1)
    assert review.kind_name == "Domestic Abuse Related Death Review"
    review.notified_on = datetime.date(2026, 12, 31)
    assert review.kind_name == "Domestic Homicide Review"
    weapons = Review(kind=Review.Kind.OFFENSIVE_WEAPONS, notified_on=datetime.date(2027, 2, 1))
    assert weapons.kind_name == "Offensive Weapons Homicide Review"


def test_the_commencement_setting_is_read_and_refused_when_not_a_day(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from cspplan.settings import _commencement

    monkeypatch.setenv("CSPPLAN_DARDR_COMMENCEMENT", "2027-04-01")
    assert _commencement("CSPPLAN_DARDR_COMMENCEMENT") == datetime.date(2027, 4, 1)
    monkeypatch.setenv("CSPPLAN_DARDR_COMMENCEMENT", "April 2027")
    with pytest.raises(ImproperlyConfigured, match="CSPPLAN_DARDR_COMMENCEMENT"):
        _commencement("CSPPLAN_DARDR_COMMENCEMENT")


def test_a_reviews_dates_are_in_order_and_named_when_not():
    review = factories.ReviewFactory.build(
        partnership=factories.PartnershipFactory(), commissioned_on=datetime.date(2011, 4, 1)
    )
    with pytest.raises(ValidationError) as refused:
        review.full_clean()
    assert "commissioned_on" in refused.value.message_dict


def _review_with_recommendations(partnership):
    review = factories.ReviewFactory(partnership=partnership, reference="DHR 2011/07")
    plan = start_action_plan(review)
    target = plan.objectives.get().targets.get()
    late = factories.ActionFactory(
        target=target, order=1, text="Train GP receptionists", due_date=datetime.date(2011, 9, 30)
    )
    done = factories.ActionFactory(
        target=target, order=2, text="Share the policy", due_date=datetime.date(2011, 9, 30)
    )
    factories.ActionUpdateFactory(
        action=done,
        status=ActionStatus.COMPLETED,
        date=datetime.date(2011, 9, 1),
        approval=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    factories.ActionFactory(target=target, order=3, text="Review the pathway", due_date=None)
    return review, late


def test_the_chairs_dashboard_counts_overdue_recommendations(client):
    plan = factories.PlanFactory()
    review, late = _review_with_recommendations(plan.partnership)
    client.force_login(chair(plan.partnership))
    page = client.get(reverse("dashboard:plan", args=[plan.slug])).content.decode()
    assert "Statutory reviews: recommendations" in page
    assert "<strong data-overdue-recommendations>1</strong>" in page
    row = page.split(f'data-review="{review.pk}"')[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
    assert cells == ["Sent to the Home Office", "3", "2", "1"]


def test_a_county_reader_sees_a_review_only_once_published(client):
    plan = factories.PlanFactory()
    review, _ = _review_with_recommendations(plan.partnership)
    client.force_login(county_reader())
    url = reverse("dashboard:plan", args=[plan.slug])
    assert f'data-review="{review.pk}"' not in client.get(url).content.decode()
    publish_review(review)
    assert f'data-review="{review.pk}"' in client.get(url).content.decode()


def test_the_board_report_counts_overdue_recommendations_as_at_its_day():
    from dashboard.reports import board_report_data

    plan = factories.PlanFactory()
    review, late = _review_with_recommendations(plan.partnership)
    report = board_report_data(plan, with_charts=False)
    [row] = report.reviews
    assert (row.review, row.stage, row.total, row.open, row.overdue) == (
        review,
        "Sent to the Home Office",
        3,
        2,
        1,
    )
    assert report.overdue_recommendations == 1
    # As at a day before the report was sent and before anything was due.
    earlier = board_report_data(plan, today=datetime.date(2011, 6, 30), with_charts=False)
    [row] = earlier.reviews
    assert (row.stage, row.open, row.overdue) == ("Commissioned", 3, 0)
    # Nothing of a review notified after the day.
    assert board_report_data(plan, today=datetime.date(2011, 4, 1), with_charts=False).reviews == []
    # The approved-only copy (county readers) names published reviews only.
    assert board_report_data(plan, with_charts=False, approved_only=True).reviews == []


def test_a_plan_manager_cannot_put_a_review_in_another_partnership(client):
    from tests.personas import plan_manager_of

    own = factories.PartnershipFactory(name="Own CSP", slug="own")
    other = factories.PartnershipFactory(name="Other CSP", slug="other")
    client.force_login(plan_manager_of(own))
    form = {
        "partnership": other.pk,
        "kind": Review.Kind.DOMESTIC,
        "reference": "DHR 2011/09",
        "notified_on": "2011-06-01",
        "decision": Review.Decision.PENDING,
    }
    response = client.post(reverse("admin:reviews_review_add"), form)
    assert response.status_code == 200  # the form again, with the error
    assert "Select a valid choice" in response.content.decode()
    assert not Review.objects.exists()
    response = client.post(reverse("admin:reviews_review_add"), {**form, "partnership": own.pk})
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.partnership == own and review.history.count() == 1
