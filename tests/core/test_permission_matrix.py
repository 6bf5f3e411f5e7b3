"""The permission matrix: every URL of the site × every persona × read (GET) and write (POST),
each with the answer written in ``EXPECTED`` below.

The URLs are walked from the URLconf (``django.urls.get_resolver()``), so every admin URL of
every registered model is here: a new URL pattern, or a new model in the admin, has no row in
the table and fails the test until someone writes down who may do what with it.

Two invented partnerships: "Ashdown Vale CSP" (A) with a **draft** plan, and "Brindle Moor
CSP" (B) with a draft plan of its own. Agency A (an invented police force) owns A's action and
target row, agency B (an invented fire service) B's. Every URL that names a record names
partnership A's, so the columns read: A's own people, B's people, and nobody.

Writes are empty POSTs (a form re-shown with its errors is 200): the matrix checks who gets
through to a form, never what a form accepts; the tests of each finding do that. Rendering PDFs
is replaced by a stub: who may download one is the question here, not what it holds.

Tokens: a status code; ``login`` for a redirect to the sign-in page; ``302`` for any other
redirect. Set ``CSPPLAN_PRINT_MATRIX=1`` to print the answers the site gives, in the table's
format, to compare with (never to paste over) the table.
"""

import datetime
import logging
import os
import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from cspplan import roles
from cspplan.models import Plan
from objectives.models import ApprovalStatus, ReminderLog
from tests import factories
from tests.personas import chair, officer_of, plan_manager_of

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "officer_a", "officer_b", "manager_a", "manager_b", "chair_a", "superuser")

