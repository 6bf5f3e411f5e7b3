"""Create the three demonstration logins `make run` offers (development only).

- demo-officer: a partnership officer of Lancashire Fire and Rescue Service, linked to the seed
  plan's lead officer John Buck (Officer.user), so "my actions" shows LFRS's actions;
- demo-manager: a plan manager, a member of the default partnership
  (settings.DEFAULT_PARTNERSHIP_SLUG) so that they manage its plans (a plan manager of no
  partnership manages nothing);
- demo-chair: the chair (dashboard, read only), a member of the default partnership too.

All three are staff (they use the Django admin). Passwords are never in the repository: one shared
password from CSPPLAN_DEMO_PASSWORD, or a random one per user, printed once when the user is
created. Running the command again leaves existing users' passwords alone and prints none.

The plan manager and the chair need a second factor before any staff page
(cspplan/second_factor.py), so each is given an authenticator (TOTP) secret when created,
printed once beside its password: add it to an authenticator app, or print the current code
with ``manage.py demo_code NAME`` (development only). They go through the same second-factor
step as everyone else: no setting exempts them, so nothing that could be left on in production
skips the second factor.
"""

import os
import secrets
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from cspplan import roles, second_factor
from cspplan.models import Officer, Partnership

PASSWORD_VARIABLE = "CSPPLAN_DEMO_PASSWORD"
DEMO_OFFICER_SLUG = "john-buck"  # LFRS's lead officer in the seed plan (Objectives 6 and 7)


@dataclass(frozen=True)
class DemoUser:
    username: str
    group: str
    first_name: str
    last_name: str
    officer_slug: str = ""
    member_of_default_partnership: bool = False


DEMO_USERS = (
    DemoUser(
        "demo-officer", roles.PARTNERSHIP_OFFICERS, "Demo", "Officer (LFRS)", DEMO_OFFICER_SLUG
    ),
    DemoUser(
        "demo-manager",
        roles.PLAN_MANAGERS,
        "Demo",
        "Plan manager",
        member_of_default_partnership=True,
    ),
    DemoUser("demo-chair", roles.CHAIR, "Demo", "Chair", member_of_default_partnership=True),
)


@dataclass(frozen=True)
class Outcome:
    username: str
    created: bool
    password: str | None  # only when generated here, to be shown once
    note: str = ""
    totp_secret: str | None = None  # only when set up here, to be shown once


@transaction.atomic
def ensure_demo_user(*, spec: DemoUser, shared_password: str | None) -> Outcome:
    """Create ``spec``'s user if missing (never touching an existing user's password), put it in
    its group and link its officer record."""
    # get_or_create: a data migration may already have made the group with its permissions.
    group, _ = Group.objects.get_or_create(name=spec.group)
    user_model = get_user_model()
    user = user_model.objects.filter(username=spec.username).first()
    generated = None
    created = user is None
    if created:
        password = shared_password or secrets.token_urlsafe(12)
        generated = None if shared_password else password
        user = user_model.objects.create_user(
            username=spec.username,
            password=password,
            first_name=spec.first_name,
            last_name=spec.last_name,
            is_staff=True,
        )
    elif not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(group)
    user = user_model.objects.get(pk=user.pk)  # forget the cached group names

    totp_secret = _give_second_factor(user) if created else None
    notes = []
    if spec.member_of_default_partnership:
        notes.append(_join_default_partnership(user))
    if spec.officer_slug:
        notes.append(_link_officer(user, spec.officer_slug))
    return Outcome(spec.username, created, generated, "; ".join(notes), totp_secret)


def _give_second_factor(user) -> str | None:
    """An authenticator-app secret for a demo user whose role needs a second factor."""
    if not second_factor.role_needs_second_factor(user):
        return None
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return None
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _join_default_partnership(user) -> str:
    slug = settings.DEFAULT_PARTNERSHIP_SLUG
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        return f"partnership {slug!r} not found (load the seed plan first); not a member of any"
    partnership.members.add(user)  # adding an existing member changes nothing
    return f"member of {partnership}"


def _link_officer(user, officer_slug: str) -> str:
    officer = Officer.objects.filter(slug=officer_slug).first()
    if officer is None:
        return f"officer {officer_slug!r} not found (load the seed plan first)"
    if officer.user_id not in (None, user.pk):
        return f"officer {officer} is already linked to another login; left as it is"
    if officer.user_id is None:
        officer.user = user
        officer.save(update_fields=["user"])
    return f"linked to officer {officer}, {officer.organisation or 'no organisation'}"


class Command(BaseCommand):
    help = "Create the demo officer (LFRS), plan manager and chair logins, if missing."

    def handle(self, *args, **options):
        shared_password = os.environ.get(PASSWORD_VARIABLE) or None
        for spec in DEMO_USERS:
            outcome = ensure_demo_user(spec=spec, shared_password=shared_password)
            line = f"{outcome.username} ({spec.group})"
            if outcome.note:
                line += f": {outcome.note}"
            if outcome.totp_secret:
                self.stdout.write(
                    f"{spec.username}: second factor (authenticator app) secret "
                    f"{outcome.totp_secret}; current code: manage.py demo_code {spec.username}"
                )
            if not outcome.created:
                self.stdout.write(f"{line}. Already exists; password unchanged.")
            elif outcome.password:
                self.stdout.write(
                    self.style.SUCCESS(f"{line}. Created with password: {outcome.password}")
                    + " (shown once; store it now)"
                )
            else:
                self.stdout.write(
                    self.style.SUCCESS(f"{line}. Created with the password in {PASSWORD_VARIABLE}.")
                )
