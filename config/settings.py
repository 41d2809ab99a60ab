"""Otbor settings.

Everything that differs between a laptop and production comes from the environment.
With no ``DATABASE_URL`` Otbor runs on its *embedded defaults*: SQLite, a filesystem
Celery broker under ``var/`` and ``DEBUG`` on — the demo of ``make run``. Any real
deployment sets ``DATABASE_URL`` (PostgreSQL), ``REDIS_URL`` and ``DJANGO_SECRET_KEY``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("OTBOR_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
EMBEDDED = not DATABASE_URL
TESTING = env_bool("OTBOR_TESTING", False)

DEBUG = env_bool("DJANGO_DEBUG", EMBEDDED)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not (EMBEDDED or env_bool("OTBOR_TESTING", False)):
        raise RuntimeError("DJANGO_SECRET_KEY must be set outside the embedded defaults")
    SECRET_KEY = "embedded-insecure-key-for-demo-and-tests-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Project apps, lowest layer first (pyproject's import-linter contract holds the order).
    "reference",
    "audit",
    "accounts",
    "privacy",
    "organisations",
    "calls",
    "applications",
    "scoring",
    "screening",
    "commission",
    "portal",
    "public",
    "analytics",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.NoStoreForSignedInMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.StaffOTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes must come last: it turns a lockout raised during authentication
    # into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "accounts.context_processors.navigation",
            ],
        },
    },
]

if EMBEDDED:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "otbor.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
            # A file, not shared-cache memory: the live server's threads then wait for
            # locks (busy timeout) instead of failing with "database table is locked".
            "TEST": {"NAME": str(VAR_DIR / f"test-otbor-{os.getpid()}.sqlite3")},
        }
    }
else:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first (with the address lock of accounts/lockout.py): a locked-out
    # e-mail+IP or address is refused before any password check.
    "accounts.lockout.SignInLockBackend",
    # Permissions are django-rules' alone (ADR 0007); the password backend grants none.
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.PasswordBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
if DEBUG or EMBEDDED:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("OTBOR_TESTING", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded documents live outside the static root and are served only by a
# permission-checked view; MEDIA_URL is deliberately not routed.
MEDIA_ROOT = Path(os.environ.get("OTBOR_MEDIA_ROOT", VAR_DIR / "documents"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Without an SMTP server letters go to the console, masked like the logs (config/email_backends.py).
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "config.email_backends.MaskedConsoleEmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "otbor@minpromtorg.example")

SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_AGE", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Access control hardening (docs/adr, accounts/middleware.py) -----------
# Staff (secretaries, members, chair, administrators) must pass a TOTP (or a backup
# code) before any staff page or the admin; applicants are not affected. The tests of
# other areas switch it off in tests/conftest.py; tests marked ``otp`` keep it on.
# Always on with a real database; the embedded demo (`make run`) lets staff in with the
# printed demo password alone unless OTBOR_REQUIRE_STAFF_OTP=1.
OTBOR_REQUIRE_STAFF_OTP = env_bool("OTBOR_REQUIRE_STAFF_OTP", False) if EMBEDDED else True
OTP_TOTP_ISSUER = "Отбор"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# django-axes: 5 failed sign-ins for the same e-mail from the same IP lock that pair
# out for 30 minutes; a successful sign-in resets the counter. The e-mail is counted in
# its normalised spelling (case, spaces, NFKC: accounts/throttles.normalised_identity).
# An address from which 10 different accounts failed within an hour is locked for the
# rest of that hour (password spraying; accounts/lockout.py, a limit axes cannot set
# apart from the per-account one). Mails sent on request: 3 per e-mail and 10 per
# address an hour (accounts/throttles.py).
AXES_USERNAME_CALLABLE = "accounts.lockout.axes_username"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
OTBOR_SIGN_IN_ACCOUNTS_PER_ADDRESS = 10
OTBOR_MAIL_PER_ACCOUNT = 3
OTBOR_MAIL_PER_ADDRESS = 10
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Behind reverse proxies: how many append to X-Forwarded-For (accounts/client_ip.py). 0 = none,
# REMOTE_ADDR is the client. Also the address the personal-data access log records.
OTBOR_TRUSTED_PROXIES = int(os.environ.get("OTBOR_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip_address"

# django-csp 4. Scripts come only from our own static files (static/otbor/*.js, the
# vendored Bootstrap, the Django admin's): no template carries an inline <script> or an
# on...= handler attribute (tests/security/test_inline_scripts.py walks the pages),
# so an injected script does not run. Styles likewise come only from our files: no
# template, tag or error page carries a style="..." attribute or a <style> block (classes
# in static/otbor/otbor.css, loaded by the admin too: templates/admin/base_site.html), so
# injected markup cannot restyle a page either (tests/security/test_inline_scripts.py).
# The protocol's PDF template keeps its inline CSS: WeasyPrint renders it, not a browser.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- The REST API (api/, docs/api.md) ----------------------------------------
# Personal tokens (Bearer otb_…) for programs, the session for the browser. Every
# operation checks the token's scope and the web pages' rule (api/permissions.py).
# Limits per token (or user) and per address, counted in the shared cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.TokenRateThrottle", "api.throttles.AddressRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": os.environ.get("OTBOR_API_RATE_PER_TOKEN", "600/min"),
        "address": os.environ.get("OTBOR_API_RATE_PER_ADDRESS", "1200/min"),
    },
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # OPTIONS is answered 405: the schema describes the operations.
    "DEFAULT_METADATA_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Отбор API",
    "DESCRIPTION": "Заявки, отборы и открытые данные конкурсного отбора (docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["api.schema.only_version_one"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the vendored static files (drf-spectacular-sidecar): no CDN, and its
    # start script comes from our own URL, not inline (CSP script-src 'self').
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "applications.models.ApplicationStatus",
        "CallStatusEnum": "calls.models.CallStatus",
    },
}

# --- Cache -----------------------------------------------------------------
# Shared by every web process: rendered results tables and protocol files, keyed by a
# digest of what they show, so a change is never served stale. Redis in production
# (``CACHE_URL``, by default ``REDIS_URL``); the embedded demo and the tests keep a
# per-process memory cache.
CACHE_URL = os.environ.get("CACHE_URL", REDIS_URL)
if CACHE_URL and not TESTING:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "otbor",
            "TIMEOUT": 7 * 24 * 3600,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "otbor",
            "TIMEOUT": 7 * 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    }

# --- Celery ---------------------------------------------------------------
CELERY_BROKER_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # Longer than the task time limit, short enough that a task of a worker killed whole
    # (parent and children) is redelivered within minutes, not an hour.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 900}
else:
    # Embedded broker: kombu's filesystem transport works across processes, so
    # `make run` exercises the same asynchronous path as production.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_BROKER_DIR / 'results'}"
    for _folder in ("queue", "processed", "results", "control"):
        (CELERY_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "close-expired-calls": {"task": "calls.close_expired_calls", "schedule": 60.0},
    "requeue-missing-indicators": {"task": "scoring.requeue_missing_indicators", "schedule": 300.0},
}

# 152-FZ: every handler masks e-mails, phone numbers and personal INNs
# (config/logging_filters.py; Celery's own handlers get it in config/celery.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "config.logging_filters.PersonalDataFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["personal_data"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # django-axes logs every sign-in at INFO; lockouts and failures come at WARNING.
        "axes": {"level": os.environ.get("OTBOR_AXES_LOG_LEVEL", "WARNING")},
        # Django's defaults would keep an unmasked DEBUG-only console and mail_admins (a
        # request's data in the mail body) on "django": its records go to the root's
        # console only. The development server's request lines keep their own format.
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

# --- Production hardening (on whenever DEBUG is off) ------------------------
if not DEBUG:
    # TLS ends at the reverse proxy (docs/deploy.md), which says so in this header; a
    # proxy that does not overwrite it would let a client claim HTTPS: "" turns it off.
    _proxy_ssl_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO")
    if _proxy_ssl_header:
        SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not TESTING)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
