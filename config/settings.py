"""Settings, read once from the environment.

Unset, the environment gives the embedded default: SQLite under ``var/``, an in-process channel
layer, tasks run in-process and knowledge-base search on the database. ``DATABASE_URL``,
``REDIS_URL`` and ``ELASTICSEARCH_URL`` switch each piece to its production service.
"""

import logging
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)
from config.secrets import DEV_SECRET_KEY as _DEV_SECRET, channel_secret, refuse_published_secrets  # noqa: E402

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
    if SECRET_KEY == _DEV_SECRET and env.bool("HOTLINE_DEV_WARNING", default=True):
        logging.getLogger("config").warning(
            "Running with development settings (DEBUG on, built-in SECRET_KEY). "
            "Set SECRET_KEY, DEBUG=false and ALLOWED_HOSTS in production."
        )
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")  # required outside DEBUG: checked below, by name
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_fsm_log",
    "channels",
    "axes",
    "tickets",
    "kb",
    "realtime",
    "hotline",
    "hotline.sms",
    "hotline.wechat",
    "hotline.telephony",
    "hotline.appointments",  # 双休日预约服务 (issue 13 §2)
    "hotline.citizens",
    "hotline.publishing",
    "hotline.open311",
    "hotline.transfers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hotline.hardening.RefuseNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hotline.api.errors.JsonErrorsMiddleware",
    "hotline.hardening.StaffSessionIdleTimeoutMiddleware",
    "hotline.hardening.ServiceUnavailableMiddleware",
    # Last, so a locked-out login on any door (admin, staff page) is answered by axes (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'hotline.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the sweep and the web server read while one of them writes; the busy timeout
    # turns a brief write collision into a short wait instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
         "transaction_mode": "IMMEDIATE"}
    )
else:
    # Under ASGI every request runs in a thread of its own and a persistent connection per thread
    # piles up idle connections (60 from one daphne). So: no persistent connections, and a bounded
    # psycopg pool per process when DB_POOL_MAX_SIZE > 0 (Django 5.2's "pool" option).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    _pool_max = env.int("DB_POOL_MAX_SIZE", default=0)
    if _pool_max > 0:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DB_POOL_MIN_SIZE", default=1), "max_size": _pool_max,
            "timeout": env.float("DB_POOL_TIMEOUT", default=10.0)}
    else:
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATABASE_VENDOR = "sqlite" if "sqlite" in DATABASES["default"]["ENGINE"] else "postgresql"

AUTH_USER_MODEL = "tickets.User"

