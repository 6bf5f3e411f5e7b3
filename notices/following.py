"""Following by e-mail: a resident asks (no account), confirms by a signed link sent to the
address (double opt-in), and unsubscribes in one click from any message; staff follow as
themselves from "my actions" and the preferences page.

- What may be followed: a plan the public may read (``Plan.objects.public()``: never a draft,
  and so never an internal plan), one of its objectives or one of its actions.
- The confirmation link carries the follow's secret (``Follow.uid``), signed, for
  ``CONFIRM_DAYS`` days; it works once (a confirmed follow is not confirmed again). A second
  request for the same address and thing sends no second e-mail: nobody can use the form to
  flood an inbox.
- The unsubscribe link never expires: it deletes the follow, and with it the address. The
  manage link (the same secret) changes how often and the language of the e-mails.
- A resident's e-mails are written in the language of the page they followed from
  (``Follow.language``), their links open pages in it; staff's in their own preference.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notices.models import Follow
from outbox import sending

CONFIRM_DAYS = 7
_CONFIRM_SALT = "notices.follow.confirm"
_UNSUBSCRIBE_SALT = "notices.follow.unsubscribe"


class LinkProblem(Exception):
    """A confirm or unsubscribe link that cannot be used; the message says why."""


def confirm_token(follow: Follow) -> str:
    return signing.dumps(str(follow.uid), salt=_CONFIRM_SALT)


def unsubscribe_token(follow: Follow) -> str:
    return signing.dumps(str(follow.uid), salt=_UNSUBSCRIBE_SALT)


def _link(follow: Follow, name: str, *args) -> str:
    """A link of an e-mail to ``follow``'s address: the page in the language of its e-mails
    (``/cy/dilyn/…`` for a Welsh follower)."""
    with translation.override(follow.email_language):
        return settings.SITE_URL + reverse(name, args=args)


def unsubscribe_url(follow: Follow) -> str:
    return _link(follow, "notices:unsubscribe", unsubscribe_token(follow))


def manage_url(follow: Follow) -> str:
    """Where a resident changes how often and in which language (the unsubscribe link's secret:
    it never expires either)."""
    return _link(follow, "notices:manage", unsubscribe_token(follow))


def unsubscribe_headers(follow: Follow) -> dict:
    """RFC 2369 and RFC 8058: a mail client's own "unsubscribe" button POSTs to the link."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(follow)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def follow_page_url(follow: Follow) -> str:
    """The public page of what is followed (an action's is its objective's page, at the
    action)."""
    if follow.action_id:
        target = follow.action.target
        return (
            _link(follow, "plans:objective", follow.plan.slug, target.objective.number)
            + f"#action-{target.order}-{follow.action.order}"
        )
    if follow.objective_id:
        return _link(follow, "plans:objective", follow.plan.slug, follow.objective.number)
    return _link(follow, "plans:detail", follow.plan.slug)


def ask_to_follow(
    *, email: str, plan, objective=None, action=None, frequency: str, language: str = "en"
) -> Follow:
    """A resident's request: a follow waiting for its confirmation, and the e-mail asking for
    it (only the first time this address asks for this thing), in ``language``: that of the
    page they asked from."""
    email = email.strip().lower()
    with transaction.atomic():
        follow, created = Follow.objects.get_or_create(
            email=email,
            plan=plan,
            objective=objective,
            action=action,
            defaults={"frequency": frequency, "language": language},
        )
        if not created and follow.confirmed_at is None:
            follow.frequency, follow.language = frequency, language
            follow.save(update_fields=["frequency", "language"])
    if follow.confirmed_at is None:
        sending.send(
            key=f"follow-confirm:follow-{follow.pk}",
            to=email,
            message=sending.render_message(
                "follow_confirm",
                {
                    "follow": follow,
                    "link": _link(follow, "notices:confirm", confirm_token(follow)),
                    "days": CONFIRM_DAYS,
                },
                language=follow.language,
            ),
        )
    return follow


def _follow_from(token: str, salt: str, max_age=None) -> Follow:
    try:
        uid = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkProblem(
            _("This link has expired: it worked for %(days)s days. Ask to follow again.")
            % {"days": CONFIRM_DAYS}
        ) from error
    except signing.BadSignature as error:
        raise LinkProblem(
            _("This link is not complete or not ours. Copy it again from the e-mail.")
        ) from error
    follow = (
        Follow.objects.select_related("plan__partnership", "objective", "action")
        .filter(uid=uid)
        .first()
    )
    if follow is None:
        raise LinkProblem(_("You no longer follow this: nothing is sent to this address."))
    return follow


def follow_for_confirmation(token: str) -> Follow:
    return _follow_from(token, _CONFIRM_SALT, max_age=datetime.timedelta(days=CONFIRM_DAYS))


def confirm(token: str, *, now=None) -> Follow:
    """Confirm the follow of a confirmation link; the link works once."""
    follow = follow_for_confirmation(token)
    with transaction.atomic():
        follow = Follow.objects.select_for_update().get(pk=follow.pk)
        if follow.confirmed_at is not None:
            raise LinkProblem(_("This link has been used: you already follow this."))
        now = now or timezone.now()
        follow.confirmed_at = follow.digest_from = now
        follow.save(update_fields=["confirmed_at", "digest_from"])
    return follow


def follow_for_unsubscribe(token: str) -> Follow:
    return _follow_from(token, _UNSUBSCRIBE_SALT)


def change(follow: Follow, *, frequency: str, language: str) -> Follow:
    """A follower's new choice of how often and of the language of their e-mails."""
    follow.frequency, follow.language = frequency, language
    follow.save(update_fields=["frequency", "language"])
    return follow


def unsubscribe(token: str) -> Follow:
    """Stop following: the follow and its address are deleted."""
    follow = follow_for_unsubscribe(token)
    Follow.objects.filter(pk=follow.pk).delete()
    return follow


def staff_follow(*, user, action=None, objective=None, plan=None, frequency=None) -> Follow:
    """A member of staff follows as themselves: no confirmation (their address is their
    account's)."""
    plan = plan or (action.target.objective.plan if action else objective.plan)
    follow, _ = Follow.objects.get_or_create(
        user=user,
        plan=plan,
        objective=objective,
        action=action,
        defaults={
            "frequency": frequency or Follow.Frequency.DAILY,
            "confirmed_at": timezone.now(),
            "digest_from": timezone.now(),
        },
    )
    return follow
