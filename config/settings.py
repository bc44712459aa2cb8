"""Settings of the portal: every knob read from the environment (the beat schedule and
the logging are built by config.beat and config.log).

See README.md ("Configuration") and .env.example for the list of variables.
"""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.beat import beat_schedule
from config.env import database_config, env_bool, env_int, env_list, env_str, writable_dir
from config.log import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
# Everything the portal writes on its own machine (SQLite file, embedded broker, mail
# files, uploads, beat's schedule) lives under one folder, created when missing.
VAR_DIR = writable_dir(Path(env_str("PORTAL_VAR_DIR") or BASE_DIR / "var").resolve())

# --- Core -----------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example); "
            "only DEBUG=true runs fall back to a development key."
        )
    SECRET_KEY = "django-insecure-development-only-" + "x" * 32

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")
DEMO_DATA_ALLOWED = env_bool("DEMO_DATA_ALLOWED", DEBUG)
# bench/: a baseline page (base layout, no database) for `make bench`; off in production.
BENCHMARK_ENDPOINTS = env_bool("BENCHMARK_ENDPOINTS", False)

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "portal.core",
    "portal.api",
    "portal.accounts",
    "portal.notifications",
    "portal.imports",
    "consultations",
    "recommendations",
]

MIDDLEWARE = [
    "portal.core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.core.i18n.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "consultations.mfa.MfaRequiredMiddleware",
    "portal.core.middleware.UserTimezoneMiddleware",
    "portal.api.headers.ApiHeadersMiddleware",
    "portal.api.idempotency.ApiIdempotencyMiddleware",
    # Last: a cached answer still passes through every middleware above.
    "portal.core.response_cache.AnonymousResponseCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.core.context_processors.portal",
                "portal.notifications.context_processors.notifications",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------
DATABASES = {"default": database_config(env_str("DATABASE_URL"), var_dir=VAR_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (allauth's rate limits use it: Redis in production) ---------------------
REDIS_URL = env_str("REDIS_URL")
CACHE_URL = env_str("CACHE_URL") or REDIS_URL
if CACHE_URL:
    # An unreachable Redis degrades (portal.core.resilient_cache): reads are computed
    # from the database, the sign-in limits count in the database table below meanwhile.
    CACHES = {
        "default": {
            "BACKEND": "portal.core.resilient_cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
            "OPTIONS": {
                "FALLBACK": "ratelimit_fallback",
                "FALLBACK_PREFIXES": ["allauth:rl:"],
                "RETRY_SECONDS": env_int("CACHE_RETRY_SECONDS", 5),
                "ON_RECOVER": "portal.core.cache.data_generation_retire",
                "socket_connect_timeout": 0.5,
                "socket_timeout": 1,
            },
        },
        "ratelimit_fallback": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache_fallback",
            "OPTIONS": {"MAX_ENTRIES": 100000},
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Sessions live in the database: every node reads them, and no cache outage signs anyone
# out (or, worse, back in after a sign-out the cache missed).
SESSION_ENGINE = env_str("SESSION_ENGINE", "django.contrib.sessions.backends.db")

# --- Accounts ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "my_work"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[UNTOC portal] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_RATE_LIMITS_ENABLED = env_bool("ACCOUNT_RATE_LIMITS_ENABLED", True)
# allauth's own switch: False turns every limit off; a dict keeps its defaults (login,
# failed logins, sign-up, password reset, e-mail confirmation) but for the actions it
# names, counted in the cache above.
# Every form that checks a password or a code allows as many tries as a failed sign-in
# (allauth's default: 10 a minute from one address, 5 per 5 minutes for one account): the
# portal's own forms (portal.core.ratelimit) and allauth's password change, e-mail
# management and reauthentication, whose own defaults are looser.
PASSWORD_ATTEMPTS_RATE = "10/m/ip,5/5m/user"
ACCOUNT_RATE_LIMITS = ({"change_password": PASSWORD_ATTEMPTS_RATE,
                        "manage_email": PASSWORD_ATTEMPTS_RATE,
                        "reauthenticate": PASSWORD_ATTEMPTS_RATE}
                       if ACCOUNT_RATE_LIMITS_ENABLED else False)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "portal.accounts.forms.SignupExtraForm"
ACCOUNT_FORMS = {
    "signup": "portal.accounts.allauth_forms.SignupForm",
    "change_password": "portal.accounts.allauth_forms.ChangePasswordForm",
    "set_password": "portal.accounts.allauth_forms.SetPasswordForm",
    "reset_password_from_key": "portal.accounts.allauth_forms.ResetPasswordKeyForm",
}
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# Focal persons, agency contacts and UNODC staff reach only the two-factor enrollment
# pages until they enroll (consultations.mfa). Off only in tests that are not
# about it (pyproject's pytest env), like the rate limits.
MFA_ENFORCE = env_bool("MFA_ENFORCE", True)
# Whether a user still lacks the two-factor authentication their roles require (roles
# are consultations' data; the kernel asks through this path).
MFA_GATE = "consultations.mfa.mfa_missing"
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "UNTOC portal")

# --- Internationalization -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates per language (portal/formats/<lang>/formats.py), e.g. Russian genitive months.
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static files and uploads -------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "private-media"  # never served directly: downloads go through views
MEDIA_URL = "/private-media/"  # no route serves it; only test servers read this
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
# Uploads and evidence: a private folder (MEDIA_ROOT) by default; S3-compatible object
# storage when a bucket is set (pip install ".[s3]"), shared by every node. Either way
# files are read back only by the permission-checking download views, streamed; the
# bucket stays private (no public URL is ever handed out).
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
DEFAULT_STORAGE = (
    {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
        "region_name": env_str("AWS_S3_REGION_NAME") or None,
        "location": env_str("AWS_LOCATION", "private-media"),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }}
    if AWS_STORAGE_BUCKET_NAME
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without a manifest (development, tests) WhiteNoise serves straight from the finders.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)  # spreadsheet imports: data rows
IMPORT_MAX_UNCOMPRESSED = env_int("IMPORT_MAX_UNCOMPRESSED", 100 * 1024 * 1024)  # XLSX
# An uploaded spreadsheet not confirmed within this many hours of its last step is
# abandoned: the sweep deletes its file (a finished or cancelled import's at once).
IMPORT_UPLOAD_RETENTION_HOURS = env_int("IMPORT_UPLOAD_RETENTION_HOURS", 24)

# --- E-mail ----------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "portal.core.mail.FileEmailBackend"
    if not env_str("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "UNTOC portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------------------
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded default: messages are files under var/broker, so a real worker and
    # beat run on a machine without any server.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(writable_dir(BROKER_DIR / "queue")),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(writable_dir(BROKER_DIR / "control")),
        "store_processed": False,
        # The worker takes a message per free process and then polls the folder again:
        # at kombu's default of 1 s, e-mails went out at two per second.
        "polling_interval": 0.2,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Longer than the longest task (time limit below), so a task is redelivered
        # only when its worker really died.
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    }
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or REDIS_URL or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
# Notifications are delivered in batches of this size per task (one SMTP connection).
NOTIFICATION_DELIVERY_BATCH = env_int("NOTIFICATION_DELIVERY_BATCH", 50)
# A task claims, sends and records this many at a time (a claim and a result statement per
# chunk, not per e-mail); a worker that dies mid-chunk leaves at most this many e-mails
# "possibly sent twice".
NOTIFICATION_CLAIM_CHUNK = env_int("NOTIFICATION_CLAIM_CHUNK", 20)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
# An e-mail attempt still "sending" after this long outlived its task (time limit above):
# the sweeper gives it up and sends the e-mail again once, flagged "possibly sent twice".
NOTIFICATION_SENDING_STALE_SECONDS = env_int("NOTIFICATION_SENDING_STALE_SECONDS",
                                             CELERY_TASK_TIME_LIMIT + 60)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TIMEZONE = "UTC"
# Beat's heartbeat through the broker to a worker; /health/ready calls the worker stale
# after two of these intervals without one.
HEARTBEAT_SECONDS = env_int("HEARTBEAT_SECONDS", 60)
CELERY_BEAT_SCHEDULE = beat_schedule(heartbeat_seconds=HEARTBEAT_SECONDS)
# Reminders are due at this hour (UTC) of their day; escalation after this many days overdue.
REMINDER_HOUR_UTC = env_int("REMINDER_HOUR_UTC", 6)
REMINDER_ESCALATION_DAYS = env_int("REMINDER_ESCALATION_DAYS", 30)
# The notification layer's role defaults read roles through this (no import of the apps).
NOTIFICATION_ROLES_RESOLVER = "consultations.notification_roles.user_roles"
# Publishing must not hang a request when the broker is down: the outbox row is already
# committed and the sweeper sends it later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0,
                                    "interval_step": 0.5, "interval_max": 1}

# --- Security ------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# A proxy or an orchestrator probes each node over plain HTTP: no redirect for those.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
# JSON under /api/ (e.g. a session write without the token), Django's page elsewhere.
CSRF_FAILURE_VIEW = "portal.api.errors.csrf_failure"
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- API ---------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "consultations.mfa.MfaEnrolled",
        "rest_framework.permissions.IsAuthenticatedOrReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "portal.api.filters.StrictFilterBackend",
        "portal.api.ordering.NullsLastOrdering",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "portal.api.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.PagePagination",
    "PAGE_SIZE": 25,
    "DEFAULT_THROTTLE_CLASSES": [
        "portal.api.throttling.UserThrottle",
        "portal.api.throttling.AnonThrottle",
    ],
    # JSON only: the documentation pages (/api/docs/) are the browsable API.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "portal.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "portal.api.schema.PortalAutoSchema",
}
# Rate limits of the API per signed-in user and per anonymous client (IP), in the default
# cache (Redis in production): "<n>/<second|minute|hour|day>".
API_THROTTLE_RATES = {
    "user": env_str("API_THROTTLE_USER", "2000/hour"),
    "anon": env_str("API_THROTTLE_ANON", "300/hour"),
}
# A token's last use is written at most this often (seconds).
API_TOKEN_TOUCH_SECONDS = env_int("API_TOKEN_TOUCH_SECONDS", 60)
# Dashboards and the scorecard are cached until the next change; this bounds how long a
# change made outside the services (bulk import, shell) can go unseen. 0 turns it off.
READ_MODEL_CACHE_SECONDS = env_int("READ_MODEL_CACHE_SECONDS", 300)
# Stored read models (portal.core.read_models): a refresh runs this long after the first
# change of a window; a row older than the max age is stale even without a known change.
READ_MODEL_DEBOUNCE_SECONDS = env_int("READ_MODEL_DEBOUNCE_SECONDS", 10)
READ_MODEL_MAX_AGE_SECONDS = env_int("READ_MODEL_MAX_AGE_SECONDS", 3600)
# Whole answers of the public pages and the anonymous API, for anonymous visitors
# (portal.core.response_cache): kept until the next change, at most this long (0: off).
RESPONSE_CACHE_SECONDS = env_int("RESPONSE_CACHE_SECONDS", 300)
# Cache-Control max-age of those answers: how long a browser or proxy may reuse one
# without asking (0: it revalidates each time, a 304 when nothing changed).
RESPONSE_CACHE_MAX_AGE = env_int("RESPONSE_CACHE_MAX_AGE", 0)
# On a miss one worker computes; the others wait at most this long for its answer.
RESPONSE_CACHE_WAIT_SECONDS = env_int("RESPONSE_CACHE_WAIT_SECONDS", 5)
RESPONSE_CACHE_LOCK_SECONDS = env_int("RESPONSE_CACHE_LOCK_SECONDS", 10)
# Full-text search ranks at most this many of the most recent matches (the rest are
# reached by narrowing the search); it keeps a common word's cost flat as data grows.
SEARCH_RANK_WINDOW = env_int("SEARCH_RANK_WINDOW", 1000)
# Long lists count at most this many rows ("more than 10,000") and page no further, so
# neither the count nor the offset of a page grows with the data.
LIST_COUNT_CAP = env_int("LIST_COUNT_CAP", 10_000)
# The deployed code's version (e.g. a git tag): the API contract is cached per version.
PORTAL_RELEASE = env_str("PORTAL_RELEASE", "")
SPECTACULAR_SETTINGS = {
    "TITLE": "UNTOC stakeholder consultation portal API",
    "DESCRIPTION": (
        "Everything a user can do on the portal, under the same permissions. "
        "Authenticate with a personal API token (`Authorization: Bearer <token>`, created "
        "on the profile page) or the browser session (with the CSRF token). Every error "
        "has the shape `{\"error\": {\"code\", \"message\", \"fields\"}}`. Every POST "
        "accepts an `Idempotency-Key` header (8-100 letters, digits or `-_.:`): a retry with "
        "the same key and body gets the first answer (`Idempotent-Replayed: true`) and "
        "creates nothing; the same key with another body is refused (422)."
    ),
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ActionStatusEnum": "recommendations.models.ActionStatus",
        "FieldVisibilityEnum": "recommendations.models.FieldVisibility",
        "PositionEnum": "recommendations.models.Position",
        "CoSignatureStatusEnum": "recommendations.models.CoSignature.Status",
        "RecommendationStatusEnum": "recommendations.models.Recommendation.Status",
        "OrganizationStatusEnum": "consultations.models.Organization.Status",
        "OrganizationCategoryEnum": "consultations.models.Organization.Category",
        "EventStatusEnum": "consultations.models.Event.Status",
        "EventKindEnum": "consultations.models.Event.Kind",
        "PartyKindEnum": "consultations.models.Party.Kind",
        "TreatyActionKindEnum": "consultations.models.TreatyAction.Kind",
        "ReservationKindEnum": "consultations.models.Reservation.Kind",
        "RegistrationStatusEnum": "consultations.models.Registration.Status",
        "MembershipRoleEnum": "consultations.models.Membership.Role",
        "NotificationCategoryEnum": "portal.notifications.models.Category",
        "NotificationModeEnum": "portal.notifications.models.Mode",
        "EventModeEnum": "consultations.models.Event.Mode",
        "OfficialRoleEnum": "consultations.models.OfficialAssignment.Role",
    },
    # `<id:…>` in a path (portal.core.ids): an id, up to the largest primary key.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 2**63 - 1},
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.schema.add_error_responses",
        "portal.api.schema.add_response_headers",
        "portal.api.contract.apply_contract",
        "portal.api.schema.describe_the_rest",
        "portal.api.examples.add_examples",
    ],
}

# --- Logging -----------------------------------------------------------------------------------
LOGGING = logging_config()
