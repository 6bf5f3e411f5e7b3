"""Who may do what. The groups are created by a data migration; these helpers are the one place
that says what each group means, so views, admin and importers ask the same question.

- Partnership officers: edit the actions, measurements and updates of their own organisation.
- Plan managers: everything in the plans of the partnerships they are a member of, including
  publishing.
- Chair: reads everything of the partnerships they are a member of, sees their dashboard, edits
  nothing.
- County readers (e.g. the Safer Lancashire Board): read every partnership's published progress
  on the dashboard and the board report, for every public plan (``Plan.objects.public``), and
  nothing else: no draft plan, no progress awaiting approval, no approval queue, nothing to
  change, no model in the admin (the group has no model permissions).
"""

PARTNERSHIP_OFFICERS = "Partnership officers"
PLAN_MANAGERS = "Plan managers"
CHAIR = "Chair"
COUNTY_READERS = "County readers"
ALL_ROLES = (PARTNERSHIP_OFFICERS, PLAN_MANAGERS, CHAIR, COUNTY_READERS)


def _in_group(user, name):
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    # Cache the user's group names on the instance: templates and admin ask many times per page.
    names = getattr(user, "_cspplan_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._cspplan_group_names = names
    return name in names


def is_plan_manager(user):
    return bool(user and user.is_authenticated and user.is_superuser) or _in_group(
        user, PLAN_MANAGERS
    )


def is_chair(user):
    return _in_group(user, CHAIR)


def is_partnership_officer(user):
    return _in_group(user, PARTNERSHIP_OFFICERS)


def is_county_reader(user):
    return _in_group(user, COUNTY_READERS)


def can_see_dashboard(user):
    return is_plan_manager(user) or is_chair(user) or is_county_reader(user)


def reads_own_partnerships(user):
    """Plan managers (and superusers) and the chair: the people of the partnerships they are a
    member of, who read their plans' progress awaiting approval too."""
    return is_plan_manager(user) or is_chair(user)


def officer_organisation(user):
    """The organisation a partnership officer works for (via their Officer record), or None."""
    if user is None or not user.is_authenticated:
        return None
    officer = getattr(user, "officer", None)
    return officer.organisation if officer is not None else None


def home_url_name(user):
    """The URL name of the page each role starts from after signing in (and the public pages'
    "Staff pages" link): a plan manager the admin, the chair the dashboard (the admin is read
    only to them), a county reader the dashboard (the admin holds nothing for them), an officer
    their actions; anyone else with a staff login the admin."""
    if user is None or not user.is_authenticated:
        return "home"
    if is_plan_manager(user):
        return "admin:index"
    if is_chair(user) or is_county_reader(user):
        return "dashboard:index"
    if getattr(user, "officer", None) is not None:
        return "my_actions:index"
    return "admin:index" if user.is_staff else "home"
