"""The chair's dashboard drawn once per version of the plan's content, and kept.

The dashboard assesses every measure and action of the plan (``progress.rag.assess_plan``),
scores accountability and lays out several hundred rows: about a second at county scale. What
it shows does not depend on who is looking, only on

- the plan and the day it is judged as at (``?as_at=``, else ``Plan.reporting_day``);
- whether the reader is told how much waits for approval (``shows_pending``: a county reader is
  not, and sees accountability from approved progress only);
- the filters asked for (only the parameters the page reads: anything else would fill the
  cache), and the language it is read in (its statuses and counts are in the reader's words);
- the content version (``documents.kinds.current_version``, registered by ``public/apps.py``:
  ``public.caching.content_version``), the version the residents' pages and the documents are
  kept under. It changes on every save, delete and many-to-many change of a record of the
  plan's apps, whoever makes it (an officer's update, an approval, the admin, an import, a
  rollover, a reminder sent), with the newest history row, and with today's date (an action
  becomes overdue, an update "days ago" grows, with no edit at all) and the code release.

So the two drawn parts (``plan_summary.html``, ``plan_sections.html``) are kept in the cache
under those, and a request whose parts are kept only reads the version (one query). What
depends on the person (the plans they may choose, the frozen reports they may download and
freeze) is drawn around them on every request. With no shared cache (``CACHE_URL=dummy://``)
every request draws afresh; ``tests/dashboard/test_dashboard_drawn.py`` and the stateful test
prove a kept dashboard reads as one drawn afresh.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from dashboard.feedback import quarter_feedback
from dashboard.overview import build_dashboard, judged_day_words
from documents import kinds

KEY_PREFIX = "cspplan:dashboard"
# Old versions are never read again; this only bounds how long they occupy the cache.
TIMEOUT_SECONDS = 60 * 60
# The query parameters the dashboard reads (the "as at" day and the filters).
PARAMETERS = ("as_at", "objective", "agency", "officer", "status")


@dataclass(frozen=True)
class DrawnDashboard:
    summary: SafeString
    sections: SafeString


def _key(plan, *, data, today, shows_pending) -> str:
    asked = [(name, data.getlist(name)) for name in PARAMETERS if name in data]
    # The language too: the drawn parts hold words in the reader's language (statuses, rows).
    language = translation.get_language()
    parts = (kinds.current_version(), plan.pk, today.isoformat(), shows_pending, asked, language)
    return f"{KEY_PREFIX}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def drawn_dashboard(plan, *, data, as_at_form, today, shows_pending) -> DrawnDashboard:
    """The plan's dashboard as at ``today`` for a reader who is (``shows_pending``) or is not
    told what waits for approval: from the cache when this version is kept, else drawn."""
    key = _key(plan, data=data, today=today, shows_pending=shows_pending)
    kept = cache.get(key)
    if kept is not None:
        summary, sections = kept
        return DrawnDashboard(mark_safe(summary), mark_safe(sections))  # noqa: S308 (ours)
    drawn = _draw(plan, data=data, as_at_form=as_at_form, today=today, shows_pending=shows_pending)
    cache.set(key, (str(drawn.summary), str(drawn.sections)), TIMEOUT_SECONDS)
    return drawn


def _draw(plan, *, data, as_at_form, today, shows_pending) -> DrawnDashboard:
    dashboard = build_dashboard(plan, data=data, today=today, shows_pending=shows_pending)
    feedback, feedback_quarter = quarter_feedback(plan, today=today)
    context = {
        "plan": plan,
        "dashboard": dashboard,
        "as_at_form": as_at_form,
        # Links to the drill-down and the reports keep the chosen day.
        "as_at_query": as_at_query(plan, today),
        "judged_day": judged_day_words(plan, today, from_history=dashboard.assessment.from_history),
        "feedback": feedback,
        "feedback_quarter": feedback_quarter,
    }
    return DrawnDashboard(
        summary=render_to_string("dashboard/includes/plan_summary.html", context),
        sections=render_to_string("dashboard/includes/plan_sections.html", context),
    )


def as_at_query(plan, today) -> str:
    """``?as_at=<day>`` for links that keep a chosen day; empty on the plan's reporting day."""
    return f"?as_at={today:%Y-%m-%d}" if today != plan.reporting_day() else ""