# --- Redis: channel layer, Celery, cache --------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "capacity": 2000, "expiry": 60},
        }
    }
    # Deployments (or a benchmark) sharing one Redis database keep their groups apart by prefix.
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = env.str("CHANNEL_LAYER_PREFIX", default="asgi")
    # redis-py 8 times socket reads out after 5 s, which races channels-redis's 5 s blocking receive
    # (BZPOPMIN) and kills idle sockets with TimeoutError (django/channels_redis#422): give reads a margin.
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"] = [{"address": REDIS_URL, "socket_timeout": 15}]
    CACHES = {
        "default": {
            # Redis, or this process's memory while Redis is down (config.cache): never a 500 for a cache.
            "BACKEND": "config.cache.FailoverRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="hotline"),
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An unreachable broker host must cost a request seconds, not the OS connect timeout: the outbox
# keeps the message, and the outbox sweep sends it once the broker is back.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 3, "socket_timeout": 5}
CELERY_TIMEZONE = "Asia/Shanghai"
# Periodic work. In production `celery beat` runs it; in the embedded default the
# `runhotline` command runs the same schedule on a thread (see hotline.scheduler).
PERIODIC_TASKS = {
    "sla-sweep": {"task": "tickets.tasks.sweep_deadlines", "seconds": env.int("SLA_SWEEP_SECONDS", default=30)},
    "auto-close": {"task": "tickets.tasks.close_unrated", "seconds": 3600},
    "outbox-sweep": {"task": "hotline.sms.tasks.sweep_outbox", "seconds": env.int("OUTBOX_SWEEP_SECONDS", default=15)},
    "wechat-scrub": {"task": "hotline.wechat.tasks.scrub_processed_messages", "seconds": 300},
    # Smart dispatch (tickets.routing, tickets.topics): relearn from dispatch history; watch for spikes.
    "dispatch-retrain": {"task": "tickets.tasks.retrain_dispatch_model",
                         "seconds": env.int("DISPATCH_RETRAIN_SECONDS", default=6 * 3600)},
    "topic-spikes": {"task": "tickets.tasks.detect_topic_spikes",
                     "seconds": env.int("TOPIC_SPIKE_SECONDS", default=600)},
    "transfers-sweep": {"task": "hotline.transfers.tasks.sweep_transfers",
                        "seconds": env.int("TRANSFER_SWEEP_SECONDS", default=10)},
}
CELERY_BEAT_SCHEDULE = {
    name: {"task": spec["task"], "schedule": float(spec["seconds"])} for name, spec in PERIODIC_TASKS.items()
}

# --- Search -----------------------------------------------------------------------------------
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="hotline")
KB_ELASTICSEARCH_ANALYZER = env.str("KB_ELASTICSEARCH_ANALYZER", default="")  # e.g. ik_smart, smartcn (server plugins)

# --- Channels' secrets ------------------------------------------------------------------------
# Demo values in DEBUG only; outside DEBUG unset means "channel closed (503)" and a published demo
# value stops the process at start (config.secrets).
WECHAT_TOKEN = channel_secret(env, "WECHAT_TOKEN", debug=DEBUG)
WECHAT_APP_ID = channel_secret(env, "WECHAT_APP_ID", debug=DEBUG)
WECHAT_ENCODING_AES_KEY = channel_secret(env, "WECHAT_ENCODING_AES_KEY", debug=DEBUG)
WECHAT_APP_SECRET = channel_secret(env, "WECHAT_APP_SECRET", debug=DEBUG)
CTI_SHARED_SECRET = channel_secret(env, "CTI_SHARED_SECRET", debug=DEBUG)
# The WeChat API: "record" answers in-process and keeps the calls (hotline.wechat.client); "http"
# calls the real API. Unset, it is "http" only when the account's own secret was given.
WECHAT_API_TRANSPORT = env.str(
    "WECHAT_API_TRANSPORT", default="http" if env.str("WECHAT_APP_SECRET", default="") else "record")
# Where the "record" transport writes the calls it answered ("" keeps them in memory only).
WECHAT_RECORD_LOG = env.str("WECHAT_RECORD_LOG", default=str(VAR_DIR / "wechat-outbox.log"))
WECHAT_API_TIMEOUT = env.float("WECHAT_API_TIMEOUT", default=5.0)
# Text a follower sends within this many seconds of the last, while the letter is still `received`,
# joins that letter instead of opening a new one.
WECHAT_MERGE_WINDOW_SECONDS = env.int("WECHAT_MERGE_WINDOW_SECONDS", default=120)

# --- SMS and the outbox (hotline.sms) -----------------------------------------------------------
# file (var/sms-outbox.log) | http (the gateway below) | memory (tests) | dotted path to a backend class
SMS_BACKEND = env.str("SMS_BACKEND", default="file" if DEBUG else "http")
if not DEBUG and SMS_BACKEND == "file":
    # The file backend keeps what a phone would show (query passwords too): a development stand-in only.
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SMS_BACKEND: the file backend is refused outside DEBUG; use http (SMS_GATEWAY_URL).")
SMS_FILE_PATH = env.path("SMS_FILE_PATH", default=str(VAR_DIR / "sms-outbox.log"))
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_KEY = env.str("SMS_GATEWAY_KEY", default="")
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=10.0)
# Signs the gateway's inbound webhook (X-Hotline-Signature: sha256=<HMAC of the body>).
SMS_INBOUND_SECRET = channel_secret(env, "SMS_INBOUND_SECRET", debug=DEBUG)
refuse_published_secrets({name: globals()[name] for name in (
    "SECRET_KEY", "WECHAT_TOKEN", "WECHAT_APP_ID", "WECHAT_ENCODING_AES_KEY", "WECHAT_APP_SECRET",
    "CTI_SHARED_SECRET", "SMS_INBOUND_SECRET")}, debug=DEBUG)
