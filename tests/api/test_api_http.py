"""How the API answers over HTTP: filters (and a 400 naming a refused parameter), pages with a
size cap, ETag and Last-Modified with 304 for a conditional GET, CORS for any site on the API
only, the rate limit, and read only."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from actions.models import ActionStatus
from objectives.models import Measure
from progress.rag import assess_plan
from tests import factories
from tests.api.helpers import every_page
from tests.public_plan_builder import build_public_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    return build_public_plan(objectives=2, targets_per_objective=2, actions_per_target=2)


def test_lists_filter_by_plan_objective_organisation_and_status(client, built):
    other = build_public_plan(partnership_slug="ashdown-vale-csp", objectives=1, label="OTHER")
    actions = reverse("api:action_list")
    assert len(every_page(client, actions)) == len(built.actions) + len(other.actions)
    mine = every_page(client, actions, plan=built.plan.slug)
    assert {a["id"] for a in mine} == {a.pk for a in built.actions}
    objective = built.objectives[1]
    under = every_page(client, actions, objective=objective.pk)
    assert {a["objective"] for a in under} == {objective.pk}
    assert len(under) == 4
    fire = built.organisations[1]
    assert len(every_page(client, actions, organisation=fire.slug)) == len(built.actions)
    assert every_page(client, reverse("api:target_list"), organisation=fire.slug) == []
    first = built.actions[0]
    first.status = ActionStatus.COMPLETED
    first.save()
    done = every_page(client, actions, status="completed")
    assert [a["id"] for a in done] == [first.pk]
    measures = every_page(client, reverse("api:measure_list"), objective=objective.pk)
    assert {m["objective_number"] for m in measures} == {2}
    plans = every_page(client, reverse("api:plan_list"), partnership="ashdown-vale-csp")
    assert [p["slug"] for p in plans] == [other.plan.slug]


def test_updated_since_lists_what_changed_at_or_after_the_moment(client, built):
    url = reverse("api:measure_list")
    everything = every_page(client, url, updated_since="2000-01-01")
    assert len(everything) == Measure.objects.count() > len(built.measures)
    later = timezone.now() + datetime.timedelta(seconds=1)
    assert every_page(client, url, updated_since=later.isoformat()) == []
    # A measure counts as changed when one of its figures does (approved here).
    measure = built.measures[2]
    before = timezone.now()
    factories.MeasurementFactory(
        measure=measure,
        period_start=datetime.date(2011, 10, 1),
        period_end=datetime.date(2011, 12, 31),
        value=7,
        status="approved",
        approved_at=timezone.now(),
    )
    changed = every_page(client, url, updated_since=before.isoformat())
    assert [m["id"] for m in changed] == [measure.pk]
    actions = reverse("api:action_list")
    action = built.actions[1]
    action.text = "Reworded"
    action.save()
    changed = every_page(client, actions, updated_since=before.isoformat())
    assert [a["id"] for a in changed] == [action.pk]


@pytest.mark.parametrize(
    "value", ["yesterday", "2011-13-01", "2011-10-01T25:00", "0001-01-01T00:00+05:00"]
)
def test_a_bad_updated_since_is_refused_naming_the_parameter(client, built, value):
    response = client.get(reverse("api:action_list"), {"updated_since": value})
    assert response.status_code == 400
    assert list(response.json()) == ["updated_since"]
    assert "ISO 8601" in response.json()["updated_since"][0]


def test_other_bad_parameters_are_refused_naming_them(client, built):
    response = client.get(reverse("api:action_list"), {"status": "finished", "objective": "x"})
    assert response.status_code == 400
    assert set(response.json()) == {"status", "objective"}
    response = client.get(reverse("api:measure_list"), {"objective": str(2**63)})
    assert list(response.json()) == ["objective"]
    response = client.get(reverse("api:target_list"), {"plan": "not a slug", "organisation": ""})
    assert response.status_code == 400
    assert set(response.json()) == {"plan", "organisation"}


def test_pages_are_capped_at_200_records(client, built):
    url = reverse("api:action_list")
    body = client.get(url, {"page_size": 3}).json()
    assert body["count"] == len(built.actions) and len(body["results"]) == 3
    assert "page=2" in body["next"]
    assert len(client.get(url).json()["results"]) == len(built.actions)  # under 50
    factories.ActionFactory.create_batch(
        205, target=built.targets[0], order=factories.factory.Sequence(lambda n: 100 + n)
    )
    assert len(client.get(url, {"page_size": 200}).json()["results"]) == 200
    assert len(client.get(url).json()["results"]) == 50
    assert client.get(url, {"page": 99}).status_code == 404
    for name, value in (("page_size", "1000"), ("page_size", "0"), ("page", "two")):
        response = client.get(url, {name: value})
        assert response.status_code == 400 and list(response.json()) == [name], (name, value)


def test_a_conditional_get_of_an_unchanged_answer_is_304(client, built):
    url = reverse("api:measure_list")
    first = client.get(url)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    # A change to what the list shows: a new ETag, a later Last-Modified, and a full answer.
    measure = built.measures[0]
    measure.name = "Renamed measure"
    measure.save()
    # HTTP dates have whole seconds: date the change a second later, as it would be in life.
    change = measure.history.latest()
    change.history_date += datetime.timedelta(seconds=2)
    change.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_last_modified_is_the_latest_change_or_today_for_judged_statuses(client, built):
    plans = client.get(reverse("api:plan_list"))
    plan = built.plan
    assert plans["Last-Modified"] == http_date(plan.history.latest().history_date.timestamp())
    # Measures carry a RAG status judged as at today: not older than the start of today.
    measures = client.get(reverse("api:measure_list"))
    today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    assert parse_http_date(measures["Last-Modified"]) >= int(today.timestamp())


def test_any_site_may_read_the_api_but_not_the_rest_of_the_site(client, built):
    origin = {"HTTP_ORIGIN": "https://journalist.example"}
    response = client.get(reverse("api:plan_list"), **origin)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        reverse("api:plan_list"), HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", **origin
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    page = client.get(built.plan.get_absolute_url(), **origin)
    assert "Access-Control-Allow-Origin" not in page


def test_the_api_is_read_only(client, built):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(reverse("api:plan", args=[built.plan.slug]))
        assert response.status_code == 405, method


def test_too_many_requests_from_one_address_get_429(client, built, settings):
    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (3, 60)}
    url = reverse("api:plan_list")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "detail" in refused.json()
    cache.clear()


def test_statuses_come_from_the_rag_rules(client, built):
    assessment = assess_plan(built.plan, approved_only=True)
    for record in every_page(client, reverse("api:measure_list")):
        expected = assessment.measure_assessments[record["id"]]
        assert record["assessment"]["status"] == expected.status
        assert record["assessment"]["explanation"] == expected.explanation
    for record in every_page(client, reverse("api:action_list")):
        expected = assessment.action_assessments[record["id"]]
        assert record["assessment"]["label"] == expected.label
    for record in every_page(client, reverse("api:objective_list")):
        expected = assessment.objective_assessments[record["id"]]
        assert record["assessment"]["evidence"] == expected.evidence


def test_updated_since_takes_any_offset_python_reads(client, built):
    # PostgreSQL refuses offsets beyond ±15:59 (schemathesis found a 500 with +23:38): the
    # moment goes to the database in UTC.
    url = reverse("api:plan_list")
    response = client.get(url, {"updated_since": "2011-09-22T02:08:31+23:38"})
    assert response.status_code == 200
    assert response.json()["count"] >= 1
