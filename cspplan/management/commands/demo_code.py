"""Print a demo login's current second-factor code (development only: DEBUG must be on, and only
the demo logins of create_demo_users), so `make run`'s plan manager and chair can sign in
without an authenticator app."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cspplan.management.commands.create_demo_users import DEMO_USERS
from cspplan.second_factor import current_totp_code


class Command(BaseCommand):
    help = "Print a demo login's current authenticator code (development only)."

    def add_arguments(self, parser):
        parser.add_argument("username", choices=[spec.username for spec in DEMO_USERS])

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code is for development only (DJANGO_DEBUG=true).")
        authenticator = Authenticator.objects.filter(
            user__username=username, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"{username} has no authenticator app set up.")
        self.stdout.write(current_totp_code(authenticator))
