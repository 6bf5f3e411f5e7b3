"""The site's URLs and a trivial view: a response from the whole middleware stack and no more,
the fastest any Django page can be on this machine (benchmarks/settings.py only)."""

from django.http import HttpResponse
from django.urls import path

from cspplan.urls import urlpatterns as site_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *site_urlpatterns]
