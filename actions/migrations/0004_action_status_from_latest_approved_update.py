"""One status per action: give every action the status of its latest approved update.

Progress loaded as fixtures (the demonstration data of `make run`) reached the database without
the recording services, so actions with approved updates could still read "No update yet" on
the pages that show the stored status. From now on every path keeps them in step
(actions.services.take_status_of_latest_approved); this brings existing databases in line.
The same ordering as that service: latest date, then latest recorded.
"""

from django.db import migrations


def take_latest_approved_status(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    ActionUpdate = apps.get_model("actions", "ActionUpdate")
    latest = {}
    approved = ActionUpdate.objects.filter(approval="approved").order_by(
        "action_id", "-date", "-created_at"
    )
    for action_id, status in approved.values_list("action_id", "status"):
        latest.setdefault(action_id, status)
    for action in Action.objects.filter(pk__in=latest):
        if action.status != latest[action.pk]:
            action.status = latest[action.pk]
            action.version += 1
            action.save(update_fields=["status", "version"])


class Migration(migrations.Migration):
    dependencies = [("actions", "0003_actionupdate_decision_note")]

    operations = [migrations.RunPython(take_latest_approved_status, migrations.RunPython.noop)]
