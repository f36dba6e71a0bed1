"""GET /healthz: is each moving part reachable? 200 when all are, 503 naming the one that is not."""

import redis
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 — any failure means the database is not usable
        return False


def _channel_layer_ok() -> bool:
    if get_channel_layer() is None:
        return False
    if not settings.REDIS_URL:
        return True  # the in-process layer lives as long as this process does
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except redis.RedisError:
        return False


@require_GET
def healthz(request):
    from kb.search import backend_name

    body = {
        "status": "ok",
        "database": "ok" if _database_ok() else "error",
        "channel_layer": "ok" if _channel_layer_ok() else "error",
        "search": backend_name(),
    }
    if body["database"] != "ok" or body["channel_layer"] != "ok":
        body["status"] = "degraded"
        return JsonResponse(body, status=503)
    return JsonResponse(body)
