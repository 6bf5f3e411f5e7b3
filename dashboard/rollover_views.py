"""The admin's "Start next year's plan" page: the form behind the plan list's rollover action.

The rollover itself is ``progress.rollover.roll_over`` (what is copied, and why it lives in
``progress``); this page only asks for the new plan's title and dates. It sits in the dashboard,
with the plan managers' other pages over progress rules (the approval queue's), because pages
belong in the top layer; its address is inside the admin's sign-in (``admin_view``), beside the
plan list whose action opens it. Plan managers roll over the plans they manage; another
partnership's plan is a 404.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cspplan.models import Plan
from progress.rollover import DueDates, next_title, roll_over

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RolloverForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="e.g. Partnership Plan 2012 to 2013")
    period_start = forms.DateField(widget=DATE, help_text="First day the new plan covers.")
    period_end = forms.DateField(widget=DATE, help_text="Last day the new plan covers.")
    target_label = forms.CharField(
        max_length=50,
        required=False,
        help_text="The heading of the targets column, e.g. March 2013. Leave empty to use the "
        "month the plan ends.",
    )
    due_dates = forms.ChoiceField(
        label="Due dates of the actions carried over",
        choices=DueDates.choices,
        initial=DueDates.MOVE,
        widget=forms.RadioSelect,
        help_text="Moved: 31 July 2011 becomes 31 July 2012, kept inside the new plan. "
        "Cleared: each says “Due date to be set” until you set it. Either way nothing in the "
        "new plan is overdue before it starts.",
    )


def _initial(plan):
    start = plan.period_end + datetime.timedelta(days=1)
    try:
        end = plan.period_end.replace(year=plan.period_end.year + 1)
    except ValueError:  # 29 February
        end = plan.period_end + datetime.timedelta(days=365)
    return {"title": next_title(plan.title), "period_start": start, "period_end": end}


def rollover_form(request, plan_id):
    if not request.user.has_perm("cspplan.add_plan"):
        raise PermissionDenied("Only plan managers start a new plan.")
    plan = get_object_or_404(
        Plan.objects.managed_by(request.user).select_related("partnership"), pk=plan_id
    )
    form = RolloverForm(request.POST or None, initial=_initial(plan))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            summary = roll_over(
                plan,
                title=data["title"],
                start=data["period_start"],
                end=data["period_end"],
                target_label=data["target_label"] or None,
                by=request.user,
                due_dates=data["due_dates"],
            )
        except ValidationError as error:
            fields = {"start": "period_start", "end": "period_end"}
            for field, problems in error.message_dict.items():
                form.add_error(fields.get(field, field if field in form.fields else None), problems)
        else:
            messages.success(request, f"Started {summary}")
            if summary.due_dates_to_set:
                messages.warning(
                    request,
                    "Set the due dates of: "
                    + "; ".join(
                        f"{a.target.objective.number}. {a.text[:80]}"
                        for a in summary.due_dates_to_set
                    ),
                )
            return redirect(reverse("admin:cspplan_plan_change", args=[summary.plan.pk]))
    return render(
        request,
        "admin/cspplan/plan/rollover_form.html",
        {"form": form, "plan": plan, "title": f"Start next year's plan from {plan.title}"},
    )
