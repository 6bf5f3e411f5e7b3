"""Actions' words and the public note of progress in English and Welsh
(cspplan/translated.py). An update is published on its own, when approved
(progress/approval.py), so it is not part of the plan's check."""

from actions.models import Action, ActionUpdate, Milestone
from cspplan.translated import register

register(Action, ["text", "due_wording"], plan_path="target__objective__plan")
register(Milestone, ["title", "note"], plan_path="action__target__objective__plan")
register(ActionUpdate, ["note"])
