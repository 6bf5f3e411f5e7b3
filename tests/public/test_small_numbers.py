"""A sensitive measure's small count never reaches a public surface (progress/disclosure.py).

The plan holds an invented sensitive measure whose quarterly counts are 3, 12, 9 and 10, with
the year's total beside them. Every public surface — each page the crawl reaches, both feeds,
the open-data downloads (CSV, Excel, JSON, Word, the PDF's HTML) and the comparison with another
year — is read twice: once as stored, once with the 3 changed to 1 (and the year's total with
it). Nothing public may differ, so neither the 3 nor the total that would give it away is
published anywhere; staff still see the 3.
"""

import base64
import datetime
import io
import re
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from objectives.models import ApprovalStatus, Measure, Measurement
from public.exports.pdf import delivery_plan_html
from tests import factories
from tests.personas import plan_manager_of
from tests.public.test_public_privacy import crawl
from tests.public.test_public_queries import PAGES, SIZES
from tests.public_plan_builder import build_public_plan

pytestmark = pytest.mark.django_db

NAME = "Invented sensitive count"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
CHART = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")
CHART_ID = re.compile(r"chart-[0-9a-f-]{36}")
QUARTERS = [
    ("Q1 2011/12", datetime.date(2011, 4, 1), datetime.date(2011, 6, 30), 3),
    ("Q2 2011/12", datetime.date(2011, 7, 1), datetime.date(2011, 9, 30), 12),
    ("Q3 2011/12", datetime.date(2011, 10, 1), datetime.date(2011, 12, 31), 9),
    ("Q4 2011/12", datetime.date(2012, 1, 1), datetime.date(2012, 3, 31), 10),
]


@pytest.fixture
def site(settings):
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    built = build_public_plan()
    later = build_public_plan(label="LATER")
    target = built.targets[0]
    measure = factories.MeasureFactory(
        target=target, order=9, name=NAME, sensitive=True,
        baseline_value=Decimal("40"), baseline_wording="40", target_value=Decimal("30"),
        target_wording="30",
    )  # fmt: skip
    approved = {"status": ApprovalStatus.APPROVED, "approved_at": timezone.now()}
    for label, start, end, value in QUARTERS:
        factories.MeasurementFactory(
            measure=measure, period_label=label, period_start=start, period_end=end,
            value=Decimal(value), note=f"{value} incidents this quarter", **approved,
        )  # fmt: skip
    factories.MeasurementFactory(
        measure=measure, period_label="2011/12", period_start=QUARTERS[0][1],
        period_end=QUARTERS[-1][2], value=Decimal(34), **approved,
    )  # fmt: skip
    # The same measure a year on, so the comparison page shows its outturn.
    factories.MeasureFactory(target=later.targets[0], order=9, name=NAME, sensitive=True)
    return built, later, measure


def _documents(client, built, later):
    """Every public text: the crawl, then the feeds, downloads and comparison by address."""
    cache.clear()
    texts = crawl(client)
    slug, other = built.plan.slug, later.plan.slug
    addresses = [
        reverse("plans:updates_feed", args=[slug]),
        *[reverse("plans:objective_updates_feed", args=[slug, o.number]) for o in built.objectives],
        reverse("plans:delivery_plan", args=[slug]),
        reverse("plans:delivery_plan_csv", args=[slug]),
        reverse("plans:delivery_plan_json", args=[slug]),
        reverse("plans:compare", args=[slug, other]),
        reverse("plans:compare", args=[other, slug]),
        reverse("plans:compare_csv", args=[slug, other]),
    ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        texts[address] = response.getvalue().decode()
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("plans:delivery_plan_xlsx", args=[slug])).getvalue())
    )
    texts["xlsx"] = repr([list(sheet.values) for sheet in workbook])
    document = docx.Document(
        io.BytesIO(client.get(reverse("plans:delivery_plan_docx", args=[slug])).getvalue())
    )
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    texts["docx"] = repr([p.text for p in document.paragraphs] + cells)
    texts["pdf"] = delivery_plan_html(built.plan)
    return {address: _steady(text) for address, text in texts.items()}


