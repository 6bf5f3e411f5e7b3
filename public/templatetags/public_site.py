"""Template helpers for the residents' pages: text size and the current page's navigation link."""

from django import template
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cspplan import languages
from public.caching import TEXT_SIZE_PARAM, text_size

register = template.Library()


@register.simple_tag(takes_context=True)
def current_text_size(context):
    request = context.get("request")
    return text_size(request) if request is not None else "standard"


@register.simple_tag(takes_context=True)
def text_size_url(context, size):
    """This page's address with ?size=<size>, keeping any other parameters (e.g. a search)."""
    request = context.get("request")
    if request is None:
        return f"?{urlencode({TEXT_SIZE_PARAM: size})}"
    params = request.GET.copy()
    params[TEXT_SIZE_PARAM] = size
    return f"{request.path}?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def aria_current(context, url):
    """' aria-current="page"' on the navigation link to the page being shown, else ''."""
    request = context.get("request")
    if request is not None and url and request.path == url:
        return mark_safe(' aria-current="page"')
    return ""


@register.simple_tag
def page_lang():
    """The page's ``lang``: "cy" on a Welsh page, "en-GB" on every other."""
    return languages.html_lang()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """The page in each language it is offered in, for ``<link rel="alternate" hreflang>`` and
    the switch: a list of {code, hreflang, name, url, absolute_url, current}. Empty when the page
    is in English only (its partnership, or the site, publishes in English only)."""
    request = context.get("request")
    if request is None:
        return []
    if not hasattr(request, "_cspplan_language_versions"):
        request._cspplan_language_versions = _language_versions(request)
    return request._cspplan_language_versions


def _language_versions(request):
    if not languages.page_offers_welsh(request):
        return []
    current = get_language()
    versions = []
    for code in (languages.ENGLISH, languages.WELSH):
        url = languages.same_page_in(request, code)
        if url is None:
            return []
        versions.append(
            {
                "code": code,
                "hreflang": languages.HTML_LANG[code],
                "name": languages.OWN_NAME[code],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    return versions
