"""Issue 14's public pages are valid HTML by the Nu Html Checker, with zero errors: the events
(list and pages), the consultations (list, an open one with its form, a closed one with its
results, a form with its errors, the confirmation) and "you said, we did" (its page and an
objective page showing an entry). The staff results page is checked too."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from consultation.models import Consultation
from cspplan.models import Plan
from demonstration.engagement import load_demo_engagement
from tests.personas import plan_manager_of
from tests.public.test_engagement_browser import public_pages
from tests.public.test_html_validity import _check, _checker_command

pytestmark = pytest.mark.django_db


def test_the_new_pages_are_valid_html(client, settings, tmp_path):
    command = _checker_command()
    call_command("loaddata", "west_lancashire_2011_12", verbosity=0)
    plan = Plan.objects.get(slug="west-lancashire-2011-12")
    settings.DEFAULT_PARTNERSHIP_SLUG = plan.partnership.slug
    load_demo_engagement(plan)
    pages = {url: client.get(url) for url in public_pages(plan).values()}
    open_one = Consultation.objects.get(slug="demo-feeling-safe-after-dark")
    with_errors = client.post(open_one.get_absolute_url(), {})
    assert "There is a problem" in with_errors.content.decode()
    pages["form with errors"] = with_errors
    closed = Consultation.objects.get(slug="demo-what-should-we-focus-on")
    client.force_login(plan_manager_of(plan.partnership))
    url = reverse("admin:consultation_consultation_results", args=[closed.pk])
    pages[url] = client.get(url)

    files, errors = _check(command, pages, tmp_path)

    assert not errors, "\n".join(errors)
    assert len(files) == 11
