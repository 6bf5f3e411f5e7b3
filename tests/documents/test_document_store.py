"""The document store and its pages, with a queue that holds jobs until the test runs them
(django-tasks' dummy backend), so every state a resident can meet is seen: being prepared,
the last version offered meanwhile, ready, failed with a retry, stuck, and a lost file.

Renders are stubbed (a fake PDF) where what the file holds is not the question; the export
tests (tests/public/test_exports.py, test_word_export.py, tests/dashboard/test_board_report.py)
check real content through the same store.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends

from cspplan import roles
from cspplan.models import Plan
from documents import store
from documents.models import Document
from tests.personas import in_role
from tests.public_plan_builder import build_public_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    """Jobs wait in the queue until ``run_all`` runs them, as a worker would."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": [settings.DOCUMENTS_QUEUE, settings.DOCUMENTS_PUBLIC_QUEUE],
        }
    }
    backend = task_backends["default"]

    class Queue:
        @property
        def jobs(self):
            return backend.results

        def run_all(self):
            pending = list(backend.results)
            backend.clear()
            for result in pending:
                store.render(*result.args)

    return Queue()


@pytest.fixture
def renders(monkeypatch):
    """Count renders of the delivery plan's PDF; ``fail`` makes the next ones raise."""
    from public.exports import pdf

    class Calls(list):
        fail = False

    calls = Calls()

    def fake(plan):
        calls.append(plan.pk)
        if calls.fail:
            raise RuntimeError("WeasyPrint ran out of memory")
        return b"%PDF-1.7 fake " + str(len(calls)).encode()

    monkeypatch.setattr(pdf, "delivery_plan_pdf", fake)
    return calls


@pytest.fixture
def plan(settings):
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    return build_public_plan(objectives=1, targets_per_objective=1).plan


def pdf_url(plan):
    return reverse("plans:delivery_plan_pdf", args=[plan.slug])


def test_a_document_not_drawn_yet_gets_a_being_prepared_page_at_once(client, plan, queue, renders):
    response = client.get(pdf_url(plan))
    assert response.status_code == 202
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "The delivery plan (PDF) is being prepared" in page
    assert 'role="status"' in page
    assert f'href="{pdf_url(plan)}">Check again' in page
    assert renders == []  # nothing drawn in the request
    assert len(queue.jobs) == 1


def test_many_requests_while_it_is_drawn_make_one_job(client, plan, queue, renders):
    for _ in range(5):
        assert client.get(pdf_url(plan)).status_code == 202
    assert len(queue.jobs) == 1
    assert Document.objects.count() == 1
    queue.run_all()
    assert renders == [plan.pk]
    response = client.get(pdf_url(plan))
    assert response.status_code == 200
    assert response.getvalue() == b"%PDF-1.7 fake 1"


def test_the_ready_file_is_served_with_its_type_name_and_etag(client, plan, queue, renders):
    client.get(pdf_url(plan))
    queue.run_all()
    response = client.get(pdf_url(plan))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{plan.slug}-delivery-plan.pdf"'
    assert response["Cache-Control"] == "public, no-cache, max-age=0"
    document = Document.objects.get()
    assert response["ETag"] == document.etag
    assert client.get(pdf_url(plan), HTTP_IF_NONE_MATCH=document.etag).status_code == 304


def test_an_edit_makes_a_new_version_and_the_last_one_is_offered_meanwhile(
    client, plan, queue, renders
):
    client.get(pdf_url(plan))
    queue.run_all()
    plan.title = "Partnership Plan, edited"
    plan.save()

    waiting = client.get(pdf_url(plan))
    assert waiting.status_code == 202
    page = waiting.content.decode()
    assert "a newer one is being prepared" in page
    older = Document.objects.get(status=Document.Status.READY)
    assert f"?version={older.key}" in page
    offered = client.get(pdf_url(plan), {"version": older.key})
    assert offered.status_code == 200
    assert offered.getvalue() == b"%PDF-1.7 fake 1"

    queue.run_all()
    assert client.get(pdf_url(plan)).getvalue() == b"%PDF-1.7 fake 2"
    # The superseded copy is gone, its file with it.
    assert list(Document.objects.values_list("status", flat=True)) == ["ready"]
    assert not store.storage().exists(older.file)


