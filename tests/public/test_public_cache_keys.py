"""Issue 10, findings 4 and 9: public caching is keyed on the parameters a page reads, so a random
query string cannot force a fresh render (a PDF takes seconds); ETags are per page and per
content, the same in every worker; ``If-None-Match: *`` never turns a 404 into a 304."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from cspplan.models import Plan
from public import caching
from public import search as site_search
from public.exports import pdf
from tests.public_plan_builder import build_public_plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def built(settings):
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    return build_public_plan(objectives=1, targets_per_objective=1)


@pytest.fixture
def pdf_renders(monkeypatch):
    """Count PDF renders; a fake PDF keeps the test fast."""
    renders = []

    def fake_pdf(plan):
        renders.append(plan.pk)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(pdf, "delivery_plan_pdf", fake_pdf)
    return renders


def test_random_query_strings_do_not_force_new_pdf_renders(client, built, pdf_renders):
    url = reverse("plans:delivery_plan_pdf", args=[built.plan.slug])
    responses = [client.get(url, {"x": f"random-{n}"}) for n in range(8)]
    responses.append(client.get(url))
    assert all(response.status_code == 200 for response in responses)
    assert len(pdf_renders) == 1
    assert len({response["ETag"] for response in responses}) == 1
    assert all(
        response["Content-Disposition"].endswith('delivery-plan.pdf"') for response in responses
    )


@pytest.mark.parametrize("name", ["delivery_plan_csv", "delivery_plan_xlsx", "delivery_plan_json"])
def test_unknown_parameters_are_served_from_the_same_cache_entry(client, built, name, monkeypatch):
    url = reverse(f"plans:{name}", args=[built.plan.slug])
    first = client.get(url)
    keys = []
    original = caching._page_key
    monkeypatch.setattr(caching, "_page_key", lambda *a: keys.append(original(*a)) or keys[-1])
    again = client.get(url, {"x": "1", "utm_source": "spam"})
    assert again.content == first.content
    assert len(set(keys)) == 1


def test_an_unknown_parameter_never_reaches_the_page_or_its_links(client, built):
    response = client.get(built.plan.get_absolute_url(), {"evil": "injected-value"})
    assert response.status_code == 200
    assert "injected-value" not in response.text


def test_search_is_keyed_on_its_query_and_nothing_else(client, built, monkeypatch):
    searched = []
    original = site_search.search
    monkeypatch.setattr(site_search, "search", lambda q: searched.append(q) or original(q))
    url = reverse("search")
    first = client.get(url, {"q": "burglary"})
    client.get(url, {"q": "burglary", "x": "1"})
    client.get(url, {"x": "2", "q": "burglary"})
    other = client.get(url, {"q": "arson"})
    assert searched == ["burglary", "arson"]
    assert first["ETag"] != other["ETag"]
    # The text-size links keep the search, not the junk.
    assert "x=1" not in client.get(url, {"q": "burglary", "x": "1"}).text


def test_every_page_has_its_own_etag(client, built):
    etags = {url: client.get(url)["ETag"] for url in built.urls()}
    assert len(set(etags.values())) == len(etags)


def test_the_etag_is_the_same_in_every_worker(client, built):
    """Another worker has its own local-memory cache, so its own (random) edit counter; the
    same page with the same content must still carry the same ETag there."""
    url = built.plan.get_absolute_url()
    first = client.get(url)
    cache.clear()  # a fresh worker: empty cache, a new random edit counter
    second = client.get(url)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_the_same_etag_from_a_cached_copy_and_a_fresh_render(client, built):
    url = reverse("plans:delivery_plan_csv", args=[built.plan.slug])
    fresh = client.get(url)
    cached = client.get(url)
    assert fresh["ETag"] == cached["ETag"]


@pytest.mark.parametrize(
    "url",
    [
        "/plans/no-such-plan/",
        "/plans/no-such-plan/delivery-plan.pdf",
        "/plans/no-such-plan/delivery-plan.json",
    ],
)
def test_if_none_match_star_never_turns_a_missing_plan_into_304(client, built, url):
    assert client.get(url, headers={"if-none-match": "*"}).status_code == 404


def test_if_none_match_star_never_turns_a_draft_into_304(client, built, pdf_renders):
    draft = build_public_plan(partnership_slug="draft-csp", status=Plan.Status.DRAFT, label="D")
    slug = draft.plan.slug
    for url in [
        draft.plan.get_absolute_url(),
        reverse("plans:objective", args=[slug, 1]),
        reverse("plans:delivery_plan_pdf", args=[slug]),
        reverse("plans:delivery_plan_csv", args=[slug]),
    ]:
        assert client.get(url, headers={"if-none-match": "*"}).status_code == 404, url
    missing_objective = reverse("plans:objective", args=[built.plan.slug, 99])
    assert client.get(missing_objective, headers={"if-none-match": "*"}).status_code == 404


def test_if_none_match_star_on_an_existing_page_is_not_modified(client, built):
    url = built.plan.get_absolute_url()
    assert client.get(url, headers={"if-none-match": "*"}).status_code == 304