def _steady(text):
    """What differs from one request to the next whatever the figures: a form's CSRF token,
    and the random id inside each chart (the chart itself is compared, decoded)."""
    text = CSRF.sub("", text)
    return CHART.sub(lambda m: CHART_ID.sub("", base64.b64decode(m[1]).decode()), text)


def test_no_public_surface_depends_on_the_small_count_or_the_total_that_reveals_it(client, site):
    built, later, measure = site
    with_three = _documents(client, built, later)
    assert any(NAME in text for text in with_three.values())
    assert any("Fewer than 5" in text or "fewer than 5" in text for text in with_three.values())
    Measurement.objects.filter(measure=measure, value=3).update(value=1, note="1 incidents")
    Measurement.objects.filter(measure=measure, value=34).update(value=32)
    with_one = _documents(client, built, later)
    assert with_three.keys() == with_one.keys()
    for address, text in with_three.items():
        assert text == with_one[address], f"{address} shows the small count or its total"


def test_the_objective_page_says_fewer_than_5_and_withheld(client, site):
    built, _, _ = site
    page = client.get(reverse("plans:objective", args=[built.plan.slug, 1])).content.decode()
    assert '<th scope="row">Q1 2011/12</th><td>fewer than 5</td>' in " ".join(page.split())
    assert '<th scope="row">2011/12</th><td>withheld</td>' in " ".join(page.split())
    assert "incidents this quarter" not in page


def test_the_open_data_json_has_null_values_and_says_why(client, site):
    built, _, _ = site
    data = client.get(reverse("plans:delivery_plan_json", args=[built.plan.slug])).json()
    measures = [m for o in data["objectives"] for t in o["targets"] for m in t["measures"]]
    (sensitive,) = [m for m in measures if m["name"] == NAME]
    assert sensitive["sensitive"] is True
    by_label = {m["period_label"]: m for m in sensitive["measurements"]}
    assert by_label["Q1 2011/12"]["value"] is None
    assert by_label["Q1 2011/12"]["withheld"] == "fewer than 5"
    assert by_label["2011/12"]["value"] is None
    assert by_label["Q2 2011/12"]["value"] == "12"
    assert by_label["Q2 2011/12"]["withheld"] is None


def test_staff_see_the_real_figures(client, site):
    built, _, _ = site
    client.force_login(plan_manager_of(built.plan.partnership))
    page = client.get(reverse("dashboard:objective", args=[built.plan.slug, 1])).content.decode()
    flat = " ".join(page.split())
    assert '<th scope="row">Q1 2011/12</th><td>3</td>' in flat
    assert '<th scope="row">2011/12</th><td>34</td>' in flat


def test_a_plan_may_publish_every_count(client, site):
    built, _, _ = site
    built.plan.suppression_threshold = 1
    built.plan.save()
    cache.clear()
    page = client.get(reverse("plans:objective", args=[built.plan.slug, 1])).content.decode()
    assert '<th scope="row">Q1 2011/12</th><td>3</td>' in " ".join(page.split())


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", PAGES)
def test_withholding_small_counts_costs_no_extra_queries(
    client, settings, django_assert_num_queries, page, size
):
    """Every measure sensitive and every approved figure small: each page costs what it costs
    without them (tests/public/test_public_queries.py), at both sizes."""
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    built = build_public_plan(**SIZES[size])
    Measure.objects.update(sensitive=True)
    Measurement.objects.filter(status=ApprovalStatus.APPROVED).update(value=3)
    url_for, expected = PAGES[page]
    cache.clear()
    with django_assert_num_queries(expected):
        response = client.get(url_for(built))
    assert response.status_code == 200
    if page == "objective":
        assert "fewer than 5" in response.content.decode()
