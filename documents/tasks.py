"""The task the worker runs: render one document of the store (``documents.store.render``).

A django-tasks task (the backport of Django 6's ``django.tasks``): which queue carries it is
settings.TASKS — the database (``db_worker``) by default, Redis (``rqworker``) on several
servers, or in the calling process for the tests. The arguments are the document's key and the
language it is drawn in (the row holds everything else, and the language too, for a job queued
before documents had languages), so a job queued before a deploy still makes sense after it.
"""

from django_tasks import task

from documents import store


@task(queue_name="documents")
def render_document(key: str, language: str | None = None) -> None:
    store.render(key, language)
