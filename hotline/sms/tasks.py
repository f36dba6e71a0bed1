"""Celery tasks of the outbox. `sweep_outbox` runs periodically (settings.PERIODIC_TASKS)."""

from celery import shared_task


@shared_task(name="hotline.sms.tasks.deliver_messages", ignore_result=True)
def deliver_messages(ids: list[int]) -> dict:
    from hotline.sms.delivery import deliver

    return deliver(ids)


@shared_task(name="hotline.sms.tasks.sweep_outbox", ignore_result=True)
def sweep_outbox() -> dict:
    from hotline.sms.delivery import deliver_due

    return deliver_due()
