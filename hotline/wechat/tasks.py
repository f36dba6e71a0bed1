"""Housekeeping of the WeChat door (settings.PERIODIC_TASKS)."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

# WeChat retries a message three times within about 15 seconds; after this the stored passive reply
# is never needed again, and the query password in it must not stay in the database.
REPLY_KEPT = timedelta(minutes=10)
# The message ids themselves are kept longer, for the record and against very late duplicates.
IDS_KEPT = timedelta(days=30)


@shared_task(name="hotline.wechat.tasks.scrub_processed_messages", ignore_result=True)
def scrub_processed_messages() -> int:
    from hotline.wechat.models import ProcessedMessage
    from tickets.services.notifications import SECRET_OPEN, redacted

    now = timezone.now()
    ProcessedMessage.objects.filter(created_at__lt=now - IDS_KEPT).delete()
    scrubbed = 0
    stale = ProcessedMessage.objects.filter(created_at__lt=now - REPLY_KEPT, reply__contains=SECRET_OPEN)
    for record in stale.only("pk", "reply").iterator(chunk_size=500):
        ProcessedMessage.objects.filter(pk=record.pk).update(reply=redacted(record.reply))
        scrubbed += 1
    return scrubbed
