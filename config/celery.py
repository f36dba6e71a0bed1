"""The Celery app. With REDIS_URL it talks to the Redis broker; without, tasks run eagerly in-process."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("hotline")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect(weak=False, dispatch_uid="hotline.warm_smart_dispatch")
def _warm_smart_dispatch(**kwargs):
    """Each pool process (prefork child, or the solo worker itself) screens letters with suggestions:
    warm jieba, the catalogue and the model once, in the background (tickets.routing.warmup). Only
    worker processes get this signal — never beat, the web or a management command."""
    from tickets.routing.warmup import warm_in_background

    warm_in_background("celery worker", worker=True)
