"""Posting signed CTI events the way the telephony platform does."""

import json
from datetime import timedelta

from django.conf import settings
from django.test import Client
from django.utils import timezone

from hotline.telephony.signing import sign

URL = "/api/v1/cti/events/"


def cti_body(event: str, call_id: str = "C-0001", *, caller="13812345678", agent="agent1", at=None, **extra) -> dict:
    body = {"event": event, "call_id": call_id, "caller": caller, "agent": agent,
            "at": (at or timezone.now()).isoformat(), **extra}
    return {key: value for key, value in body.items() if value is not None}


def post_cti(body, *, secret=None, signature=None, raw: bytes | None = None):
    data = raw if raw is not None else json.dumps(body).encode()
    header = signature if signature is not None else sign(data, secret or settings.CTI_SHARED_SECRET)
    return Client().post(URL, data=data, content_type="application/json", HTTP_X_HOTLINE_SIGNATURE=header)


def seconds_ago(seconds: float):
    return timezone.now() - timedelta(seconds=seconds)
