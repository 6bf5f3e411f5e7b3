"""The worker's part of keeping plans' summaries (``progress.kept``): after a change commits, the
changed plans' summaries are drawn off the request, on the residents' documents queue (the one
with a worker of its own), so the first reader after an edit reads a kept summary."""

from django.conf import settings
from django_tasks import task

from progress import kept


@task(queue_name=settings.DOCUMENTS_PUBLIC_QUEUE)
def keep_plan_summaries() -> None:
    kept.keep_current_summaries()