EXPECTED_TABLE = """
#   GET                                         POST
#   anon  offA  offB  manA  manB  chaA super |  anon  offA  offB  manA  manB  chaA super
# The residents' site: A's plan is a draft, previewed by A's people only (an officer whose
# agency has work in it, A's plan manager and chair) and superusers; a 404 to everyone else.
home
     200   200   200   200   200   200   200 |   200   200   200   200   200   200   200
plans:list
     200   200   200   200   200   200   200 |   200   200   200   200   200   200   200
plans:detail
     404   200   404   200   404   200   200 |   404   200   404   200   404   200   200
plans:priorities
     404   200   404   200   404   200   200 |   404   200   404   200   404   200   200
plans:priority
     404   200   404   200   404   200   200 |   404   200   404   200   404   200   200
plans:objective
     404   200   404   200   404   200   200 |   404   200   404   200   404   200   200
plans:updates_feed
     404   404   404   404   404   404   404 |   404   404   404   404   404   404   404
plans:objective_updates_feed
     404   404   404   404   404   404   404 |   404   404   404   404   404   404   404
plans:organisation
     404   200   404   200   404   200   200 |   404   200   404   200   404   200   200
plans:officer
     404   200   404   200   404   200   200 |   404   200   404   200   404   200   200
plans:delivery_plan
     404   200   404   200   404   200   200 |   405   405   405   405   405   405   405
plans:delivery_plan_pdf
     404   200   404   200   404   200   200 |   405   405   405   405   405   405   405
plans:delivery_plan_csv
     404   200   404   200   404   200   200 |   405   405   405   405   405   405   405
plans:delivery_plan_xlsx
     404   200   404   200   404   200   200 |   405   405   405   405   405   405   405
plans:delivery_plan_docx
     404   200   404   200   404   200   200 |   405   405   405   405   405   405   405
plans:delivery_plan_json
     404   200   404   200   404   200   200 |   405   405   405   405   405   405   405
plans:have_your_say
     404   404   404   404   404   404   404 |   404   404   404   404   404   404   404
plans:have_your_say_thanks
     404   404   404   404   404   404   404 |   405   405   405   405   405   405   405
search
     200   200   200   200   200   200   200 |   405   405   405   405   405   405   405
consultation:have_your_say
     404   404   404   404   404   404   404 |   404   404   404   404   404   404   404
accessibility
     200   200   200   200   200   200   200 |   200   200   200   200   200   200   200
healthz
     200   200   200   200   200   200   200 |   200   200   200   200   200   200   200
# The dashboard: the chair and plan managers of the plan's partnership; another partnership's
# plan is a 404, as a plan that does not exist is.
dashboard:index
   login   403   403   302   302   302   302 | login   403   403   302   302   302   302
dashboard:plan
   login   403   403   200   404   200   200 | login   403   403   200   404   200   200
dashboard:objective
   login   403   403   200   404   200   200 | login   403   403   200   404   200   200
dashboard:approvals
   login   403   403   200   404   200   200 | login   403   403   302   404   403   302
dashboard:report_pdf
   login   403   403   200   404   200   200 | login   403   403   200   404   200   200
dashboard:report_xlsx
   login   403   403   200   404   200   200 | login   403   403   200   404   200   200
# Officers' pages and the plan importer (plan managers of some partnership).
my_actions:index
   login   200   200   200   200   200   200 | login   302   302   200   200   200   200
importer:upload
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
importer:confirm
   login   403   403   302   302   403   302 | login   403   403   302   302   403   302
# The admin's own pages.
admin:index
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:login
     200   302   302   302   302   302   302 |   200   200   200   200   200   200   200
admin:logout
     302   405   405   405   405   405   405 |   302   200   200   200   200   200   200
admin:password_change
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:password_change_done
   login   200   200   200   200   200   200 | login   405   405   405   405   405   405
admin:autocomplete
   login   403   403   403   403   403   403 | login   405   405   405   405   405   405
admin:jsi18n
   login   200   200   200   200   200   200 | login   405   405   405   405   405   405
admin:view_on_site
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
# Users and groups: superusers only.
admin:auth_group_changelist
   login   403   403   403   403   403   200 | login   403   403   403   403   403   200
admin:auth_group_add
   login   403   403   403   403   403   200 | login   403   403   403   403   403   200
admin:auth_group_history
   login   403   403   403   403   403   200 | login   403   403   403   403   403   200
admin:auth_group_delete
   login   403   403   403   403   403   200 | login   403   403   403   403   403   200
admin:auth_group_change
   login   403   403   403   403   403   200 | login   403   403   403   403   403   200
admin:admin/auth/group/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:auth_user_password_change
   login   403   403   403   403   403   200 | login   403   403   403   403   403   200
admin:auth_user_changelist
   login   403   403   403   403   403   200 | login   403   403   403   403   403   200
admin:auth_user_add
   login   403   403   403   403   403   200 | login   403   403   403   403   403   200
admin:auth_user_history
   login   403   403   403   403   403   200 | login   403   403   403   403   403   200
admin:auth_user_delete
   login   403   403   403   403   403   200 | login   403   403   403   403   403   200
admin:auth_user_change
   login   403   403   403   403   403   200 | login   403   403   403   403   403   200
admin:admin/auth/user/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
# Partnership records. In every model below, *_simple_history is simple_history's page of one
# past version, whose POST reverts: a change, refused to whoever may not change the record.
# *_history answers 403 for a record out of reach (its 404 is another change of issue 10).
admin:cspplan_partnership_simple_history
   login   403   403   200   403   200   200 | login   403   403   200   403   403   200
admin:cspplan_partnership_changelist
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:cspplan_partnership_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:cspplan_partnership_history
   login   403   403   200   403   200   200 | login   403   403   200   403   200   200
admin:cspplan_partnership_delete
   login   404   404   200   404   403   200 | login   404   404   200   404   403   200
admin:cspplan_partnership_change
   login   404   404   200   404   200   200 | login   404   404   200   404   403   200
admin:admin/cspplan/partnership/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
# Organisations, aliases and funds are shared by every partnership: read by all staff,
# changed by any plan manager (see the report of issue 10: left as it was).
admin:cspplan_organisation_simple_history
   login   200   200   200   200   200   200 | login   403   403   200   200   403   200
admin:cspplan_organisation_changelist
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:cspplan_organisation_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:cspplan_organisation_history
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:cspplan_organisation_delete
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:cspplan_organisation_change
   login   200   200   200   200   200   200 | login   403   403   200   200   403   200
admin:admin/cspplan/organisation/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:cspplan_organisationalias_changelist
   login   403   403   200   200   200   200 | login   403   403   200   200   200   200
admin:cspplan_organisationalias_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:cspplan_organisationalias_history
   login   403   403   200   200   200   200 | login   403   403   200   200   200   200
admin:cspplan_organisationalias_delete
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:cspplan_organisationalias_change
   login   403   403   200   200   200   200 | login   403   403   200   200   403   200
admin:admin/cspplan/organisationalias/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
# Officers (OfficerQuerySet): officer A is officer_a's own record; it has a login, so a plan
# manager of A may change its name or e-mail but not its login or agency, nor delete it.
admin:cspplan_officer_simple_history
   login   200   403   200   403   200   200 | login   403   403   200   403   403   200
admin:cspplan_officer_changelist
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:cspplan_officer_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:cspplan_officer_history
   login   200   403   200   403   200   200 | login   200   403   200   403   200   200
admin:cspplan_officer_delete
   login   403   404   403   404   403   200 | login   403   404   403   404   403   200
admin:cspplan_officer_change
   login   200   404   200   404   200   200 | login   403   404   200   404   403   200
admin:admin/cspplan/officer/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:cspplan_fundingsource_simple_history
   login   200   200   200   200   200   200 | login   403   403   200   200   403   200
admin:cspplan_fundingsource_changelist
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:cspplan_fundingsource_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:cspplan_fundingsource_history
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:cspplan_fundingsource_delete
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:cspplan_fundingsource_change
   login   200   200   200   200   200   200 | login   403   403   200   200   403   200
admin:admin/cspplan/fundingsource/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:cspplan_plansection_simple_history
   login   403   403   200   403   200   200 | login   403   403   200   403   403   200
admin:cspplan_plansection_changelist
   login   403   403   200   200   200   200 | login   403   403   200   200   200   200
admin:cspplan_plansection_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:cspplan_plansection_history
   login   403   403   200   403   200   200 | login   403   403   200   403   200   200
admin:cspplan_plansection_delete
   login   404   404   200   404   403   200 | login   404   404   200   404   403   200
admin:cspplan_plansection_change
   login   404   404   200   404   200   200 | login   404   404   200   404   403   200
admin:admin/cspplan/plansection/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:priorities_prioritytheme_simple_history
   login   403   403   200   403   200   200 | login   403   403   200   403   403   200
admin:priorities_prioritytheme_changelist
   login   403   403   200   200   200   200 | login   403   403   200   200   200   200
admin:priorities_prioritytheme_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:priorities_prioritytheme_history
   login   403   403   200   403   200   200 | login   403   403   200   403   200   200
admin:priorities_prioritytheme_delete
   login   404   404   200   404   403   200 | login   404   404   200   404   403   200
admin:priorities_prioritytheme_change
   login   404   404   200   404   200   200 | login   404   404   200   404   403   200
admin:admin/priorities/prioritytheme/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:priorities_priority_simple_history
   login   403   403   200   403   200   200 | login   403   403   200   403   403   200
admin:priorities_priority_changelist
   login   403   403   200   200   200   200 | login   403   403   200   200   200   200
admin:priorities_priority_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:priorities_priority_history
   login   403   403   200   403   200   200 | login   403   403   200   403   200   200
admin:priorities_priority_delete
   login   404   404   200   404   403   200 | login   404   404   200   404   403   200
admin:priorities_priority_change
   login   404   404   200   404   200   200 | login   404   404   200   404   403   200
admin:admin/priorities/priority/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:cspplan_plan_simple_history
   login   403   403   200   403   200   200 | login   403   403   200   403   403   200
admin:cspplan_plan_changelist
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:cspplan_plan_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:cspplan_plan_history
   login   403   403   200   403   200   200 | login   403   403   200   403   200   200
admin:cspplan_plan_delete
   login   404   404   200   404   403   200 | login   404   404   200   404   403   200
admin:cspplan_plan_change
   login   404   404   200   404   200   200 | login   404   404   200   404   403   200
admin:admin/cspplan/plan/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:objectives_objective_simple_history
   login   403   403   200   403   200   200 | login   403   403   200   403   403   200
admin:objectives_objective_changelist
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:objectives_objective_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:objectives_objective_history
   login   403   403   200   403   200   200 | login   403   403   200   403   200   200
admin:objectives_objective_delete
   login   404   404   200   404   403   200 | login   404   404   200   404   403   200
admin:objectives_objective_change
   login   404   404   200   404   200   200 | login   404   404   200   404   403   200
admin:admin/objectives/objective/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
# Progress records: officers reach their own agency's rows (editable_by).
admin:objectives_measure_process_import
   login   405   405   405   405   405   405 | login   200   200   200   200   403   200
admin:objectives_measure_import
   login   200   200   200   200   403   200 | login   200   200   200   200   403   200
admin:objectives_measure_export
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:objectives_measure_simple_history
   login   200   403   200   403   200   200 | login   403   403   200   403   403   200
admin:objectives_measure_changelist
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:objectives_measure_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:objectives_measure_history
   login   200   403   200   403   200   200 | login   200   403   200   403   200   200
admin:objectives_measure_delete
   login   403   404   200   404   403   200 | login   403   404   200   404   403   200
admin:objectives_measure_change
   login   200   404   200   404   200   200 | login   403   404   200   404   403   200
admin:admin/objectives/measure/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:objectives_measurement_simple_history
   login   200   403   200   403   200   200 | login   200   403   200   403   403   200
admin:objectives_measurement_changelist
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:objectives_measurement_add
   login   200   200   200   200   403   200 | login   200   200   200   200   403   200
admin:objectives_measurement_history
   login   200   403   200   403   200   200 | login   200   403   200   403   200   200
admin:objectives_measurement_delete
   login   403   404   200   404   403   200 | login   403   404   200   404   403   200
admin:objectives_measurement_change
   login   200   404   200   404   200   200 | login   200   404   200   404   403   200
admin:admin/objectives/measurement/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
# Reminders: read only, plan managers and the chair of the officer's partnerships.
admin:objectives_reminderlog_changelist
   login   403   403   200   200   200   200 | login   403   403   200   200   200   200
admin:objectives_reminderlog_add
   login   403   403   403   403   403   403 | login   403   403   403   403   403   403
admin:objectives_reminderlog_history
   login   404   404   200   404   200   200 | login   404   404   200   404   200   200
admin:objectives_reminderlog_delete
   login   404   404   403   404   403   403 | login   404   404   403   404   403   403
admin:objectives_reminderlog_change
   login   404   404   200   404   200   200 | login   404   404   403   404   403   403
admin:admin/objectives/reminderlog/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:actions_action_process_import
   login   405   405   405   405   405   405 | login   200   200   200   200   403   200
admin:actions_action_import
   login   200   200   200   200   403   200 | login   200   200   200   200   403   200
admin:actions_action_export
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:actions_action_simple_history
   login   200   403   200   403   200   200 | login   200   403   200   403   403   200
admin:actions_action_changelist
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:actions_action_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:actions_action_history
   login   200   403   200   403   200   200 | login   200   403   200   403   200   200
admin:actions_action_delete
   login   403   404   200   404   403   200 | login   403   404   200   404   403   200
admin:actions_action_change
   login   200   404   200   404   200   200 | login   200   404   200   404   403   200
admin:admin/actions/action/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:actions_actionupdate_simple_history
   login   200   403   200   403   200   200 | login   200   403   200   403   403   200
admin:actions_actionupdate_changelist
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:actions_actionupdate_add
   login   200   200   200   200   403   200 | login   200   200   200   200   403   200
admin:actions_actionupdate_history
   login   200   403   200   403   200   200 | login   200   403   200   403   200   200
admin:actions_actionupdate_delete
   login   403   404   200   404   403   200 | login   403   404   200   404   403   200
admin:actions_actionupdate_change
   login   200   404   200   404   200   200 | login   200   404   200   404   403   200
admin:admin/actions/actionupdate/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:objectives_target_simple_history
   login   403   403   200   403   200   200 | login   403   403   200   403   403   200
admin:objectives_target_changelist
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:objectives_target_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:objectives_target_history
   login   403   403   200   403   200   200 | login   403   403   200   403   200   200
admin:objectives_target_delete
   login   404   404   200   404   403   200 | login   404   404   200   404   403   200
admin:objectives_target_change
   login   404   404   200   404   200   200 | login   404   404   200   404   403   200
admin:admin/objectives/target/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
# Consultation: residents' names and e-mails never leave their partnership.
admin:consultation_survey_simple_history
   login   403   403   200   403   200   200 | login   403   403   200   403   403   200
admin:consultation_survey_changelist
   login   403   403   200   200   200   200 | login   403   403   200   200   200   200
admin:consultation_survey_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:consultation_survey_history
   login   403   403   200   403   200   200 | login   403   403   200   403   200   200
admin:consultation_survey_delete
   login   404   404   200   404   403   200 | login   404   404   200   404   403   200
admin:consultation_survey_change
   login   404   404   200   404   200   200 | login   404   404   200   404   403   200
admin:admin/consultation/survey/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:consultation_surveyresult_simple_history
   login   403   403   200   403   200   200 | login   403   403   200   403   403   200
admin:consultation_surveyresult_changelist
   login   403   403   200   200   200   200 | login   403   403   200   200   200   200
admin:consultation_surveyresult_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:consultation_surveyresult_history
   login   403   403   200   403   200   200 | login   403   403   200   403   200   200
admin:consultation_surveyresult_delete
   login   404   404   200   404   403   200 | login   404   404   200   404   403   200
admin:consultation_surveyresult_change
   login   404   404   200   404   200   200 | login   404   404   200   404   403   200
admin:admin/consultation/surveyresult/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:consultation_engagementevent_simple_history
   login   403   403   200   403   200   200 | login   403   403   200   403   403   200
admin:consultation_engagementevent_changelist
   login   403   403   200   200   200   200 | login   403   403   200   200   200   200
admin:consultation_engagementevent_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:consultation_engagementevent_history
   login   403   403   200   403   200   200 | login   403   403   200   403   200   200
admin:consultation_engagementevent_delete
   login   404   404   200   404   403   200 | login   404   404   200   404   403   200
admin:consultation_engagementevent_change
   login   404   404   200   404   200   200 | login   404   404   200   404   403   200
admin:admin/consultation/engagementevent/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:consultation_consultation_simple_history
   login   403   403   200   403   200   200 | login   403   403   200   403   403   200
admin:consultation_consultation_changelist
   login   403   403   200   200   200   200 | login   403   403   200   200   200   200
admin:consultation_consultation_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:consultation_consultation_history
   login   403   403   200   403   200   200 | login   403   403   200   403   200   200
admin:consultation_consultation_delete
   login   404   404   200   404   403   200 | login   404   404   200   404   403   200
admin:consultation_consultation_change
   login   404   404   200   404   200   200 | login   404   404   200   404   403   200
admin:admin/consultation/consultation/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:consultation_feedback_simple_history
   login   403   403   200   403   200   200 | login   403   403   200   403   403   200
admin:consultation_feedback_changelist
   login   403   403   200   200   200   200 | login   403   403   200   200   200   200
admin:consultation_feedback_add
   login   403   403   200   200   403   200 | login   403   403   200   200   403   200
admin:consultation_feedback_history
   login   403   403   200   403   200   200 | login   403   403   200   403   200   200
admin:consultation_feedback_delete
   login   404   404   200   404   403   200 | login   404   404   200   404   403   200
admin:consultation_feedback_change
   login   404   404   200   404   200   200 | login   404   404   200   404   403   200
admin:admin/consultation/feedback/<path:object_id>/
   login   302   302   302   302   302   302 | login   302   302   302   302   302   302
admin:app_list
   login   200   200   200   200   200   200 | login   200   200   200   200   200   200
admin:admin/(?P<url>.*)$
   login   404   404   404   404   404   404 | login   404   404   404   404   404   404
"""


