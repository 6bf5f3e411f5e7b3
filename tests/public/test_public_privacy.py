"""No personal data and nothing unpublished on any public page.

The test crawls the site as a resident would, from the home page, following every link to a
page of the site, and reads every text response (HTML, CSV, JSON): no officer's e-mail, no
resident's feedback details, no draft plan, no progress still awaiting approval. Archived plans
are public (past plans): the crawl reaches them, marked as such.
"""

import datetime
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

import pytest

from cspplan.models import Plan
from tests import factories
from tests.public_plan_builder import build_public_plan

pytestmark = pytest.mark.django_db

# Never crawled: the staff side, and files that are not text.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/dashboard/", "/staff/", "/my-actions/")
MAX_PAGES = 400


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _internal_links(base, html):
    parser = _Links()
    parser.feed(html)
    for href in parser.hrefs:
        href, _ = urldefrag(href)
        if not href or href.startswith(("mailto:", "tel:")):
            continue
        parsed = urlparse(href)
        if parsed.scheme or parsed.netloc:
            continue  # another site
        if parsed.path.startswith("/"):
            path = parsed.path
        else:
            path = base.rsplit("/", 1)[0] + "/" + parsed.path
        if path.startswith(SKIPPED_PREFIXES):
            continue
        yield path + (f"?{parsed.query}" if parsed.query else "")


def crawl(client, start="/"):
    """Every page reachable from ``start`` by following links: {url: response text}."""
    seen, queue, texts = {start}, deque([start]), {}
    while queue and len(texts) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith(
            ("text/", "application/json")
        ):
            continue
        texts[url] = response.content.decode("utf-8", errors="replace")
        if content_type.startswith("text/html"):
            for link in _internal_links(url, texts[url]):
                if link not in seen and "size=" not in link:
                    seen.add(link)
                    queue.append(link)
    return texts


@pytest.fixture
def site(settings):
    settings.DEFAULT_PARTNERSHIP_SLUG = "west-lancashire-csp"
    published = build_public_plan()
    draft = build_public_plan(
        partnership_slug="west-lancashire-csp", status=Plan.Status.DRAFT, label="DRAFTONLY"
    )
    # The draft is the newer plan of the same partnership: it must still not reach the home page.
    Plan.objects.filter(pk=draft.plan.pk).update(
        title="Partnership Plan 2012 to 2013 DRAFTONLY",
        period_start=datetime.date(2012, 4, 1),
        period_end=datetime.date(2013, 3, 31),
        target_date=datetime.date(2013, 3, 31),
    )
    archived = build_public_plan(
        partnership_slug="archived-csp", status=Plan.Status.ARCHIVED, label="ARCHIVEDONLY"
    )
    factories.FeedbackFactory(
        plan=published.plan, name="Margaret Resident", email="margaret@home.example.net"
    )
    return published, draft, archived


def test_the_crawl_reaches_every_kind_of_public_page(client, site):
    published, _, _ = site
    pages = crawl(client)
    for url in published.urls():
        assert url in pages, f"{url} is not reachable from the home page"


def test_no_public_page_shows_an_officers_email(client, site):
    pages = crawl(client)
    emails = [officer.email for built in site for officer in built.officers]
    assert all(emails)
    for url, text in pages.items():
        for email in emails:
            assert email not in text, f"{email} on {url}"
        assert "@agency.example.org" not in text, url


def test_no_public_page_shows_a_draft_plan(client, site):
    for url, text in crawl(client).items():
        assert "DRAFTONLY" not in text, url


def test_an_archived_plan_is_public_and_marked_as_a_past_plan(client, site):
    _, _, archived = site
    pages = crawl(client)
    for url in archived.urls()[3:]:
        assert url in pages, f"{url} of the past plan is not reachable"
        assert "Past plan" in pages[url], url


def test_no_public_page_shows_progress_awaiting_approval(client, site):
    for url, text in crawl(client).items():
        assert "123456" not in text, url
        assert "Unapproved note awaiting a plan manager" not in text, url


def test_no_public_page_shows_a_residents_feedback_details(client, site):
    for url, text in crawl(client).items():
        assert "Margaret Resident" not in text, url
        assert "margaret@home.example.net" not in text, url
