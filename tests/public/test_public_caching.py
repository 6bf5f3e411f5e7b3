"""Public pages are cached and answer conditional GETs, yet a resident never sees a page older
than the last edit to anything it shows (public/caching.py)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import serializers
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from cspplan import pagecache
from cspplan.models import Plan
from objectives.models import ApprovalStatus
from public import caching
from tests import factories
from tests.personas import plan_manager_of
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


def objective_url(built):
    return reverse("plans:objective", args=[built.plan.slug, 1])


def edit_section(built):
    section = built.plan.sections.get(slug="foreword")
    section.body = "A rewritten foreword EDITED"
    section.save()
    return built.plan.get_absolute_url()


def edit_priority(built):
    built.priorities[0].name = "Burglary EDITED"
    built.priorities[0].save()
    return objective_url(built)


def edit_objective(built):
    built.objectives[0].title = "Reduce Re-offending EDITED"
    built.objectives[0].save()
    return "/"


def edit_target(built):
    built.targets[0].wording = "Reduce burglary EDITED"
    built.targets[0].save()
    return objective_url(built)


def edit_measure(built):
    built.measures[0].name = "Accidental dwelling fires EDITED"
    built.measures[0].save()
    return objective_url(built)


def approve_a_measurement(built):
    measurement = built.measures[0].measurements.get(status=ApprovalStatus.SUBMITTED)
    measurement.status = ApprovalStatus.APPROVED
    measurement.approved_at = timezone.now()
    measurement.note = "EDITED"
    measurement.save()
    # Its figure, 123456, now shows; the marker proves the page was rendered again.
    return objective_url(built)


def edit_action(built):
    built.actions[0].text = "Operation Summer Nights EDITED"
    built.actions[0].save()
    return objective_url(built)


def add_an_action_update(built):
    factories.ActionUpdateFactory(
        action=built.actions[0],
        date=datetime.date(2011, 12, 1),
        note="Progress EDITED",
        approval=ApprovalStatus.APPROVED,
        approved_at=timezone.now(),
    )
    return objective_url(built)


def rename_an_organisation(built):
    built.organisations[0].name = "Lancashire Police EDITED"
    built.organisations[0].save()
    return objective_url(built)


def rename_an_officer(built):
    built.officers[0].name = "Andrew Hill EDITED"
    built.officers[0].save()
    return objective_url(built)


def add_an_owner(built):
    built.actions[0].owners.add(factories.OrganisationFactory(name="Trading Standards EDITED"))
    return objective_url(built)


def delete_an_action(built):
    built.actions[0].delete()
    return objective_url(built)


def withdraw_the_plan(built):
    built.plan.status = Plan.Status.DRAFT  # back to a draft: private again
    built.plan.save()
    return reverse("plans:list")


EDITS = [
    edit_section,
    edit_priority,
    edit_objective,
    edit_target,
    edit_measure,
    approve_a_measurement,
    edit_action,
    add_an_action_update,
    rename_an_organisation,
    rename_an_officer,
    add_an_owner,
]


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_a_resident_sees_an_officers_edit_at_once(client, built, edit):
    for url in built.urls():
        client.get(url)  # every page now cached
    url = edit(built)
    assert "EDITED" in client.get(url).text


def test_a_deleted_action_disappears_at_once(client, built):
    text = built.actions[0].text
    assert text in client.get(objective_url(built)).text
    delete_an_action(built)
    assert text not in client.get(objective_url(built)).text


def test_a_withdrawn_plan_leaves_the_list_and_its_pages_at_once(client, built):
    assert built.plan.title in client.get(reverse("plans:list")).text
    withdraw_the_plan(built)
    assert built.plan.title not in client.get(reverse("plans:list")).text
    assert client.get(built.plan.get_absolute_url()).status_code == 404


def test_an_archived_plan_is_marked_as_a_past_plan_at_once(client, built):
    assert "Past plan" not in client.get(built.plan.get_absolute_url()).text
    built.plan.archive()
    built.plan.save()
    assert "Past plan" in client.get(built.plan.get_absolute_url()).text


def test_a_fixture_loaded_over_the_data_shows_at_once(client, built):
    """loaddata saves with raw=True, which writes no history: the signal counter catches it."""
    objective = built.objectives[0]
    client.get("/")
    objective.title = "Title from a fixture EDITED"
    (loaded,) = serializers.deserialize("json", serializers.serialize("json", [objective]))
    loaded.save()
    assert "Title from a fixture EDITED" in client.get("/").text


def test_an_edit_made_by_another_worker_shows_even_if_this_workers_counter_missed_it(client, built):
    """Each worker may have its own local-memory cache; the history stamp is in the database."""
    client.get(objective_url(built))
    counter_before = caching.edit_counter()
    edit_action(built)
    cache.set(caching.EDIT_COUNTER_KEY, counter_before)  # as if the bump happened elsewhere
    assert "EDITED" in client.get(objective_url(built)).text


def test_the_version_is_bumped_again_when_the_transaction_commits(
    built, django_capture_on_commit_callbacks
):
    before = caching.edit_counter()
    with django_capture_on_commit_callbacks(execute=True):
        built.actions[0].save()
        assert caching.edit_counter() > before
        during = caching.edit_counter()
    assert caching.edit_counter() > during


def test_the_version_changes_with_the_date_because_statuses_do(built, monkeypatch):
    today_version, _ = caching.content_version()
    monkeypatch.setattr(
        caching.timezone, "localdate", lambda: datetime.date.today() + datetime.timedelta(days=1)
    )
    tomorrow_version, _ = caching.content_version()
    assert today_version != tomorrow_version


def test_a_cached_page_is_served_without_a_query(client, built, django_assert_num_queries):
    url = objective_url(built)
    first = client.get(url)
    # The front door (cspplan/pagecache.py) answers: no query, not even the history stamp.
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content


def test_an_address_with_unread_parameters_costs_one_query(
    client, built, django_assert_num_queries
):
    """Not the canonical address: the front door does not keep it, the view's cache answers."""
    url = objective_url(built) + "?utm_source=leaflet"
    first = client.get(url)
    # 1. the history stamp (content version); the page itself comes from the view's cache.
    for _ in range(2):
        with django_assert_num_queries(1):
            again = client.get(url)
        assert again.content == first.content


