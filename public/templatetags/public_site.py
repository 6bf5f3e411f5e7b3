"""Template helpers for the residents' pages: text size and the current page's navigation link."""

from django import template
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

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