OUTBOX = {
    "MAX_ATTEMPTS": env.int("OUTBOX_MAX_ATTEMPTS", default=6),
    "RETRY_BASE_SECONDS": env.int("OUTBOX_RETRY_BASE_SECONDS", default=30),  # then 60, 120, 240 … s
    "RETRY_MAX_SECONDS": 3600,
    "LEASE_SECONDS": 600,  # a row claimed longer than this was abandoned by a dead worker
    "BATCH": 100,
}

# --- Open311 GeoReport v2 and transfers between platforms (hotline.open311, hotline.transfers) ----
OPEN311 = {
    "JURISDICTION_ID": env.str("OPEN311_JURISDICTION_ID", default="12345.example.gov.cn"),
    "CHANGESET": "2026-12-01T00:00:00+08:00",
    "CONTACT": env.str("OPEN311_CONTACT", default="12345政务服务便民热线 开放接口：open311@12345.example.gov.cn"),
    "KEY_SERVICE": env.str("OPEN311_KEY_SERVICE", default="API 密钥由热线管理员在管理后台签发，请来函联系 open311@12345.example.gov.cn。"),
    "ENDPOINT_TYPE": "test" if DEBUG else "production",
    "SERVICE_NOTICE": "已受理，将按12345热线规定转交承办单位办理；凭信件编号（service_request_id）可随时查询办理进度。",
}
TRANSFERS = {
    # Who we are to the other platforms (the X-Hotline-Platform header of what we send).
    "SELF_CODE": env.str("TRANSFER_SELF_CODE", default="city-12345"),
    # Where they send their answers and their own transfers; told to them in every message.
    "CALLBACK_URL": env.str("TRANSFER_CALLBACK_URL", default="http://127.0.0.1:8000/api/v1/transfers/inbound/"),
    "TIMEOUT_SECONDS": env.float("TRANSFER_TIMEOUT_SECONDS", default=10.0),
    "RETRY_BASE_SECONDS": env.int("TRANSFER_RETRY_BASE_SECONDS", default=30),  # then doubling …
    "RETRY_MAX_SECONDS": 3600,  # … capped: a transfer is retried until the other side takes it
    "EMERGENCY_RETRY_BASE_SECONDS": 5,  # 即时转 to 110/119/120/122 retries fast
    "EMERGENCY_RETRY_MAX_SECONDS": 60,
    "LEASE_SECONDS": 120,
    "MAX_SKEW_SECONDS": 300,  # an inbound message's timestamp may be this far from our clock
    "BATCH": 50,
}

# --- Auth, passwords --------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Letters' query passwords have their own hasher (tickets.passwords: PBKDF2-SHA256 at this many
# iterations, ~1 ms a hash here), not the staff one: online guessing is what threatens them, and the
# lookup throttle stops it; why this is enough is in tickets/passwords.py and the README. Hashes made
# at another count keep verifying (the count is stored in each hash).
LETTER_PASSWORD_ITERATIONS = env.int("LETTER_PASSWORD_ITERATIONS", default=5_000)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# --- Production hardening (issue 12) -------------------------------------------------------------
# Client addresses: X-Forwarded-For is believed only from these peers (addresses or networks), i.e.
# our own nginx; see hotline.clients. Empty: REMOTE_ADDR is the client, the header is ignored.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Logins: django-axes on every door (admin, staff login page, API token), locking the pair
# user name + address, so nobody can lock a real supervisor out from elsewhere.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "hotline.clients.client_ip"  # an IP or None (axes stores it in an IP field)
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "hotline.hardening.login_locked_out"
AXES_VERBOSE = False
# API tokens expire (hours after issue; a login rotates the token, a password change revokes it).
API_TOKEN_TTL_HOURS = env.int("API_TOKEN_TTL_HOURS", default=12)
# Staff sessions end after this many idle minutes, and at the latest after SESSION_COOKIE_AGE.
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE_SECONDS", default=12 * 3600)
# Behind TLS (nginx terminating HTTPS): Secure cookies, HSTS, redirect; see config/production.py.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Database pool (PostgreSQL under ASGI): see the Database block above and README "Production".

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/console/"
LOGOUT_REDIRECT_URL = "/"

