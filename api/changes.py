"""When published data last changed: ``updated_since`` and ``Last-Modified``.

Every plan record keeps its history (django-simple-history), deletions included, so "changed
since" is read from the history tables rather than from a timestamp column on each model: a
record changed at or after a moment when one of its historical rows is dated then or later.
"""

import datetime

from django.db.models import Max
from django.utils import timezone

from cspplan.models import Plan


def changed_since(model, since):
    """Primary keys of ``model``'s rows with a historical row dated ``since`` or later."""
    return model.history.filter(history_date__gte=since).values("id")


def last_changed(models, *, judged_on=None):
    """The latest change among the history of ``models`` (one query each, and one for the
    public plans' publishing dates), or, for data whose
    statuses are judged as at today (``judged_on``: RAG moves with the calendar while a plan
    runs), the start of that day if later. None when nothing has any history."""
    dates = [model.history.aggregate(latest=Max("history_date"))["latest"] for model in models]
    # A plan loaded from a fixture (the seed plan) has no history: its publishing dates stand in.
    dates += Plan.objects.public().aggregate(Max("published_at"), Max("archived_at")).values()
    if judged_on is not None:
        start = datetime.datetime.combine(judged_on, datetime.time.min)
        dates.append(timezone.make_aware(start))
    dates = [date for date in dates if date is not None]
    return max(dates) if dates else None