def _rows(table):
    """{key: {"GET": [7 tokens], "POST": [7 tokens]}} from the table: a line naming the URL,
    then an indented line of its answers."""
    rows, key = {}, None
    for line in table.strip().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            key = line.strip()
            continue
        get, post = line.split("|")
        assert key not in rows, f"{key} twice in the table"
        rows[key] = {"GET": get.split(), "POST": post.split()}
        assert len(rows[key]["GET"]) == len(rows[key]["POST"]) == len(PERSONAS), key
    return rows


EXPECTED = _rows(EXPECTED_TABLE)


# --- Walking the URLconf -------------------------------------------------------------------


def walk(patterns, prefix="", namespace=None):
    """(key, route) of every pattern: the key is the pattern's name with its namespaces, or
    for an unnamed pattern the namespace and its route."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            assert isinstance(pattern, URLPattern)
            route = prefix + str(pattern.pattern)
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                key = f"{namespace or ''}:{route}"
            yield key, route


# --- The world -------------------------------------------------------------------------------


def _side(name, slug, agency):
    partnership = factories.PartnershipFactory(name=f"{name} CSP", short_name=name, slug=slug)
    plan = factories.PlanFactory(
        partnership=partnership, draft=True, title=f"{name} draft plan", slug=f"{slug}-plan"
    )
    objective = factories.ObjectiveFactory(plan=plan, number=1, title=f"{name} objective")
    target = factories.TargetFactory(objective=objective, order=1, wording=f"{name} target")
    target.owners.set([agency])
    action = factories.ActionFactory(target=target, order=1, text=f"{name} patrols")
    action.owners.set([agency])
    measure = factories.MeasureFactory(target=target, order=1, name=f"{name} incidents")
    return partnership, plan, objective, target, action, measure


@pytest.fixture
def world(monkeypatch):
    monkeypatch.setattr("public.exports.pdf.HTML", _StubHTML)
    monkeypatch.setattr("dashboard.reports.HTML", _StubHTML)
    # Every 403 and 404 would log a line (and a traceback): thousands, all expected.
    for name in ("django.request", "django.security.csrf"):
        monkeypatch.setattr(logging.getLogger(name), "disabled", True)
    police = factories.OrganisationFactory(name="Invented Constabulary", slug="invented-police")
    fire = factories.OrganisationFactory(name="Invented Fire Service", slug="invented-fire")
    partnership, plan, objective, target, action, measure = _side(
        "Ashdown Vale", "ashdown-vale", police
    )
    b_partnership, *_ = _side("Brindle Moor", "brindle-moor", fire)

    officer_a = officer_of(police, username="officer-a", name="Avery Constable")
    officer_b = officer_of(fire, username="officer-b", name="Blair Fireman")
    action.lead_officers.set([officer_a.officer])
    people = {
        "anonymous": None,
        "officer_a": officer_a,
        "officer_b": officer_b,
        "manager_a": plan_manager_of(partnership, username="manager-a"),
        "manager_b": plan_manager_of(b_partnership, username="manager-b"),
        "chair_a": chair(partnership, username="chair-a"),
        "superuser": factories.UserFactory(username="root", is_staff=True, is_superuser=True),
    }

    theme = factories.PriorityThemeFactory(plan=plan)
    priority = factories.PriorityFactory(theme=theme, plan=plan)
    priority.objectives.set([objective])
    survey = factories.SurveyFactory(partnership=partnership)
    update = factories.ActionUpdateFactory(action=action, approval=ApprovalStatus.SUBMITTED)
    records = {
        "cspplan.partnership": partnership,
        "cspplan.plan": plan,
        "cspplan.plansection": factories.PlanSectionFactory(plan=plan),
        "cspplan.organisation": police,
        "cspplan.organisationalias": factories.OrganisationAliasFactory(organisation=police),
        "cspplan.officer": officer_a.officer,
        "cspplan.fundingsource": factories.FundingSourceFactory(),
        "priorities.prioritytheme": theme,
        "priorities.priority": priority,
        "objectives.objective": objective,
        "objectives.target": target,
        "objectives.measure": measure,
        "objectives.measurement": factories.MeasurementFactory(measure=measure),
        "objectives.reminderlog": ReminderLog.objects.create(
            officer=officer_a.officer,
            quarter_start=datetime.date(2011, 7, 1),
            sent_at=timezone.now(),
            sent_to=officer_a.officer.email,
        ),
        "actions.action": action,
        "actions.actionupdate": update,
        "consultation.survey": survey,
        "consultation.surveyresult": factories.SurveyResultFactory(survey=survey),
        "consultation.engagementevent": factories.EngagementEventFactory(plan=plan),
        "consultation.consultation": factories.ConsultationFactory(plan=plan),
        "consultation.feedback": factories.FeedbackFactory(plan=plan, name="Ada Resident"),
        "auth.user": officer_a,
        "auth.group": Group.objects.get(name=roles.PARTNERSHIP_OFFICERS),
    }
    values = {
        "plan_slug": plan.slug,
        "number": "1",
        "priority_slug": priority.slug,
        "organisation_slug": police.slug,
        "officer_slug": officer_a.officer.slug,
        "content_type_id": str(ContentType.objects.get_for_model(Plan).pk),
    }
    return {"people": people, "records": records, "values": values}


class _StubHTML:
    """WeasyPrint's HTML, without the seconds of layout."""

    def __init__(self, *args, **kwargs):
        pass

    def render(self):
        return self

    def write_pdf(self, *args, **kwargs):
        return b"%PDF-1.7\n% not rendered by the permission matrix\n"


