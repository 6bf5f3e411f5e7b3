"""Which language a page is read in, and which pages are offered in Welsh (issue 27).

The residents' pages live under ``i18n_patterns`` (``cspplan/urls.py``): English at the
addresses they always had, Welsh under ``/cy/`` with Welsh path words. The language comes from
the address only — never from the browser's Accept-Language or a cookie — so a page's address
says what it is, the page cache keeps each language under its own address, and staff pages and
the admin (not under ``i18n_patterns``) are always English. ``/en/...`` is answered with a
permanent redirect to the unprefixed English address: the English addresses already printed in
plans and board papers stay the one English address of each page (docs/welsh.md).

Only a bilingual partnership's pages are offered in Welsh. A page says which partnership it
belongs to (``page_of``); a Welsh address of an English-only partnership's page, or of a
site-wide page when no partnership on the site is bilingual, is redirected to the same page in
English, so a resident never reads Welsh menus around English-only content. The same rule
decides whether a page shows the link to its other language (``public_site.language_links``).
"""

from urllib.parse import urlsplit

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_from_path

ENGLISH = "en"
WELSH = "cy"

# ``lang`` and ``hreflang`` values: British English, and Welsh.
HTML_LANG = {ENGLISH: "en-GB", WELSH: "cy"}
# Each language's name in itself, as the switch shows it.
OWN_NAME = {ENGLISH: "English", WELSH: "Cymraeg"}

_PAGE_PARTNERSHIP = "_cspplan_page_partnership"


class NotOfferedInWelsh(Exception):
    """The page exists in English only: its partnership (or the site) is not bilingual."""


def site_offers_welsh():
    """Whether any partnership on this site publishes in Welsh and English: the site-wide pages
    (home, lists, search, the accessibility statement) are offered in Welsh only then."""
    from cspplan.models import Partnership

    return Partnership.objects.filter(languages=Partnership.WELSH_AND_ENGLISH).exists()


def offers_welsh(partnership=None):
    """Whether a page of ``partnership`` (None: a site-wide page) is offered in Welsh."""
    if partnership is None:
        return site_offers_welsh()
    return partnership.is_bilingual


def page_of(request, partnership):
    """Say that this page belongs to ``partnership``; read in Welsh, a page of a partnership
    that does not publish in Welsh is refused (the middleware answers with its English page)."""
    setattr(request, _PAGE_PARTNERSHIP, partnership)
    if translation.get_language() == WELSH and not offers_welsh(partnership):
        raise NotOfferedInWelsh


def page_offers_welsh(request):
    """Whether the page being drawn is offered in Welsh: its partnership's choice if the view
    named one (``page_of``), else the site's."""
    return offers_welsh(getattr(request, _PAGE_PARTNERSHIP, None))


def same_page_in(request, language):
    """This page's address (with its query) in ``language``, or None when it has none there."""
    here = request.get_full_path()
    there = translate_url(here, language)
    if there == here and translation.get_language() != language:
        return None  # the address did not resolve: nothing to link to
    return there


def html_lang():
    """The ``lang`` of the page being drawn: "cy" or "en-GB"."""
    return HTML_LANG.get(translation.get_language(), HTML_LANG[ENGLISH])


def _without_english_prefix(path):
    rest = path[len("/" + ENGLISH) :]
    return rest if rest.startswith("/") else "/" + rest


class LanguageMiddleware:
    """Read each request in the language its address names (``/cy/`` Welsh, else English).

    In place of Django's LocaleMiddleware, which would also read Accept-Language and a cookie:
    here the address alone decides (see the module docstring). The language is switched back
    when the response is done, so nothing after it (another test, the next request on the
    thread) inherits Welsh.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = get_language_from_path(request.path_info)
        if language == ENGLISH:
            query = request.META.get("QUERY_STRING", "")
            target = _without_english_prefix(request.path)
            return HttpResponsePermanentRedirect(target + (f"?{query}" if query else ""))
        language = language or ENGLISH
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", HTML_LANG[language])
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Every Welsh address is a residents' page: none is offered while no partnership is
        # bilingual (a page of a partnership is checked again, more narrowly, by ``page_of``).
        if request.LANGUAGE_CODE == WELSH and not site_offers_welsh():
            return self._in_english(request)
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, NotOfferedInWelsh):
            return self._in_english(request)
        return None

    def _in_english(self, request):
        english = same_page_in(request, ENGLISH)
        if english is None or urlsplit(english).path == request.path:
            english = "/"
        return HttpResponseRedirect(english)
