"""Nothing of a review before the partnership publishes it, and nothing of an internal plan ever,
on any public surface: the pages (crawled from the home page, the plans and the partnerships),
each address of the plan (pages, files, feeds), search and the open data API (issue 26).

A review's recommendations are the actions of its action plan (kind "Review action plan"): the
plan stays a draft until the review is published. An internal plan (Prevent) is a draft for
ever (``plan_internal_never_public``). Each plan carries a word in every text (its ``label``) for
the surfaces to be searched for.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cspplan.models import Plan
from reviews.models import Review
from reviews.services import publish_review
from tests import factories
from tests.public.test_public_privacy import crawl
from tests.public_plan_builder import build_public_plan

pytestmark = pytest.mark.django_db

REVIEW_WORD = "REVIEWONLY"
INTERNAL_WORD = "INTERNALONLY"
STAFF_ONLY_WORDS = ("Retired detective CHAIRROLE", "Staff note STAFFNOTE")


def _plan_addresses(plan, built):
    slug = plan.slug
    names = [
        "detail",
        "priorities",
        "updates_feed",
        "delivery_plan",
        "delivery_plan_pdf",
        "delivery_plan_csv",
        "delivery_plan_measures_csv",
        "delivery_plan_xlsx",
        "delivery_plan_docx",
        "delivery_plan_json",
    ]
    return [
        *[reverse(f"plans:{name}", args=[slug]) for name in names],
        *[reverse("plans:objective", args=[slug, o.number]) for o in built.objectives],
        *[reverse("plans:objective_updates_feed", args=[slug, o.number]) for o in built.objectives],
        reverse("api:plan", args=[slug]),
        *[reverse("api:objective", args=[o.pk]) for o in built.objectives],
        *[reverse("api:action", args=[a.pk]) for a in built.actions],
        *[reverse("api:measure", args=[m.pk]) for m in built.measures],
        *[reverse("api:target", args=[t.pk]) for t in built.targets],
    ]


LISTS = [
    "/",
    "/plans/",
    "/partnerships/",
    "/partnerships/west-lancashire-csp/",
    # Words every plan's records share (the query itself is echoed on the page).
    "/search/?q=activity",
    "/search/?q=Objective+title",
    "/search/?q=Reduce+incidents",
    "/api/v1/plans/",
    "/api/v1/partnerships/",
    "/api/v1/objectives/",
    "/api/v1/targets/",
    "/api/v1/measures/",
    "/api/v1/actions/",
    "/api/v1/priorities/",
]


@pytest.fixture
def world(settings, monkeypatch):
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    monkeypatch.setattr("public.exports.pdf.HTML", _StubHTML)
    in_force = build_public_plan()
    reviewed = build_public_plan(status=Plan.Status.DRAFT, label=REVIEW_WORD)
    internal = build_public_plan(status=Plan.Status.DRAFT, label=INTERNAL_WORD)
    # Both newer than the plan in force: neither may take its place on the home page.
    Plan.objects.filter(pk=reviewed.plan.pk).update(
        kind=Plan.Kind.REVIEW, period_start=datetime.date(2011, 5, 1)
    )
    Plan.objects.filter(pk=internal.plan.pk).update(
        kind=Plan.Kind.INTERNAL, period_start=datetime.date(2011, 5, 1)
    )
    reviewed.plan.refresh_from_db()
    internal.plan.refresh_from_db()
    review = Review.objects.create(
        partnership=in_force.plan.partnership,
        kind=Review.Kind.DOMESTIC,
        reference=f"DHR 2011/01 {REVIEW_WORD}",
        notified_on=datetime.date(2011, 4, 2),
        decision=Review.Decision.HOLD,
        decided_on=datetime.date(2011, 4, 20),
        commissioned_on=datetime.date(2011, 5, 1),
        submitted_to_home_office_on=datetime.date(2011, 10, 1),
        independent_chair=STAFF_ONLY_WORDS[0],
        notes=STAFF_ONLY_WORDS[1],
        overview_report_url="https://council.example.org/dhr-2011-01.pdf",
        action_plan=reviewed.plan,
    )
    return in_force, reviewed, internal, review


class _StubHTML:
    def __init__(self, *args, **kwargs):
        pass

    def render(self):
        return self

    def write_pdf(self, *args, **kwargs):
        return b"%PDF-1.7\n"


def _everything_public(client, extra=()):
    texts = crawl(client)
    for url in [*LISTS, *extra]:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        texts[url] = f"{response.status_code} " + body.decode(errors="replace")
    return texts


def test_a_review_and_an_internal_plan_are_on_no_public_surface(client, world):
    _, reviewed, internal, _ = world
    addresses = _plan_addresses(reviewed.plan, reviewed) + _plan_addresses(internal.plan, internal)
    for url in addresses:
        assert client.get(url).status_code == 404, url
    for url, text in _everything_public(client).items():
        assert REVIEW_WORD not in text, url
        assert INTERNAL_WORD not in text, url


def test_once_published_the_review_and_its_recommendations_are_public_and_nothing_else(
    client, world
):
    in_force, reviewed, internal, review = world
    publish_review(review, on=datetime.date(2012, 1, 10))
    reviewed.plan.refresh_from_db()
    assert reviewed.plan.status == Plan.Status.PUBLISHED
    page = client.get(reverse("plans:detail", args=[reviewed.plan.slug])).content.decode()
    assert "Domestic Homicide Review" in page and review.reference in page
    assert "10 January 2012" in page and review.overview_report_url in page
    objective = client.get(reverse("plans:objective", args=[reviewed.plan.slug, 1])).content
    assert reviewed.actions[0].text.encode() in objective
    assert client.get(reverse("api:plan", args=[reviewed.plan.slug])).status_code == 200
    texts = _everything_public(client, extra=_plan_addresses(reviewed.plan, reviewed))
    assert any(REVIEW_WORD in text for text in texts.values())
    for url, text in texts.items():
        assert INTERNAL_WORD not in text, url
        for words in STAFF_ONLY_WORDS:
            assert words not in text, url
    # The plan in force is still the partnership plan.
    assert in_force.plan.title.encode() in client.get("/").content


def test_an_internal_plan_cannot_be_published():
    plan = factories.PlanFactory(draft=True, kind=Plan.Kind.INTERNAL, title="Prevent plan")
    with pytest.raises(ValidationError, match="internal plan"):
        plan.publish()
    plan.status = Plan.Status.PUBLISHED
    with pytest.raises(ValidationError, match="internal plan"):
        plan.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Plan.objects.filter(pk=plan.pk).update(
            status=Plan.Status.PUBLISHED,
            published_at=datetime.datetime(2012, 1, 1, tzinfo=datetime.UTC),
        )


def test_a_review_action_plan_is_published_only_with_its_review(world):
    _, reviewed, _, review = world
    with pytest.raises(ValidationError, match="published when its review"):
        reviewed.plan.publish()
    publish_review(review)
    reviewed.plan.refresh_from_db()
    assert reviewed.plan.is_public


def test_a_review_is_not_published_without_its_report():
    review = factories.ReviewFactory(submitted_to_home_office_on=None, overview_report_url="")
    with pytest.raises(ValidationError) as refused:
        publish_review(review)
    assert set(refused.value.message_dict) == {"submitted_to_home_office_on", "overview_report_url"}
    review.refresh_from_db()
    assert review.published_on is None


def test_the_api_says_each_public_plans_kind(client, world):
    in_force, reviewed, _, review = world
    publish_review(review)
    kinds = {plan["slug"]: plan["kind"] for plan in client.get("/api/v1/plans/").json()["results"]}
    assert kinds == {in_force.plan.slug: "partnership", reviewed.plan.slug: "review"}