# --- i18n -------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LOCALE_PATHS = [BASE_DIR / "locale"]  # corrections to the packages' Chinese messages (see its django.po)
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Files ------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").exists() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Attachments live outside the web root and are served only through a permission-checked view.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- REST framework ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hotline.api.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "EXCEPTION_HANDLER": "hotline.api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": ["hotline.api.parsing.SafeJSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_THROTTLE_RATES": {"staff": env.str("HOTLINE_STAFF_API_RATE", default="1200/min")},
}
# Abuse limits of the citizen doors and staff login, (attempts, seconds); see hotline.api.guards.
HOTLINE_THROTTLES = {
    "lookup_failures_per_letter": (5, 15 * 60),  # per letter number *and* client address
    "lookup_failures_per_letter_global": (50, 60 * 60),  # per letter number, from anywhere
    "lookup_failures_per_address": (env.int("HOTLINE_LOOKUP_FAILURES_PER_ADDRESS_HOUR", default=200), 60 * 60),
    "letters_per_address": (env.int("HOTLINE_LETTERS_PER_ADDRESS_HOUR", default=100), 60 * 60),
    "letters_per_phone": (env.int("HOTLINE_LETTERS_PER_PHONE_HOUR", default=20), 60 * 60),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "12345 政务服务便民热线 API",
    "DESCRIPTION": "Citizen letters, staff tickets, knowledge base and channel endpoints.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Hotline rules ----------------------------------------------------------------------------
HOTLINE = {
    "SLA_WARNING_FRACTION": 0.8,
    "MAX_REOPENS": env.int("HOTLINE_MAX_REOPENS", default=1),
    # A resolved ticket no citizen rated closes by itself after this many days.
    "AUTO_CLOSE_DAYS": env.int("HOTLINE_AUTO_CLOSE_DAYS", default=7),
    "RETURN_WINDOW_WORKING_DAYS": 2,
    "MAX_EXTENSION_WORKING_DAYS": 10,
    # Statistics (perf, issue 10): a unit is ranked only when every rate of its score rests on at
    # least this many tickets or ratings; fewer are listed below the ranking as 样本不足.
    "RANKING_MIN_SAMPLE": env.int("HOTLINE_RANKING_MIN_SAMPLE", default=10),
}
# The city's telephone area code: a local number typed or reported without one belongs to it.
PHONE_DEFAULT_AREA_CODE = env.str("PHONE_DEFAULT_AREA_CODE", default="0311")

# --- Citizen accounts (hotline.citizens) ---------------------------------------------------------
# SMS sign-in codes: 6 digits, 5 minutes, 5 tries, one new code per number per 60 s; tokens and
# portal sessions expire. Ceilings per number and per client address are in HOTLINE_THROTTLES.
CITIZENS = {
    "CODE_LENGTH": 6,
    "CODE_TTL_SECONDS": 300,
    "CODE_MAX_TRIES": 5,
    "RESEND_SECONDS": 60,
    "TOKEN_DAYS": env.int("CITIZEN_TOKEN_DAYS", default=30),
    "SESSION_HOURS": env.int("CITIZEN_SESSION_HOURS", default=12),
}
HOTLINE_THROTTLES.update({
    "citizen_codes_per_phone": (env.int("CITIZEN_CODES_PER_PHONE_HOUR", default=5), 60 * 60),
    "citizen_codes_per_address": (env.int("CITIZEN_CODES_PER_ADDRESS_HOUR", default=20), 60 * 60),
    "citizen_sign_in_failures_per_address": (30, 60 * 60),
})

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # celery.app.trace logs every task run at INFO: the outbox sweep alone would log four lines a minute.
    "loggers": {"jieba": {"level": "WARNING"}, "daphne": {"level": "INFO"}, "celery.app.trace": {"level": "WARNING"},
                "axes": {"level": "WARNING"}},
}
