"""The audit trail of staff sign-in (issue 25): each sign-in and failed sign-in, sign-out,
second factor set up or removed, invitation, role given or taken away, partnership joined or
left, with who, when and from where (``SignInEvent``). Written from the signals Django, allauth
and the invitations send, so every way in is recorded the same, whichever page did it.

Leaving a partnership ends that person's sessions at once when they are left a member of no
partnership: their next request is signed out.
"""

from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.sessions.models import Session
from django.db.models.signals import m2m_changed
from django.utils import timezone

from cspplan import lockout, ratelimit
from cspplan.models import Partnership, SignInEvent

_USER_AGENT_LENGTH = SignInEvent._meta.get_field("user_agent").max_length


def _where(request) -> dict:
    if request is None or not hasattr(request, "META"):
        return {}
    address = ratelimit.address_for_lockout(request) or ""
    return {
        "address": address,
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:_USER_AGENT_LENGTH],
    }


def record(kind, *, request=None, user=None, actor=None, partnership=None, **fields):
    """Write one event. ``actor`` is left empty when it is the person themselves."""
    if actor is not None and user is not None and actor.pk == user.pk:
        actor = None
    return SignInEvent.objects.create(
        kind=kind,
        user=user,
        actor=actor,
        partnership=partnership,
        **_where(request),
        **fields,
    )


def _current_actor():
    """The user of the request being served, if any (simple_history keeps it), for changes
    made through the admin."""
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return (user if user is not None and user.is_authenticated else None), request


def _signed_in(sender, request, user, **kwargs):
    record(SignInEvent.Kind.SIGNED_IN, request=request, user=user)


def _sign_in_failed(sender, credentials, request=None, **kwargs):
    name = lockout.name_tried(request, credentials) or ""
    known = get_user_model().objects.filter(username=name).first() if name else None
    detail = "Wrong second-factor code." if credentials.get("second_factor") else ""
    record(
        SignInEvent.Kind.SIGN_IN_FAILED,
        request=request,
        user=known,
        name_tried=name[:254],
        detail=detail,
    )


def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(SignInEvent.Kind.SIGNED_OUT, request=request, user=user)


def _second_factor_added(sender, request, user, authenticator, **kwargs):
    record(
        SignInEvent.Kind.SECOND_FACTOR_ADDED,
        request=request,
        user=user,
        detail=authenticator.get_type_display(),
    )


def _second_factor_removed(sender, request, user, authenticator, **kwargs):
    record(
        SignInEvent.Kind.SECOND_FACTOR_REMOVED,
        request=request,
        user=user,
        detail=authenticator.get_type_display(),
    )


def _roles_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """User.groups changed, from either side (a user's groups, or a group's users)."""
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    kind = SignInEvent.Kind.ROLE_ADDED if action == "post_add" else SignInEvent.Kind.ROLE_REMOVED
    actor, request = _current_actor()
    if reverse:  # instance is a Group, pk_set users
        pairs = [(user, instance) for user in get_user_model().objects.filter(pk__in=pk_set)]
    else:
        pairs = [(instance, group) for group in Group.objects.filter(pk__in=pk_set)]
    for user, group in pairs:
        record(kind, request=request, user=user, actor=actor, detail=group.name)


def _membership_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Partnership.members changed, from either side."""
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    joined = action == "post_add"
    kind = SignInEvent.Kind.JOINED_PARTNERSHIP if joined else SignInEvent.Kind.LEFT_PARTNERSHIP
    actor, request = _current_actor()
    if reverse:  # instance is a user, pk_set partnerships
        pairs = [(instance, p) for p in Partnership.objects.filter(pk__in=pk_set)]
    else:
        pairs = [(user, instance) for user in get_user_model().objects.filter(pk__in=pk_set)]
    for user, partnership in pairs:
        record(kind, request=request, user=user, actor=actor, partnership=partnership)
        if not joined and not user.partnerships.exists():
            end_sessions(user)


def end_sessions(user) -> int:
    """Sign ``user`` out everywhere, now: every session of theirs is deleted."""
    from allauth.usersessions.models import UserSession

    keys = set(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key in keys or session.get_decoded().get("_auth_user_id") == str(
            user.pk
        ):
            session.delete()
            ended += 1
    UserSession.objects.filter(user=user).delete()
    return ended


def connect():
    user_logged_in.connect(_signed_in, dispatch_uid="cspplan-audit-signed-in")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="cspplan-audit-sign-in-failed")
    user_logged_out.connect(_signed_out, dispatch_uid="cspplan-audit-signed-out")
    authenticator_added.connect(_second_factor_added, dispatch_uid="cspplan-audit-mfa-added")
    authenticator_removed.connect(_second_factor_removed, dispatch_uid="cspplan-audit-mfa-removed")
    m2m_changed.connect(
        _roles_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="cspplan-audit-roles",
    )
    m2m_changed.connect(
        _membership_changed,
        sender=Partnership.members.through,
        dispatch_uid="cspplan-audit-membership",
    )


def retention_days() -> int:
    return settings.CSPPLAN_SIGN_IN_AUDIT_DAYS