def test_a_matching_etag_gets_304_not_modified(client, built):
    url = objective_url(built)
    response = client.get(url)
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    not_modified = client.get(url, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag


def test_after_an_edit_the_old_etag_gets_the_new_page(client, built):
    url = objective_url(built)
    etag = client.get(url)["ETag"]
    edit_action(built)
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "EDITED" in response.text


def test_pages_say_when_they_last_changed_and_answer_if_modified_since(client, built):
    url = built.plan.get_absolute_url()
    response = client.get(url)
    last_modified = response["Last-Modified"]
    assert last_modified.endswith("GMT")
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304


def test_browsers_must_revalidate_and_caches_must_vary_on_cookie(client, built):
    response = client.get(objective_url(built))
    assert "no-cache" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_large_text_is_a_different_representation(client, built):
    url = objective_url(built)
    standard = client.get(url)
    client.cookies[caching.TEXT_SIZE_COOKIE] = "large"
    large = client.get(url)
    assert large["ETag"] != standard["ETag"]
    assert 'class="text-large"' in large.text
    assert 'class="text-large"' not in standard.text
    assert client.get(url, headers={"if-none-match": standard["ETag"]}).status_code == 200


def test_a_staff_preview_is_never_stored_or_served_to_the_public(client, settings):
    draft = build_public_plan(partnership_slug="draft-csp", status=Plan.Status.DRAFT, label="X")
    url = draft.plan.get_absolute_url()
    client.force_login(plan_manager_of(draft.plan.partnership))
    preview = client.get(url)
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"] and "private" in preview["Cache-Control"]
    assert "ETag" not in preview
    client.logout()
    assert client.get(url).status_code == 404


def test_what_staff_see_of_a_published_page_is_not_cached_for_residents(client, built):
    url = reverse("plans:list")
    secret = factories.PlanFactory(title="Secret draft plan", draft=True)
    client.force_login(plan_manager_of(secret.partnership))
    assert "Secret draft plan" in client.get(url).text
    client.logout()
    assert "Secret draft plan" not in client.get(url).text


def test_a_404_is_not_cached(client, built):
    url = reverse("plans:objective", args=[built.plan.slug, 2])
    assert client.get(url).status_code == 404
    factories.ObjectiveFactory(plan=built.plan, number=2, title="A new objective")
    assert client.get(url).status_code == 200


def test_a_new_release_of_the_code_is_a_new_version(client, built, monkeypatch):
    """A deploy renders every kept page again (its templates may have changed). The ETag is a
    hash of the bytes, which are the same in every worker and release (issue 22, finding 5):
    a page the new release renders to the same bytes is still the browser's copy (304), and
    one it renders differently is not."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = objective_url(built)
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as kept:
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert len(kept) == 0  # answered from the cache
    monkeypatch.setattr(caching, "code_release", lambda: "the next release")
    monkeypatch.setattr(pagecache, "code_release", lambda: "the next release")
    with CaptureQueriesContext(connection) as rendered:
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert len(rendered) > 0  # rendered again by the new release, to the same bytes
    # update() sends no signal: only the next release's new version shows the new title.
    built.plan.objectives.filter(number=1).update(title="Retitled before the release after")
    monkeypatch.setattr(caching, "code_release", lambda: "the release after")
    monkeypatch.setattr(pagecache, "code_release", lambda: "the release after")
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Retitled before the release after" in response.content.decode()


def test_the_text_size_redirect_never_leaves_the_site(rf):
    view = caching.public_page(lambda request: None)
    request = rf.get("//evil.example/", {"size": "large"})
    request.user = None
    response = view(request)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_text_size_redirect_keeps_other_parameters(client, built):
    response = client.get(reverse("plans:list"), {"size": "large", "page": "2"})
    assert response["Location"] == reverse("plans:list") + "?page=2"


def test_a_cached_response_keeps_the_headers_its_view_set(rf, built):
    from django.http import HttpResponse

    def download(request):
        response = HttpResponse(b"a,b\n", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="plan.csv"'
        return response

    view = caching.public_page(download)
    request = rf.get("/plans/x/delivery-plan.csv")
    request.user = AnonymousUser()
    view(request)
    cached = view(request)
    assert cached["Content-Type"] == "text/csv"
    assert cached["Content-Disposition"] == 'attachment; filename="plan.csv"'


def test_the_open_data_links_name_the_host_each_visitor_asked(client, built):
    url = reverse("plans:delivery_plan_json", args=[built.plan.slug])
    assert (
        client.get(url, HTTP_HOST="localhost").json()["plan"]["url"].startswith("http://localhost/")
    )
    assert (
        client.get(url, HTTP_HOST="127.0.0.1").json()["plan"]["url"].startswith("http://127.0.0.1/")
    )
