"""The production profile: `DJANGO_SETTINGS_MODULE=config.production` (what `make prod` and deploy/ use).

Everything of config.settings, with DEBUG forced off and the browser-facing protections a public
deployment behind TLS needs, so that `python manage.py check --deploy` reports no warnings:
HSTS, HTTPS redirect (nginx forwards X-Forwarded-Proto), Secure and HttpOnly cookies, a Content
Security Policy (django-csp) allowing this site's own scripts and styles plus per-response nonces.

`make prod` on one machine without TLS sets HOTLINE_TLS=false: cookies stay Secure-less and no
redirect happens, because there is no HTTPS to send anyone to (check --deploy then warns, rightly).
"""

import os

os.environ.setdefault("DEBUG", "false")

from config.settings import *  # noqa: E402,F403
from config.settings import INSTALLED_APPS, MIDDLEWARE, env  # noqa: E402

DEBUG = False
TLS = env.bool("HOTLINE_TLS", default=True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # nginx sets (overwrites) this header
SECURE_SSL_REDIRECT = TLS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the process manager's and load balancer's probe over plain HTTP
SESSION_COOKIE_SECURE = TLS
CSRF_COOKIE_SECURE = TLS
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000) if TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

INSTALLED_APPS = [*INSTALLED_APPS, "csp"]
MIDDLEWARE = [MIDDLEWARE[0], "csp.middleware.CSPMiddleware", *MIDDLEWARE[1:]]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'nonce'"],  # django-csp 4 puts this response's nonce here
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],  # same-origin WebSockets
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
