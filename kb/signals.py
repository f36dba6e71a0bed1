"""Keep the search indexes in step with the entries, whoever saves them (services, admin, seeding).

The database index is written here, inside the saving transaction. Elasticsearch is told only after
commit, through a Celery task, so it never indexes an entry that was rolled back.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from kb import indexing
from kb.models import Article


def _sync_elasticsearch_on_commit(article_id: int) -> None:
    if settings.ELASTICSEARCH_URL:
        from kb.tasks import sync_article_to_elasticsearch

        transaction.on_commit(lambda: sync_article_to_elasticsearch.delay(article_id))


@receiver(post_save, sender=Article, dispatch_uid="kb_index_article_saved")
def article_saved(sender, instance: Article, raw=False, **kwargs):
    if raw:  # loaddata: fixtures are indexed by kb_reindex afterwards
        return
    indexing.sync_article(instance)
    _sync_elasticsearch_on_commit(instance.pk)


@receiver(pre_delete, sender=Article, dispatch_uid="kb_unindex_article")
def article_deleting(sender, instance: Article, **kwargs):
    indexing.remove_article(instance.pk)


@receiver(post_delete, sender=Article, dispatch_uid="kb_index_article_deleted")
def article_deleted(sender, instance: Article, **kwargs):
    _sync_elasticsearch_on_commit(instance.pk)
