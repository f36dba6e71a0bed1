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


@shared_task(name="tickets.tasks.sync_ticket_to_elasticsearch", ignore_result=True, bind=True,
             max_retries=5, default_retry_delay=30)
def sync_ticket_to_elasticsearch(self, ticket_id: int) -> str:
    """Index one ticket in Elasticsearch (scheduled after the commit of its event)."""
    import logging

    from elasticsearch import ApiError, TransportError

    from tickets.search.backends.elastic import sync_ticket

    try:
        return sync_ticket(ticket_id)
    except (TransportError, ApiError) as exc:
        # Searches fall back to the database meanwhile; tickets_reindex --elasticsearch repairs a long outage.
        logging.getLogger(__name__).warning("Elasticsearch sync of ticket %s failed: %s", ticket_id, exc)
        if self.request.is_eager:
            return "failed"
        raise self.retry(exc=exc) from exc


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
