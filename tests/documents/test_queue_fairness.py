"""The documents queue is fair to residents (issue 22, finding 3): a county reader's 25 GETs of
the board report "as at" 25 days queued 25 renders, and a resident's public PDF then waited
24.5 s behind them.

- Each user has at most ``CSPPLAN_DOCUMENTS_QUEUED_PER_USER`` documents waiting or being drawn
  at once; past it a 429 page says why and when to try again, and nothing is queued.
- Public documents go to a queue of their own (``settings.DOCUMENTS_PUBLIC_QUEUE``, with a
  worker of its own and a higher priority), so they never wait behind staff documents.
tests/documents/test_real_queue.py shows the second with real processes.
"""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django_tasks import task_backends

from documents import store
from documents.models import Document
from tests import factories
from tests.personas import county_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    """A queue that holds jobs (no worker runs them), on both documents queues."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": [settings.DOCUMENTS_QUEUE, settings.DOCUMENTS_PUBLIC_QUEUE],
        }
    }
    cache.clear()  # the download rate limit starts afresh
    yield task_backends["default"]
    cache.clear()


@pytest.fixture
def plan():
    plan = factories.PlanFactory(title="Invented plan", slug="invented-plan")
    factories.ObjectiveFactory(plan=plan, number=1)
    return plan


def _days(plan, count):
    return [plan.period_start + datetime.timedelta(days=n) for n in range(count)]


def test_a_flood_of_past_day_reports_queues_no_more_than_the_cap_per_user(queue, plan, settings):
    reader = Client()
    reader.force_login(county_reader())
    url = reverse("dashboard:report_pdf", args=[plan.slug])
    answers = [reader.get(url, {"as_at": f"{day:%Y-%m-%d}"}) for day in _days(plan, 25)]
    cap = settings.CSPPLAN_DOCUMENTS_QUEUED_PER_USER
    assert [a.status_code for a in answers[:cap]] == [202] * cap
    refused = answers[cap:]
    assert {a.status_code for a in refused} == {429}
    page = refused[0].content.decode()
    assert f"You already have {cap} documents being prepared" in page
    assert "Try again" in page and refused[0]["Retry-After"]
    assert "no-store" in refused[0]["Cache-Control"]
    assert Document.objects.count() == cap and len(queue.results) == cap

    # A report already asked for is still answered (it costs nothing new) …
    assert reader.get(url, {"as_at": f"{_days(plan, 1)[0]:%Y-%m-%d}"}).status_code == 202
    # … and once the worker has drawn them, the reader may ask for more.
    for result in list(queue.results):
        Document.objects.filter(key=result.args[0]).update(
            status=Document.Status.FAILED, error="invented"
        )
    assert reader.get(url, {"as_at": f"{_days(plan, 25)[-1]:%Y-%m-%d}"}).status_code == 202


def test_public_documents_go_to_their_own_queue_ahead_of_staff_ones(queue, plan, settings):
    reader = Client()
    reader.force_login(county_reader())
    reader.get(reverse("dashboard:report_pdf", args=[plan.slug]), {"as_at": "2011-05-01"})
    Client().get(reverse("plans:delivery_plan_pdf", args=[plan.slug]))
    staff_job, public_job = queue.results
    assert staff_job.task.queue_name == settings.DOCUMENTS_QUEUE
    assert public_job.task.queue_name == settings.DOCUMENTS_PUBLIC_QUEUE
    assert public_job.task.priority > staff_job.task.priority


def test_residents_are_not_capped_by_staff_documents(queue, plan):
    # Anonymous requests share no user: a public document is one per plan and version, however
    # many residents ask (documents/store.py), so it needs no cap.
    assert store.queued_for(None) == 0
    for _ in range(5):
        assert Client().get(reverse("plans:delivery_plan_pdf", args=[plan.slug])).status_code == 202
    assert Document.objects.count() == 1


def test_try_again_past_the_cap_is_refused_too(queue, plan, settings):
    reader = Client()
    reader.force_login(county_reader())
    url = reverse("dashboard:report_pdf", args=[plan.slug])
    first = f"{plan.period_start:%Y-%m-%d}"
    reader.get(url, {"as_at": first})
    Document.objects.update(status=Document.Status.FAILED, error="invented")
    for day in _days(plan, settings.CSPPLAN_DOCUMENTS_QUEUED_PER_USER + 1)[1:]:
        assert reader.get(url, {"as_at": f"{day:%Y-%m-%d}"}).status_code == 202
    assert reader.get(url, {"as_at": first, "retry": "1"}).status_code == 429
    assert Document.objects.filter(status=Document.Status.FAILED).count() == 1
