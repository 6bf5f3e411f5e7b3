"""The delivery plan as a PDF, made with WeasyPrint from ``templates/pdf/delivery_plan.html``.

WeasyPrint must never reach the network (the server may have none, and a URL in officer text must
not make the server fetch it): the stylesheet is inlined and ``LocalOnlyFetcher`` refuses
everything but files inside the app's static directories.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from documents.pdf import write_pdf
from public.exports.layout import delivery_plan_tables

TEMPLATE = "pdf/delivery_plan.html"


class LocalOnlyFetcher(URLFetcher):
    """Serves ``file:`` URLs inside a static directory; refuses every other URL."""

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise ValueError(f"The PDF may not fetch {url!r}: only local static files.")
        path = Path(unquote(parsed.path)).resolve()
        roots = [Path(root).resolve() for root in _static_roots()]
        if not any(path.is_relative_to(root) for root in roots) or not path.is_file():
            raise ValueError(f"The PDF may not read {path}: it is not a static file.")
        return URLFetcherResponse(url, body=path.read_bytes())


def _static_roots():
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                yield location


def page_numbers_css() -> str:
    """The value of the CSS ``content`` that numbers each page, "Page 3 of 12", in the active
    language: the catalogue's sentence with CSS counters where its numbers go."""
    parts = re.split(r"%\((page|pages)\)s", gettext("Page %(page)s of %(pages)s"))
    values = []
    for index, part in enumerate(parts):
        if index % 2:  # a placeholder's name: "page" or "pages"
            values.append(f"counter({part})")
        elif part:
            text = part.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
            values.append(f'"{text}"')
    return " ".join(values)


def delivery_plan_html(plan) -> str:
    """The HTML the PDF is made from (autoescaped like every page), in the active language."""
    return render_to_string(
        TEMPLATE,
        {
            "plan": plan,
            "tables": delivery_plan_tables(plan),
            "page_numbers": page_numbers_css(),
        },
    )


def delivery_plan_document(plan):
    """The laid-out WeasyPrint document: its ``pages`` can be counted and inspected."""
    return HTML(string=delivery_plan_html(plan), url_fetcher=LocalOnlyFetcher()).render()


def delivery_plan_pdf(plan) -> bytes:
    return write_pdf(delivery_plan_document(plan))
