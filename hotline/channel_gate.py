"""Channel endpoints that stay closed until their secrets are configured (config.secrets).

Outside DEBUG an unset channel secret is empty; the endpoint then answers
``503 {"error": {"code": "channel_not_configured", ...}}`` with ``Retry-After`` and names nothing
secret, instead of falling back to a published demo value.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings

from hotline.api.errors import json_error

RETRY_AFTER_SECONDS = 3600


def channel_closed_response(*names: str):
    """A 503 when any of the settings `names` is empty, else None."""
    missing = [name for name in names if not getattr(settings, name, "")]
    if not missing:
        return None
    response = json_error(503, "channel_not_configured", "该接入渠道尚未配置，暂不可用。")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def requires_channel_settings(*names: str):
    """Decorate a channel view: 503 until every one of `names` is configured."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return channel_closed_response(*names) or view(request, *args, **kwargs)

        return wrapped

    return decorate
