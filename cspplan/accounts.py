"""How django-allauth treats cspplan's staff (``ACCOUNT_ADAPTER``; docs/sign-in.md).

Nobody signs themselves up: a staff account is made by a superuser in the admin or by accepting
an invitation (cspplan/invitations.py), which says the partnership, the role and the agency. So
allauth's sign-up page always answers "sign-up is closed".
"""

from allauth.account.adapter import DefaultAccountAdapter


class StaffAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False
