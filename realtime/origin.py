"""Cross-site WebSocket hijacking: a browser's socket must come from one of ALLOWED_HOSTS.

Channels' `AllowedHostsOriginValidator`, with one difference: a handshake with *no* Origin header
is let through to authentication. Browsers always send Origin on a WebSocket handshake, so a
hijacking page (which would ride on the victim's session cookie) is always checked; clients that
send none are programs (the CTI bridge, `?token=` clients, benchmarks), which carry no cookie of a
victim and still have to authenticate. Channels' own validator refuses them outright unless
ALLOWED_HOSTS is "*".
"""

from channels.security.websocket import OriginValidator
from django.conf import settings


class BrowserOriginValidator(OriginValidator):
    def valid_origin(self, parsed_origin):
        if parsed_origin is None:
            return True
        return self.validate_origin(parsed_origin)


def AllowedHostsOriginValidator(application):  # noqa: N802 — named as Channels names it
    allowed_hosts = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed_hosts:
        allowed_hosts = ["localhost", "127.0.0.1", "[::1]"]
    return BrowserOriginValidator(application, allowed_hosts)
