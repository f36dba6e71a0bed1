"""Celery tasks of the domain core. Periodic ones are scheduled by celery beat (production) or by
the embedded scheduler thread of `manage.py runhotline` (embedded default)."""

from celery import shared_task


@shared_task(name="tickets.tasks.sweep_deadlines", ignore_result=True)
def sweep_deadlines() -> int:
    from tickets.services.deadlines import sweep_deadlines as sweep

    return sweep()


@shared_task(name="tickets.tasks.close_unrated", ignore_result=True)
def close_unrated() -> int:
    from tickets.services.housekeeping import close_unrated as close

    return close()
