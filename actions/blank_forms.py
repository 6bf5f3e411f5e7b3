"""The blank forms of "my actions", each shape drawn once per page (issue 24).

crispy-forms draws a form through a dozen small templates. Drawn three times per action, the
blank forms made an officer who leads 88 county actions wait 828 ms: 8 of the page's 10 profiled
seconds went to 278 drawings. Blank forms of one shape differ only in the item's id (in their
prefix) and the action's version, both whole numbers, so each shape is drawn once with
placeholders where those go, and every item gets a copy with its own numbers filled in: the HTML
its form would have drawn alone, byte for byte (tests/actions/test_my_actions_blank_forms.py).
A form that comes back with errors is drawn on its own, as posted (``drawn``).
"""

from crispy_forms.utils import render_crispy_form
from django.utils.safestring import SafeString, mark_safe

from actions.forms import ActionProgressForm, MeasurementForm, MilestoneDoneForm, MilestoneForm
from objectives import periods

# Where the item's id and the action's version go. The forms' words (labels, help texts,
# choices) are the code's own, never a plan's, and none holds these.
_ID = "__item_id__"
_VERSION = "__item_version__"


def drawn(form) -> SafeString:
    """One form drawn alone, as ``{% crispy form %}`` draws it (a form posted back with errors)."""
    return render_crispy_form(form)


class BlankForms:
    """One page's blank forms. Each method returns the fields' HTML for one item's ``<form>``."""

    def __init__(self, today):
        self.today = today
        self._shapes = {}

    def _copy(self, shape, make_form, item_id, version=None) -> SafeString:
        if shape not in self._shapes:
            self._shapes[shape] = str(drawn(make_form()))
        html = self._shapes[shape].replace(_ID, str(int(item_id)))
        if version is not None:
            html = html.replace(_VERSION, str(int(version)))
        # Safe: crispy-forms escaped the drawing, and only whole numbers were put in.
        return mark_safe(html)

    def action(self, action, *, bilingual) -> SafeString:
        """The progress form, at the action's status (part of the shape: it selects a choice)."""

        def make():
            return ActionProgressForm(
                prefix=f"action-{_ID}",
                initial={"status": action.status, "version": _VERSION},
                bilingual=bilingual,
            )

        return self._copy(("action", bilingual, action.status), make, action.pk, action.version)

    def new_milestone(self, action, *, bilingual) -> SafeString:
        # A bilingual partnership's milestone is proposed in English and Welsh side by side.
        return self._copy(
            ("milestone", bilingual),
            lambda: MilestoneForm(prefix=f"milestone-{_ID}", bilingual=bilingual),
            action.pk,
        )

    def milestone_done(self, milestone) -> SafeString:
        def make():
            return MilestoneDoneForm(prefix=f"done-{_ID}", initial={"done_on": self.today})

        return self._copy(("done",), make, milestone.pk)

    def measure(self, measure) -> SafeString:
        """The figure's form, starting at the period holding the plan's reporting day (for a
        finished plan, its last day), of the kind the measure's figures cover: from the year's
        start for a year to date. Measures whose forms say the same (the period's words and
        days) share a shape."""
        plan = measure.target.objective.plan
        start, end = periods.default_period(measure, plan, plan.reporting_day(self.today))

        def make():
            return MeasurementForm(
                prefix=f"measure-{_ID}",
                measure=measure,
                initial={"period_start": start, "period_end": end},
            )

        # The measure reaches its form only through these words (MeasurementForm.__init__).
        words = tuple(periods.period_field_words(measure, plan).items())
        return self._copy(("measure", words, start, end), make, measure.pk)