def test_a_failed_render_says_so_and_one_retry_queues_it_again(client, plan, queue, renders):
    renders.fail = True
    client.get(pdf_url(plan))
    with pytest.raises(RuntimeError):
        queue.run_all()
    failed = client.get(pdf_url(plan))
    assert failed.status_code == 503
    page = failed.content.decode()
    assert "We could not prepare the delivery plan (PDF)" in page
    assert 'role="alert"' in page
    assert f'href="{pdf_url(plan)}?retry=1">Try again' in page
    assert "WeasyPrint ran out of memory" in Document.objects.get().error

    renders.fail = False
    retried = client.get(pdf_url(plan), {"retry": "1"})
    assert retried.status_code == 302
    assert retried["Location"] == pdf_url(plan)
    client.get(pdf_url(plan), {"retry": "1"})  # a second click: already queued again
    assert len(queue.jobs) == 1
    assert client.get(pdf_url(plan)).status_code == 202
    queue.run_all()
    assert client.get(pdf_url(plan)).status_code == 200
    assert Document.objects.get().attempts == 2


def test_a_render_that_never_finishes_is_reported_as_failed(client, plan, queue, settings):
    client.get(pdf_url(plan))
    late = timezone.now() - datetime.timedelta(seconds=settings.DOCUMENTS_RENDER_TIMEOUT + 1)
    Document.objects.update(requested_at=late)
    response = client.get(pdf_url(plan))
    assert response.status_code == 503
    assert Document.objects.get().error == store.TOO_LONG


def test_a_queue_that_cannot_be_reached_is_a_failure_not_a_spinner(client, plan, monkeypatch):
    from documents import tasks

    class Down:
        def using(self, **options):  # the public queue (documents/store.py)
            return self

        def enqueue(self, key):
            raise ConnectionError("Redis is not running")

    monkeypatch.setattr(tasks, "render_document", Down())
    response = client.get(pdf_url(plan))
    assert response.status_code == 503
    assert Document.objects.get().error == store.QUEUE_DOWN


def test_a_lost_file_is_drawn_again(client, plan, queue, renders):
    client.get(pdf_url(plan))
    queue.run_all()
    store.storage().delete(Document.objects.get().file)
    assert client.get(pdf_url(plan)).status_code == 202
    queue.run_all()
    assert client.get(pdf_url(plan)).getvalue() == b"%PDF-1.7 fake 2"


def test_a_drafts_document_is_404_to_the_public_and_never_kept_by_a_shared_cache(client, renders):
    plan = build_public_plan(objectives=1, targets_per_objective=1, status=Plan.Status.DRAFT).plan
    assert client.get(pdf_url(plan)).status_code == 404
    assert Document.objects.count() == 0
    client.force_login(in_role(roles.PLAN_MANAGERS, partnership=plan.partnership))
    response = client.get(pdf_url(plan))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_an_old_version_is_only_served_for_its_own_document(client, plan, queue, renders):
    client.get(pdf_url(plan))
    queue.run_all()
    other = build_public_plan(objectives=1, targets_per_objective=1, label="Other").plan
    client.get(pdf_url(other))
    # Another plan's key in ?version= is not a way to its file: the page for this one instead.
    response = client.get(pdf_url(other), {"version": Document.objects.get(plan=plan).key})
    assert response.status_code == 202


def test_the_board_report_stays_with_the_plans_chair_and_managers(client, plan, renders):
    url = reverse("dashboard:report_xlsx", args=[plan.slug])
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(in_role(roles.PARTNERSHIP_OFFICERS))
    assert client.get(url).status_code == 403
    assert Document.objects.count() == 0
    client.force_login(in_role(roles.CHAIR, partnership=plan.partnership))
    response = client.get(url, {"as_at": "2011-11-15"})
    assert response.status_code == 200
    name = f"{plan.slug}-board-report.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert "private" in response["Cache-Control"]
    assert Document.objects.get().as_at == datetime.date(2011, 11, 15)
