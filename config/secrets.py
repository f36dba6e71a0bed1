"""The published demo secrets, and the rule that none of them is ever accepted outside DEBUG.

CONTRACT.md: "Outside DEBUG, no published demo secret is ever accepted: the process refuses to start
naming the variable, or the channel answers 503 until configured." Here:

- ``SECRET_KEY``: required outside DEBUG; the published development key is refused (the process
  does not start, the error names the variable).
- a channel secret (``WECHAT_*``, ``CTI_SHARED_SECRET``, ``SMS_INBOUND_SECRET``) *set* to its published
  demo value outside DEBUG: refused at start, naming the variable (someone copied the demo value).
- a channel secret left *unset* outside DEBUG: empty, and that channel's endpoint answers
  ``503 channel_not_configured`` until it is configured (see ``hotline.channel_gate``); the rest of
  the service runs.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

DEV_SECRET_KEY = "dev-insecure-secret-key-change-me-for-production-12345"

DEMO_SECRETS = {
    "WECHAT_TOKEN": "hotline12345demo",
    "WECHAT_APP_ID": "wx12345demo000000",
    "WECHAT_ENCODING_AES_KEY": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    "WECHAT_APP_SECRET": "demo-app-secret",
    "CTI_SHARED_SECRET": "demo-cti-secret",
    "SMS_INBOUND_SECRET": "demo-sms-inbound-secret",
}


def channel_secret(env, name: str, *, debug: bool) -> str:
    """The configured value; in DEBUG the demo value when unset, outside DEBUG "" when unset."""
    return env.str(name, default=DEMO_SECRETS[name] if debug else "")


def refuse_published_secrets(values: dict[str, str], *, debug: bool) -> None:
    """Raise ImproperlyConfigured naming the first variable that holds a published demo value."""
    if debug:
        return
    if not values.get("SECRET_KEY") or values["SECRET_KEY"] == DEV_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY: outside DEBUG set it to a long random value of your own "
            "(the published development key is refused).")
    for name, demo in DEMO_SECRETS.items():
        if values.get(name) == demo:
            raise ImproperlyConfigured(
                f"{name}: the published demo value is refused outside DEBUG; set the real one, "
                "or unset it to keep that channel closed (503) until it is configured.")
