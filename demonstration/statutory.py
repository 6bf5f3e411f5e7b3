"""Invented statutory records for the demonstration site (``load_seed_plan --demo``): a
review with its action plan of two recommendations, a Serious Violence strategy in preparation,
an internal (Prevent) plan and a request from the PCC, so that `make run` shows the reviews
register, the strategy's checklist, the PCC register and the chair's overview with something in
them.

NOT REAL: every reference and title says "Demonstration" or "DEMO", the records that carry the
flag are ``demonstration`` (the review, the consultee, the PCC request: the duties never count
them), and none is public: the review is not published, the strategy and the internal plan are
drafts. Dated from today, so the overview has something open and something overdue whenever the
site is started. The seed plan's own records are never changed.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from actions.models import Action
from cspplan.models import Organisation, Partnership, Plan
from objectives.models import Objective, Target
from pcc.models import PccRequest
from reviews.models import Review
from reviews.services import start_action_plan
from strategies.models import (
    ConsultedAuthority,
    ConsultedKind,
    DutyHolder,
    SeriousViolenceStrategy,
    SpecifiedAuthority,
)

INVENTED = "(Invented for the demonstration site – not a real record.)"


@transaction.atomic
def load_demo_statutory(partnership: Partnership) -> None:
    if Review.objects.filter(partnership=partnership, demonstration=True).exists():
        return  # loaded already
    today = timezone.localdate()
    police = Organisation.objects.get(slug="lancashire-constabulary")
    council = Organisation.objects.get(slug="west-lancashire-borough-council")

    review = Review.objects.create(
        partnership=partnership,
        kind=Review.Kind.DOMESTIC,
        reference="DEMO 01",
        notified_on=today - datetime.timedelta(days=400),
        decision=Review.Decision.HOLD,
        decided_on=today - datetime.timedelta(days=380),
        commissioned_on=today - datetime.timedelta(days=360),
        independent_chair="Independent chair (demonstration)",
        notes=INVENTED,
        demonstration=True,
    )
    target = start_action_plan(review).objectives.get().targets.get()
    _action(target, 1, "Demonstration: train front-line staff in routine enquiry", -30, police)
    _action(target, 2, "Demonstration: share the referral pathway with GP practices", 90, council)

    strategy_plan = _plan(
        partnership,
        Plan.Kind.SERIOUS_VIOLENCE,
        "Demonstration: Serious Violence strategy",
        "west-lancashire-demo-serious-violence",
        today,
    )
    strategy = SeriousViolenceStrategy.objects.create(
        plan=strategy_plan, local_definition=f"Demonstration wording only. {INVENTED}"
    )
    DutyHolder.objects.create(
        strategy=strategy, authority=SpecifiedAuthority.POLICE, organisation=police
    )
    DutyHolder.objects.create(
        strategy=strategy, authority=SpecifiedAuthority.LOCAL_AUTHORITY, organisation=council
    )
    ConsultedAuthority.objects.create(
        strategy=strategy,
        kind=ConsultedKind.EDUCATIONAL,
        name="Demonstration: schools forum",
        consulted_on=today - datetime.timedelta(days=20),
        demonstration=True,
    )

    internal = _plan(
        partnership,
        Plan.Kind.INTERNAL,
        "Demonstration: Prevent plan (internal)",
        "west-lancashire-demo-prevent",
        today,
    )
    objective = Objective.objects.create(plan=internal, number=1, title="Demonstration objective")
    _action(
        Target.objects.create(objective=objective, order=1, wording=INVENTED),
        1,
        "Demonstration: refresh the awareness training",
        -10,
        council,
    )

    PccRequest.objects.create(
        partnership=partnership,
        kind=PccRequest.Kind.RECOMMENDATION,
        reference="DEMO/PCC/01",
        received_on=today - datetime.timedelta(days=45),
        request=f"Demonstration: publish progress each quarter. {INVENTED}",
        reply_due_on=today - datetime.timedelta(days=5),
        demonstration=True,
    )


def _plan(partnership, kind, title, slug, today):
    start = today - datetime.timedelta(days=60)
    end = start + datetime.timedelta(days=364)
    return Plan.objects.create(
        partnership=partnership,
        kind=kind,
        title=title,
        slug=slug,
        period_start=start,
        period_end=end,
        target_date=end,
        target_label=f"{end:%B %Y}",
    )


def _action(target, order, text, due_in_days, owner):
    action = Action.objects.create(
        target=target,
        order=order,
        text=text,
        due_date=timezone.localdate() + datetime.timedelta(days=due_in_days),
    )
    action.owners.set([owner])
    return action
