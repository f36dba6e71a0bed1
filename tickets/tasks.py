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


@shared_task(name="tickets.tasks.retrain_dispatch_model", ignore_result=True)
def retrain_dispatch_model() -> int:
    from tickets.routing.learning import retrain

    row = retrain()
    return row.samples if row is not None else 0


@shared_task(name="tickets.tasks.detect_topic_spikes", ignore_result=True)
def detect_topic_spikes() -> int:
    from tickets.topics.services import detect_spikes

    return len(detect_spikes())


@shared_task(name="tickets.tasks.screen_new_letter", ignore_result=True)
def screen_new_letter(ticket_id: int) -> str:
    from tickets.routing.services import screen_new_letter as screen

    return screen(ticket_id)
