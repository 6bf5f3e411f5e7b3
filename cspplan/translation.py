"""The plan's own words in English and Welsh (cspplan/translated.py; django-modeltranslation
imports this module when the apps are ready)."""

from cspplan.models import Partnership, Plan, PlanSection
from cspplan.translated import register

# The partnership's name heads every page, feed and title of its site: checked with its plans.
register(Partnership, ["name", "short_name"], plan_path="plans")
# The plan's word for its objectives ("Objective", "Amcan") and its targets column's heading
# ("March 2012") are the plan's own words too.
register(Plan, ["title", "target_label", "objective_word"], plan_path="pk")
register(PlanSection, ["title", "body", "signatory_role"], plan_path="plan")
