"""Celery tasks of the transfer outbox. `sweep_transfers` runs periodically (settings.PERIODIC_TASKS)."""

from celery import shared_task


@shared_task(name="hotline.transfers.tasks.deliver_transfers", ignore_result=True)
def deliver_transfers(ids: list[int]) -> dict:
    from hotline.transfers.delivery import deliver

    return deliver(ids)


@shared_task(name="hotline.transfers.tasks.sweep_transfers", ignore_result=True)
def sweep_transfers() -> dict:
    from hotline.transfers.answers import answer_due_inbound
    from hotline.transfers.delivery import deliver_due

    answered = answer_due_inbound()
    return {"answered": answered, **deliver_due()}
