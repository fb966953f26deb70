"""Settings for the PMQA 4.0 self-assessment service.

One module for every environment: each value that differs between a laptop, CI
and production is read from an environment variable (see README, "Configuration").
"""

import datetime
import re
from pathlib import Path

import dj_database_url
import drf_spectacular_sidecar
from django.core.exceptions import ImproperlyConfigured

from pmqa.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", False)

# Production refuses to start without a real key: a default key would let anyone
# forge sessions and password-reset links.
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The service's address as people reach it, for links in e-mail sent without a request (reminders, notices).
SITE_URL = env_str("SITE_URL", CSRF_TRUSTED_ORIGINS[0] if CSRF_TRUSTED_ORIGINS else "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "pmqa.apps.PmqaAdminConfig",  # django.contrib.admin with the service's site (pmqa/admin_site.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "pmqa",
    "criteria",
    "agencies",
    "accounts",
    "assessments",
    "reviews",
    "reports",
    "outbox",
    "api",
    "rest_framework",
    "drf_spectacular",
    "notices",
    "search",
    "practices",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads a body (CSRF does): a body past every limit is refused unread (pmqa/uploads.py).
    "pmqa.uploads.BodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pmqa.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After authentication: it needs the person (caching, the admin) and sees every response.
    "pmqa.security.SecurityHeadersMiddleware",
    # Last, so that it sees the outcome of the login view (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pmqa.urls"
WSGI_APPLICATION = "pmqa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # Buddhist-era dates are needed on nearly every page.
            "builtins": ["pmqa.templatetags.thai_dates"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'pmqa.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The zero-setup database is shared by the server and the task worker of `make run`: a writer waits for the
    # other (up to 20 s) instead of failing, and takes its lock when its transaction begins (no deadlocks).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses logins while an account/address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Repeated failed logins lock the account from that address for a while (django-axes, database handler).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions live in the database so any app server behind a load balancer can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Bangkok"
USE_TZ = True

STATIC_URL = "static/"
_SWAGGER_UI = "static/drf_spectacular_sidecar/swagger-ui-dist"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Swagger UI for the API's documentation page (/api/v1/docs/), from the drf-spectacular-sidecar package: no CDN
    # at run time, and only this folder of the package (not its Redoc), so collectstatic stays quick.
    ("drf_spectacular_sidecar/swagger-ui-dist", Path(drf_spectacular_sidecar.__file__).parent / _SWAGGER_UI),
]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"  # never served: evidence goes through a view that checks access
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_MB", 20) * 1024 * 1024
# Search reads at most this much of each evidence file's text (docs/search.md): pages (slides, worksheets), characters.
SEARCH_TEXT_MAX_PAGES = env_int("SEARCH_TEXT_MAX_PAGES", 300)
SEARCH_TEXT_MAX_CHARS = env_int("SEARCH_TEXT_MAX_CHARS", 200_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields; files stream to disk past FILE_UPLOAD_MAX_MEMORY_SIZE
# Files stop at EVIDENCE_MAX_BYTES instead of being spooled whole and refused afterwards (pmqa/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "pmqa.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Evidence and stored reports go through Django's storage API: files under MEDIA_ROOT, or any S3-compatible
# object store when S3_BUCKET is set (django-storages; several app servers and workers then share it).
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    FILES_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,  # empty: AWS itself
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX"),
            "default_acl": None,  # private: downloads go through the access-checked views, never a public URL
            "querystring_auth": True,
            "file_overwrite": False,
            "addressing_style": env_str("S3_ADDRESSING_STYLE") or None,
        },
    }
else:
    FILES_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": FILES_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG else "pmqa.storage.StaticStorage"
    },
}
# Without collectstatic (a first run) pages link the plain file names and WhiteNoise serves them from the source
# tree (pmqa/storage.py): the service works, and says that collectstatic is missing.
WHITENOISE_MANIFEST_STRICT = False
# Source maps are for developers' tools only: served as they are, not compressed (brotli on megabytes of maps is most
# of collectstatic's time).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br", "swf", "flv", "woff", "woff2"),
    "map",
)
WHITENOISE_USE_FINDERS = DEBUG or not (STATIC_ROOT / "staticfiles.json").exists()

# Every e-mail is first written to the outbox table with the change that caused it, then sent by a task after
# the commit, retried until delivered (outbox/). MAIL_DELIVERY_BACKEND is what finally sends it.
EMAIL_BACKEND = "outbox.backend.OutboxBackend"
MAIL_DELIVERY_BACKEND = env_str(
    "MAIL_DELIVERY_BACKEND", env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
)
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # for the file-based delivery backend
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "PMQA 4.0 <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (Django's Tasks API through the django-tasks backport): the database backend by default, so
# nothing else is needed; RQ on Redis when TASKS_BACKEND=rq, for many workers on many machines. Workers run
# `manage.py worker`. Tests use "immediate" (the task runs where it is enqueued) unless a test starts a worker.
TASKS_BACKEND = env_str("TASKS_BACKEND", "db")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
_TASK_BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
# A task that has not finished its work this long after it was started (its worker was killed, say) is started
# again by the next sweep; workers sweep every TASKS_SWEEP_SECONDS (pmqa/worker.py).
TASKS_LEASE_SECONDS = env_int("TASKS_LEASE_SECONDS", 300)
TASKS_SWEEP_SECONDS = env_int("TASKS_SWEEP_SECONDS", 30)
# Dashboards keep what they computed until the cycle's results change (reports/snapshots.py): in each process's
# memory by default; in Redis when CACHE_REDIS_URL is set, shared by every app server.
CACHE_REDIS_URL = env_str("CACHE_REDIS_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_REDIS_URL}
    if CACHE_REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 1000}}
}
# Portfolios made in the background are kept this many days, then removed.
PORTFOLIO_KEEP_DAYS = env_int("PORTFOLIO_KEEP_DAYS", 7)

# The read-only API (/api/v1/, api/): personal tokens or the browser's session, JSON only, paginated, each token
# limited to API_RATE_LIMIT requests (counted in the cache above). Writes are refused by the views themselves.
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "1000/hour")
if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", API_RATE_LIMIT):
    raise ImproperlyConfigured(f"API_RATE_LIMIT must read <number>/<second|minute|hour|day>, not {API_RATE_LIMIT!r}.")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PMQA 4.0 API",
    "DESCRIPTION": "Read-only: the criteria, cycles, agencies and results a person may read, as the exports give "
    "them. Authenticate with a personal token (`Authorization: Token pmqa_…`) made on your token page.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "agencies.models.Agency.Kind",
        "AssessmentStatusEnum": "assessments.models.Assessment.Status",
        "CycleStatusEnum": "assessments.models.Cycle.Status",
        "EditionStatusEnum": "criteria.models.Edition.Status",
        "LevelEnum": "api.serializers.LEVELS",
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Production hardening: on unless DEBUG, each can be turned off where a proxy does the job.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
# The language switch's cookie: HTTPS only where the session's is; never read by scripts.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies stand between the clients and the service; the client's address is read through them
# (pmqa/proxies.py). 0 ignores X-Forwarded-For entirely: a client could write anything there.
PROXY_COUNT = env_int("PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0)
AXES_CLIENT_IP_CALLABLE = "pmqa.proxies.client_ip"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO ("weasyprint.progress"); keep its warnings (a refused URL, a
    # missing font) and nothing else.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}
