"""Objectives', targets' and measures' words in English and Welsh (cspplan/translated.py)."""

from cspplan.translated import register
from objectives.models import Measure, Objective, Target

register(Objective, ["title", "summary", "no_target_reason"], plan_path="plan")
register(Target, ["wording", "target_wording"], plan_path="objective__plan")
register(
    Measure, ["name", "baseline_wording", "target_wording"], plan_path="target__objective__plan"
)