def concrete_url(route, world):
    """The route with each placeholder given a value from partnership A."""
    records, values = world["records"], world["values"]
    record = None
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    if match and f"{match[1]}.{match[2]}" in records:
        record = records[f"{match[1]}.{match[2]}"]
    if route == "admin/(?P<url>.*)$":
        return "/admin/no-such-page/"
    if route.startswith("admin/^(?P<app_label>"):
        return "/admin/cspplan/"
    if "^([^/]+)/history/([^/]+)/$" in route:  # simple_history's page of one past version
        history_id = record.history.latest().history_id
        return "/" + route.split("^")[0] + f"{record.pk}/history/{history_id}/"

    def value(placeholder):
        name = placeholder[1].split(":")[-1]
        if name in ("object_id", "id") and record is not None:
            return str(record.pk)
        if name == "object_id":  # the admin's "view on site": /admin/r/<type>/<id>/
            return str(records["cspplan.plan"].pk)
        return values[name]

    return "/" + re.sub(r"<([^>]+)>", value, route)


def answer(response):
    if response.status_code == 302:
        login = reverse("admin:login")
        return "login" if response["Location"].startswith(login) else "302"
    return str(response.status_code)


def test_every_url_answers_every_persona_as_the_table_says(world):
    routes = dict(walk(get_resolver().url_patterns))
    missing = sorted(set(routes) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(routes))

    clients = {}
    for persona, user in world["people"].items():
        clients[persona] = Client()
        if user is not None:
            clients[persona].force_login(user)

    observed = {}
    for key, route in routes.items():
        url = concrete_url(route, world)
        observed[key] = {"GET": [], "POST": []}
        for persona in PERSONAS:
            client = clients[persona]
            for method in ("GET", "POST"):
                response = client.get(url) if method == "GET" else client.post(url, {})
                observed[key][method].append(answer(response))
                if key == "admin:logout" and world["people"][persona] is not None:
                    client.force_login(world["people"][persona])  # signed out: sign back in

    if os.environ.get("CSPPLAN_PRINT_MATRIX"):
        for key, got in observed.items():
            get, post = (" ".join(f"{token:>5}" for token in got[m]) for m in ("GET", "POST"))
            print(f"{key}\n   {get} | {post}")

    wrong = [
        f"{key} {method} as {persona}: expected {expected}, got {got}"
        for key in sorted(set(routes) & set(EXPECTED))
        for method in ("GET", "POST")
        for persona, expected, got in zip(
            PERSONAS, EXPECTED[key][method], observed[key][method], strict=True
        )
        if expected != got
    ]
    assert not missing, f"URLs with no row in the permission matrix: {missing}"
    assert not stale, f"Rows of the permission matrix for URLs that no longer exist: {stale}"
    assert not wrong, "\n".join(wrong)
