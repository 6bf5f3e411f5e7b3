"""The task the worker runs: render one document of the store (``documents.store.render``).

A django-tasks task (the backport of Django 6's ``django.tasks``): which queue carries it is
settings.TASKS — the database (``db_worker``) by default, Redis (``rqworker``) on several
servers, or in the calling process for the tests. The argument is the document's key only: the
row holds everything else, so a job queued before a deploy still makes sense after it.
"""

from django_tasks import task

from documents import store


@task(queue_name="documents")
def render_document(key: str) -> None:
    store.render(key)
