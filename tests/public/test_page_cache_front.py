"""The page cache's front door (cspplan/pagecache.py): a kept public page costs no query, keeps
its security headers, and is never kept for or served to anyone it should not be."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from cspplan import pagecache
from tests import factories
from tests.personas import plan_manager_of
from tests.public_plan_builder import build_public_plan

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def built(settings):
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    return build_public_plan(objectives=1, targets_per_objective=1)


def objective_url(built):
    return reverse("plans:objective", args=[built.plan.slug, 1])


def test_a_kept_page_has_the_security_headers_of_a_fresh_one(client, built):
    fresh = client.get(objective_url(built))
    kept = client.get(objective_url(built))
    for name in SECURITY_HEADERS:
        assert fresh[name] and kept[name] == fresh[name], name
    assert kept["ETag"] == fresh["ETag"] and kept["Vary"] == fresh["Vary"]
    assert "public" in kept["Cache-Control"]


def test_a_kept_page_revalidates_with_no_query(client, built, django_assert_num_queries):
    etag = client.get(objective_url(built))["ETag"]
    client.get(objective_url(built))
    with django_assert_num_queries(0):
        response = client.get(objective_url(built), headers={"if-none-match": etag})
    assert response.status_code == 304 and response["ETag"] == etag
    assert response["Content-Security-Policy"] and not response.content


def test_a_head_request_is_answered_too(client, built, django_assert_num_queries):
    client.get(objective_url(built))
    with django_assert_num_queries(0):
        assert client.head(objective_url(built)).status_code == 200


def test_an_edit_is_seen_at_once(client, built):
    client.get(objective_url(built))
    built.objectives[0].title = "Objective title EDITED"
    built.objectives[0].save()
    assert "Objective title EDITED" in client.get(objective_url(built)).text


def test_the_text_size_is_part_of_the_page(client, built):
    standard = client.get(objective_url(built)).content
    client.cookies[pagecache.TEXT_SIZE_COOKIE] = "large"
    large = client.get(objective_url(built)).content
    assert large != standard
    assert client.get(objective_url(built)).content == large


def test_staff_never_get_the_residents_copy_nor_leave_theirs(client, built):
    factories.PlanFactory(title="Secret draft plan", draft=True)
    url = reverse("plans:list")
    assert "Secret draft plan" not in client.get(url).text  # kept for residents
    client.force_login(plan_manager_of(built.plan.partnership))
    response = client.get(url)
    assert "Signed in as" in response.text  # rendered for her, not the residents' copy
    assert "no-store" in response["Cache-Control"]
    client.logout()
    resident = client.get(url).text
    assert "Signed in as" not in resident and "Secret draft plan" not in resident


def test_a_session_cookie_or_authorization_goes_past_the_front_door(
    client, built, django_assert_max_num_queries
):
    client.get(objective_url(built))
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-real-session"
    response = client.get(objective_url(built))
    assert response.status_code == 200
    del client.cookies[settings.SESSION_COOKIE_NAME]
    # The view's own cache answers: the history stamp, and the session's lookup, at least.
    with django_assert_max_num_queries(5) as queries:
        client.get(objective_url(built), headers={"authorization": "Basic eDp5"})
    assert len(queries) >= 1


def test_a_rate_limited_download_is_always_counted(client, built, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "downloads": (2, 60)}
    url = reverse("plans:delivery_plan_csv", args=[built.plan.slug])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def _middleware(view):
    return pagecache.PublicPageCacheMiddleware(view)


def _view_counting(calls, *, cookie=False, status=200, allow=True):
    def view(request):
        calls.append(request.path)
        if allow:
            pagecache.allow_storing(request)
        response = HttpResponse("a page", status=status)
        response["ETag"] = '"abc"'
        response["Cache-Control"] = "public, no-cache, max-age=0"
        if cookie:
            response.set_cookie("csrftoken", "a visitor's own token")
        return response

    return view


@pytest.mark.parametrize(
    "what",
    [
        {"cookie": True},  # a CSRF token or a session: this visitor's own
        {"status": 404},
        {"allow": False},  # not a public page, or not its canonical address
    ],
)
def test_what_must_not_be_kept_is_rendered_every_time(what):
    calls = []
    middleware = _middleware(_view_counting(calls, **what))
    for _ in range(2):
        middleware(RequestFactory().get("/somewhere/"))
    assert len(calls) == 2


def test_what_may_be_kept_is_rendered_once_per_version():
    calls = []
    middleware = _middleware(_view_counting(calls))
    for _ in range(2):
        middleware(RequestFactory().get("/somewhere/"))
    assert len(calls) == 1
    pagecache.bump_stamp()
    middleware(RequestFactory().get("/somewhere/"))
    assert len(calls) == 2


def test_static_files_are_left_to_whitenoise():
    calls = []
    middleware = _middleware(_view_counting(calls))
    for _ in range(2):
        middleware(RequestFactory().get(f"{settings.STATIC_URL}css/site.css"))
    assert len(calls) == 2


def test_a_post_is_never_answered_from_the_cache():
    calls = []
    middleware = _middleware(_view_counting(calls))
    middleware(RequestFactory().get("/somewhere/"))
    middleware(RequestFactory().post("/somewhere/"))
    assert len(calls) == 2


def test_a_stamp_in_a_cache_that_is_not_shared_is_refused():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "cspplan.settings",
            "DJANGO_DEBUG": "true",
            "CACHE_URL": "locmem://",
            "CSPPLAN_PAGE_CACHE_STAMP": "cache",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0 and "needs a cache every worker shares" in result.stderr


class ForeignValueCache:
    def get(self, *args, **kwargs):
        return "not a kept page"

    set = add = get


class UnreachableCache:
    def get(self, *args, **kwargs):
        raise ConnectionError("cache unreachable")

    set = add = get


@pytest.mark.parametrize("broken", [ForeignValueCache, UnreachableCache])
def test_a_cache_that_is_down_or_holds_something_else_is_a_miss_not_an_error(
    built, monkeypatch, broken
):
    # Redis restarting, or a foreign value under the page's key: the request goes through the
    # stack as if nothing were kept, never a 500.
    front_door = pagecache.PublicPageCacheMiddleware(lambda request: HttpResponse("rendered"))
    monkeypatch.setattr(pagecache, "cache", broken())
    assert front_door(RequestFactory().get(objective_url(built))).content == b"rendered"
