"""Two years of one partnership's plan, and the pages that show years and partnerships (issue
13), for the page-wide tests: accessibility, HTML validity, reflow."""

import datetime

from django.urls import reverse

from progress.rollover import next_title, roll_over


def next_year(plan, *, archive_old=True):
    """Roll ``plan`` over into next year's plan, publish it, and archive ``plan``."""
    new = roll_over(
        plan,
        title=next_title(plan.title),
        start=plan.period_end + datetime.timedelta(days=1),
        end=plan.period_end.replace(year=plan.period_end.year + 1),
    ).plan
    new.publish()
    new.save()
    if archive_old:
        plan.archive()
        plan.save()
    return new


def year_pages(old, new):
    """The pages that show more than one year: {name: address}."""
    return {
        "past plan": old.get_absolute_url(),
        "plan with other years": new.get_absolute_url(),
        "compare two years": reverse("plans:compare", args=[new.slug, old.slug]),
        "partnerships": reverse("partnerships"),
        "partnership": reverse("partnership", args=[new.partnership.slug]),
    }
