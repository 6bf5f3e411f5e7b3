"""The root URLconf: the one module of the core that names the apps above it."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from cspplan import accounts, health, invitation_views, views
from public import views as public_views

# The residents' site, in English at the addresses it always had and in Welsh under /cy/ with
# Welsh path words, for a bilingual partnership's pages (cspplan/languages.py, docs/welsh.md).
# Translators: the path words of addresses: lower case, hyphens, no accents, keep the slashes.
residents_site = [
    path("", public_views.home, name="home"),
    path(_("plans/"), include("public.urls")),
    path(_("partnerships/"), public_views.partnership_list, name="partnerships"),
    path(
        _("partnerships/<slug:partnership_slug>/"),
        public_views.partnership_detail,
        name="partnership",
    ),
    path(_("search/"), public_views.search, name="search"),
    path(_("have-your-say/"), include("public.have_your_say_urls")),
    path(_("engagement/"), include("public.engagement_urls")),
    path(_("consultations/"), include("public.consultation_urls")),
    path(_("you-said-we-did/"), include("public.you_said_we_did_urls")),
    path(_("accessibility/"), public_views.accessibility_statement, name="accessibility"),
    # Following by e-mail (issue 28).
    path(_("follow/"), include("notices.urls")),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/v1/", include("api.urls")),
    path("staff/", views.staff_home, name="staff_home"),
    path("dashboard/", include("dashboard.urls")),
    path("my-actions/", include("actions.urls")),
    # Staff's choice of notices and what they follow (/notices/): issue 28.
    path("notices/", include("notices.staff_urls")),
    # The plan importer's pages sit inside the admin, beside the plan list they import into.
    path("admin/cspplan/plan/import/", include("importer.urls")),
    # Next year's plan from this one (issue 13): the form behind the plan list's action.
    path("admin/cspplan/plan/rollover/", include("dashboard.rollover_urls")),
    # police.uk crime counts (issue 15), beside the measurements they become.
    path("admin/objectives/measurement/police-uk/", include("importer.police_uk_urls")),
    # Staff sign-in (django-allauth; docs/sign-in.md): sign in, password reset, second factor,
    # sessions. The admin's own sign-in page sends people to it, keeping "next".
    path("accounts/invitation/<str:token>/", invitation_views.accept, name="invitation_accept"),
    # The sign-in page, sending staff of an organisation with its own provider there.
    path("accounts/login/", accounts.sign_in, name="account_login"),
    path("accounts/", include("allauth.urls")),
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="admin_login_moved",
    ),
    path("admin/", admin.site.urls),
    *i18n_patterns(*residents_site, prefix_default_language=False),
]

# The database unreachable: a 503 page with Retry-After instead of a 500 (cspplan/outage.py).
handler500 = "cspplan.outage.server_error"
