"""The pages of following and notices: thin, over ``notices.following``.

Residents (in English, and in Welsh at ``/cy/dilyn/…`` for a bilingual partnership, as its
other pages: ``languages.page_of``): ``/follow/…`` asks (a rate-limited form with a honeypot,
like every public form), ``/follow/confirm/<token>/`` confirms by a button (a mail scanner that
opens the link confirms nothing), ``/follow/manage/<token>/`` changes how often and the language
of the e-mails, ``/follow/unsubscribe/<token>/`` stops: a button, and the one-click POST of
RFC 8058 that a mail client sends with no session and no CSRF token. Staff (in English):
their preferences page, and following an action from "my actions"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from actions.models import Action
from cspplan import languages
from cspplan.models import Plan
from cspplan.ratelimit import rate_limited
from notices import following
from notices.forms import FollowForm, ManageFollowForm, PreferenceForm, StaffFollowForm
from notices.models import Follow
from objectives.models import Objective
from outbox.models import NoticePreference


def _public_plan(plan_slug):
    return get_object_or_404(Plan.objects.public().select_related("partnership"), slug=plan_slug)


def _follow_page(request, *, plan, objective=None, action=None):
    languages.page_of(request, plan.partnership)
    form = FollowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # A robot that filled the honeypot sees the same page as a person: nothing is sent.
        if not form.is_spam():
            following.ask_to_follow(
                email=form.cleaned_data["email"],
                plan=plan,
                objective=objective,
                action=action,
                frequency=form.cleaned_data["frequency"],
                # The page's language (its address's) is that of the e-mails.
                language=translation.get_language(),
            )
        return redirect("notices:asked")
    followed = action or objective or plan
    return render(
        request,
        "notices/follow.html",
        {"form": form, "plan": plan, "followed": followed, "objective": objective},
    )


@rate_limited("follow", methods=("POST",))
@require_http_methods(["GET", "HEAD", "POST"])
def follow_plan(request, plan_slug):
    return _follow_page(request, plan=_public_plan(plan_slug))


@rate_limited("follow", methods=("POST",))
@require_http_methods(["GET", "HEAD", "POST"])
def follow_objective(request, plan_slug, number):
    plan = _public_plan(plan_slug)
    objective = get_object_or_404(Objective.objects.for_plan(plan), number=number)
    return _follow_page(request, plan=plan, objective=objective)


@rate_limited("follow", methods=("POST",))
@require_http_methods(["GET", "HEAD", "POST"])
def follow_action(request, action_pk):
    action = get_object_or_404(
        Action.objects.public().select_related("target__objective__plan"), pk=action_pk
    )
    objective = action.target.objective
    return _follow_page(request, plan=objective.plan, objective=objective, action=action)


@require_safe
def asked(request):
    return render(request, "notices/asked.html")


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    try:
        follow = following.follow_for_confirmation(token)
        languages.page_of(request, follow.plan.partnership)
        if request.method == "POST":
            follow = following.confirm(token)
            return render(request, "notices/confirmed.html", {"follow": follow})
    except following.LinkProblem as problem:
        return render(request, "notices/link_problem.html", {"problem": problem}, status=410)
    return render(request, "notices/confirm.html", {"follow": follow})


@csrf_exempt  # RFC 8058: the mail client's POST carries no session and no CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        if request.method == "POST":
            # Stopped whatever the address's language: a mail client's one-click POST is never
            # redirected (it would not follow), so no page_of here.
            follow = following.unsubscribe(token)
            return render(request, "notices/unsubscribed.html", {"follow": follow})
        follow = following.follow_for_unsubscribe(token)
        languages.page_of(request, follow.plan.partnership)
    except following.LinkProblem as problem:
        return render(request, "notices/link_problem.html", {"problem": problem}, status=410)
    return render(
        request,
        "notices/unsubscribe.html",
        {"follow": follow, "manage_url": following.manage_url(follow)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    try:
        follow = following.follow_for_unsubscribe(token)
    except following.LinkProblem as problem:
        return render(request, "notices/link_problem.html", {"problem": problem}, status=410)
    languages.page_of(request, follow.plan.partnership)
    form = ManageFollowForm(request.POST if request.method == "POST" else None, instance=follow)
    if request.method == "POST" and form.is_valid():
        follow = following.change(
            follow,
            frequency=form.cleaned_data["frequency"],
            language=form.cleaned_data.get("language", follow.language),
        )
        return render(request, "notices/managed.html", {"follow": follow}, status=200)
    return render(request, "notices/manage.html", {"follow": follow, "form": form, "token": token})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    preference, _ = NoticePreference.objects.get_or_create(user=request.user)
    # Every box unticked is a choice too: a POST is bound even when it carries no field.
    form = PreferenceForm(
        request.POST if request.method == "POST" else None, instance=preference, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your choice of e-mails is saved.")
        return redirect("staff_notices:preferences")
    follows = Follow.objects.of_user(request.user).select_related(
        "plan", "objective", "action__target__objective"
    )
    return render(request, "notices/preferences.html", {"form": form, "follows": follows})


@login_required
@require_POST
def staff_follow_action(request, action_pk):
    action = get_object_or_404(Action.objects.reported_by(request.user), pk=action_pk)
    form = StaffFollowForm(request.POST)
    frequency = form.cleaned_data["frequency"] if form.is_valid() else None
    following.staff_follow(user=request.user, action=action, frequency=frequency)
    messages.success(request, f"You follow “{action}”: changes reach {request.user.email}.")
    return redirect("staff_notices:preferences")


@login_required
@require_POST
def staff_unfollow(request, follow_pk):
    get_object_or_404(Follow.objects.of_user(request.user), pk=follow_pk).delete()
    messages.success(request, "You no longer follow it.")
    return redirect("staff_notices:preferences")
