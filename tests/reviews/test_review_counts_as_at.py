"""Issue 26: the board report's review counts for a past day are read from history, as
``progress/as_at.py`` reads a plan's actions: what the report showed that day, never what came
after it. Each record below is made or changed on its own day (the clock frozen), and the report
as at 15 March 2026 is asked afterwards."""

import datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from actions.models import ActionStatus
from objectives.models import ApprovalStatus
from progress.reviews import recommendations_by_review
from reviews.models import Review
from reviews.services import start_action_plan
from tests import factories

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 15)


@pytest.fixture
def story():
    """A review notified in January; by 15 March: two recommendations, one overdue (due 1
    March), one with an update dated 10 March still awaiting approval. After that day: the
    update approved (Completed), the overdue one's due date moved to December, a third
    recommendation added, the commissioning date typed in (1 February). Another review, notified
    in February, is recorded for the first time in April: the database cannot say how it stood
    in March, so it is read as now (as ``progress.as_at`` reads a plan recorded after the
    fact)."""
    with freeze_time("2026-03-01 10:00"):
        plan = factories.PlanFactory(
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 12, 31),
            target_date=datetime.date(2026, 12, 31),
            target_label="December 2026",
            title="Partnership Plan 2026",
        )
        review = factories.ReviewFactory(
            partnership=plan.partnership,
            reference="DHR 2026/01",
            notified_on=datetime.date(2026, 1, 10),
            decided_on=datetime.date(2026, 1, 20),
            commissioned_on=None,
            submitted_to_home_office_on=None,
        )
        target = start_action_plan(review).objectives.get().targets.get()
        late = factories.ActionFactory(
            target=target, order=1, text="Train receptionists", due_date=datetime.date(2026, 3, 1)
        )
        finishing = factories.ActionFactory(
            target=target, order=2, text="Share the policy", due_date=datetime.date(2026, 6, 30)
        )
    with freeze_time("2026-03-12 10:00"):
        update = factories.ActionUpdateFactory(
            action=finishing,
            status=ActionStatus.COMPLETED,
            date=datetime.date(2026, 3, 10),
            approval=ApprovalStatus.SUBMITTED,
        )
    with freeze_time("2026-04-01 10:00"):
        update.approval = ApprovalStatus.APPROVED
        update.approved_at = timezone.now()
        update.save()
        finishing.status = ActionStatus.COMPLETED
        finishing.save()
        late.due_date = datetime.date(2026, 12, 31)
        late.save()
        factories.ActionFactory(target=target, order=3, text="Audit the pathway", due_date=None)
        review.commissioned_on = datetime.date(2026, 2, 1)
        review.save()
        factories.ReviewFactory(
            partnership=plan.partnership,
            reference="DHR 2026/02",
            notified_on=datetime.date(2026, 2, 5),
            decided_on=None,
            decision=Review.Decision.PENDING,
            commissioned_on=None,
            submitted_to_home_office_on=None,
        )
    return plan, review


def counts(rows):
    return [(r.review.reference, r.stage, r.total, r.open, r.overdue) for r in rows]


def test_a_past_days_review_counts_are_what_they_were_that_day(story):
    plan, _review = story
    reviews = Review.objects.filter(partnership=plan.partnership).order_by("notified_on")
    rows = recommendations_by_review(reviews, today=DAY)
    # Two recommendations then, both open (the update was not yet approved), one overdue (its
    # due date was 1 March then); the review "To be held" (no commissioning date yet).
    assert counts(rows)[0] == ("DHR 2026/01", "To be held", 2, 2, 1)
    assert counts(rows)[1] == ("DHR 2026/02", "Notified, decision pending", 0, 0, 0)


def test_the_board_report_as_at_that_day_shows_the_same(story):
    from dashboard.reports import board_report_data

    plan, _review = story
    report = board_report_data(plan, today=DAY, with_charts=False)
    [first] = [row for row in counts(report.reviews) if row[0] == "DHR 2026/01"]
    assert first == ("DHR 2026/01", "To be held", 2, 2, 1)
    assert report.overdue_recommendations == 1


def test_today_the_counts_are_as_now(story):
    plan, _review = story
    rows = recommendations_by_review(
        Review.objects.filter(partnership=plan.partnership).order_by("notified_on"),
        today=datetime.date(2026, 4, 2),
    )
    assert counts(rows) == [
        ("DHR 2026/01", "Commissioned", 3, 2, 0),
        ("DHR 2026/02", "Notified, decision pending", 0, 0, 0),
    ]


def test_the_dashboard_as_at_that_day_counts_as_the_board_report_does(story, client):
    from django.urls import reverse

    from tests.personas import chair

    plan, review = story
    client.force_login(chair(plan.partnership))
    url = reverse("dashboard:plan", args=[plan.slug])
    page = client.get(url, {"as_at": DAY.isoformat()}).content.decode()
    row = page.split(f'data-review="{review.pk}"')[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
    assert cells == ["To be held", "2", "2", "1"]


def test_the_county_readers_copy_names_a_review_only_once_published_by_that_day(story):
    from dashboard.reports import board_report_data

    plan, review = story
    with freeze_time("2026-04-02 10:00"):
        review.refresh_from_db()
        review.submitted_to_home_office_on = datetime.date(2026, 4, 1)
        review.published_on = datetime.date(2026, 4, 2)
        review.save()
    county_copy = board_report_data(plan, today=DAY, with_charts=False, approved_only=True)
    assert county_copy.reviews == []
    later = datetime.date(2026, 4, 3)
    county_copy = board_report_data(plan, today=later, with_charts=False, approved_only=True)
    assert [row.review.reference for row in county_copy.reviews] == ["DHR 2026/01"]
