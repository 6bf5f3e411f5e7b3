"""The task the worker runs to deliver one logged message (``outbox.sending.deliver``). Its
argument is the row's id only: the row holds the message."""

from django_tasks import task

from outbox import sending


@task(queue_name="mail")
def deliver_message(pk: int) -> None:
    sending.deliver(pk)
