"""Celery tasks that keep Elasticsearch in step with the entries (scheduled after commit)."""

import logging

from celery import shared_task

log = logging.getLogger(__name__)


@shared_task(name="kb.tasks.sync_article_to_elasticsearch", ignore_result=True, bind=True,
             max_retries=5, default_retry_delay=30)
def sync_article_to_elasticsearch(self, article_id: int) -> str:
    from elasticsearch import ApiError, TransportError

    from kb.backends.elastic import sync_article

    try:
        return sync_article(article_id)
    except (TransportError, ApiError) as exc:
        # Searches fall back to the database meanwhile; kb_reindex --elasticsearch repairs a long outage.
        log.warning("Elasticsearch sync of entry %s failed: %s", article_id, exc)
        if self.request.is_eager:
            return "failed"
        raise self.retry(exc=exc) from exc


@shared_task(name="kb.tasks.rebuild_elasticsearch", ignore_result=True)
def rebuild_elasticsearch() -> int:
    from kb.backends.elastic import rebuild

    return rebuild()
