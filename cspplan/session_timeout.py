"""Staff sign-ins end after a spell of inactivity (``SESSION_COOKIE_AGE``, from
``CSPPLAN_SESSION_IDLE_MINUTES``) and when the browser closes (``SESSION_EXPIRE_AT_BROWSER_CLOSE``).

A session's expiry is set each time it is saved, so an officer at work must have it saved now
and then. Saving on every request (``SESSION_SAVE_EVERY_REQUEST``) would be one more database
write per page; ``IdleTimeoutMiddleware`` renews a signed-in session at most once a minute
instead, so it ends between ``SESSION_COOKIE_AGE`` and that plus a minute after the last request.
Signing in stamps the session (``stamp_sign_in``), so the first page after it writes nothing.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in

RENEWED_KEY = "_cspplan_renewed"
RENEW_EVERY_SECONDS = 60


def renew_every_seconds() -> int:
    # The test settings lengthen it, so that a test counting a page's queries never sees a
    # renewal because its own set-up took a minute on a busy machine.
    return getattr(settings, "SESSION_RENEW_SECONDS", RENEW_EVERY_SECONDS)


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key and SESSION_KEY in session:
            now = int(time.time())
            renewed = session.get(RENEWED_KEY)
            if not isinstance(renewed, int) or now - renewed >= renew_every_seconds():
                session[RENEWED_KEY] = now  # saved at the end, with a fresh expiry
        return self.get_response(request)


def stamp_sign_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        session[RENEWED_KEY] = int(time.time())


user_logged_in.connect(stamp_sign_in, dispatch_uid="cspplan-session-renewed-at-sign-in")
