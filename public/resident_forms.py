"""The view half of every public form (the form half is ``cspplan.public_forms.ResidentForm``):
posts are limited per client address through the cache (``cspplan.ratelimit``), with a 429 page
saying what happened and when to try again; reading the form is never limited.

    @takes_resident_posts("feedback")
    @require_http_methods(["GET", "HEAD", "POST"])
    def have_your_say(request): ...

A scope is a key of ``settings.RATE_LIMITS`` (``CSPPLAN_RATE_<SCOPE>``) with its message in
``cspplan.ratelimit.MESSAGES``; a new form may share "feedback" (one budget of posts for every
way a resident writes to the partnership) or add its own.
"""

from cspplan.ratelimit import rate_limited


def takes_resident_posts(scope: str = "feedback"):
    return rate_limited(scope, methods=("POST",))
