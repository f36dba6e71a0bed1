"""ASGI entry point: HTTP through Django, WebSockets through Channels (routes in realtime.routing)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402  (needs Django set up)
from realtime.origin import AllowedHostsOriginValidator  # noqa: E402

from realtime.auth import TokenOrSessionAuthMiddleware  # noqa: E402
from realtime.routing import websocket_urlpatterns  # noqa: E402
from tickets.routing.warmup import warm_in_background  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # A browser's socket must come from one of ALLOWED_HOSTS (no cross-site WebSocket hijacking
        # with a session cookie); clients without an Origin header (scripts, the CTI) pass.
        "websocket": AllowedHostsOriginValidator(TokenOrSessionAuthMiddleware(URLRouter(websocket_urlpatterns))),
    }
)

# The first suggestion would otherwise load jieba, the catalogue index and the learned model (seconds):
# a serving process warms them in the background as it starts (tests importing this module do not).
warm_in_background("web")
