"""Settings shared by every environment. Values that differ per deployment come from the
environment (see ``config/env.py``); ``dev``, ``test`` and ``production`` adjust the rest."""

from __future__ import annotations

from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_db, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "participatie",
    "matching",
    "subsidies",
]

MIDDLEWARE = [
    "participatie.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise (static files keep their cache headers): no-store and Permissions-Policy.
    "participatie.privacy.middleware.PrivacyHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "participatie.middleware.CommonMiddleware",
    # Before CSRF (which may read a form body): a too-large API body is refused unread.
    "participatie.api.middleware.ApiBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A token call replaces the session user before anything reads or writes the session.
    "participatie.accounts.middleware.ApiTokenMiddleware",
    # The language the user chose wins over the browser's (after LocaleMiddleware's guess).
    "participatie.accounts.language.UserLanguageMiddleware",
    # After MessageMiddleware: a timed-out session leaves a message on the login page.
    "django.contrib.messages.middleware.MessageMiddleware",
    "participatie.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "participatie.middleware.MfaRequiredMiddleware",
    "participatie.tenancy.middleware.TenancyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "participatie.context_processors.tenancy",
            ],
        },
    },
]

DATABASES = {"default": env_db("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# The role the application logs in as on PostgreSQL (password DATABASE_APP_PASSWORD), on the
# server and database of DATABASE_URL; DATABASE_URL itself names the owner, who logs in only for
# migrations, flush and creating test databases (participatie.tenancy.db.owner_role). Row-Level
# Security applies to every transaction the application runs, also through PgBouncer in
# transaction pooling mode. Empty: the application logs in as DATABASE_URL's role itself (which
# must then be a role RLS applies to, with migrations run by a separate owner login).
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE", "")
DATABASE_APP_PASSWORD = env_str("DATABASE_APP_PASSWORD", "")
if DATABASE_APP_ROLE and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "participatie.tenancy.postgresql"
# Persistent connections: seconds a connection is kept for later requests of the same thread (0:
# one per request). The tenant setting is transaction-local and the role is the login, so a
# reused connection carries nothing from one request into the next. Production defaults to 60.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Behind a pooler in transaction mode (PgBouncer pool_mode = transaction) a cursor must not
# outlive its transaction: Django's server-side cursors outside atomic() are WITH HOLD.
if env_bool("DATABASE_TRANSACTION_POOLING", False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "participatie.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site root (/favicon.ico on every page): whitenoise serves them
# before any middleware that would ask for a login.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    # Redis away must not take the site down: the cache answers "not there" and forgets what
    # it is given (sessions fall back to the database; rate limits do not count meanwhile),
    # and a socket never waits long (participatie.kernel.cache, /health says "degraded").
    CACHES = {
        "default": {
            "BACKEND": "participatie.kernel.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions: the cache answers most reads, the database keeps them across restarts.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Absolute lifetime of a login, and the idle time after which it ends (seconds).
SESSION_COOKIE_AGE = env_int("SESSION_ABSOLUTE_TIMEOUT", 8 * 3600, minimum=60)
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail login, no open signup (invitations only), MFA with TOTP + recovery codes.
ACCOUNT_ADAPTER = "participatie.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# Failed logins: per source address only. The lockout per account is django-axes's, counted per
# account *and* address (below): a per-account limit from anywhere ("5/5m/key") let a stranger
# lock anyone out from afar.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Participatie"

# django-axes: lock an account+address after repeated failed logins (the same account from
# another address still logs in: nobody locks an account from afar).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind a reverse proxy the client's address is in X-Forwarded-For: count that many proxies,
# or every login would come from the proxy's one address (and share one lockout again).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
AXES_USERNAME_FORM_FIELD = "login"
# allauth authenticates with email=..., not login=...: read the address from either.
AXES_USERNAME_CALLABLE = "participatie.accounts.lockout.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_LOCKOUT_CALLABLE = "participatie.accounts.lockout.lockout_response"
AXES_VERBOSE = False

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "participatie.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["participatie.api.limits.BoundedJSONParser"],
    # OPTIONS describes a view without looking an object up (DRF's would call get_object()).
    "DEFAULT_METADATA_CLASS": "participatie.api.metadata.Metadata",
    "DEFAULT_SCHEMA_CLASS": "participatie.api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "participatie.api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["participatie.api.filters.TenantFilterBackend"],
    "EXCEPTION_HANDLER": "participatie.kernel.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "PAGE_SIZE": 50,
    # One date format everywhere (issue 17): jjjj-mm-dd, in bodies and query strings.
    "DATE_INPUT_FORMATS": ["%Y-%m-%d"],
}
API_VERSION = "1.0.0"
# The largest request body any API endpoint reads; bulk endpoints (attendance, caseload import)
# take API_MAX_BULK_BODY_BYTES. Larger bodies get 413 before they are read.
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1024 * 1024, minimum=1024)
API_MAX_BULK_BODY_BYTES = env_int("API_MAX_BULK_BODY_BYTES", 16 * 1024 * 1024, minimum=1024)
SPECTACULAR_SETTINGS = {
    "TITLE": "Participatie API",
    "DESCRIPTION": "API voor participatieplekken: per gemeente onder /api/v1/<gemeente>/.",
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    # The major version is the server; paths are relative to it (NLGov API design rules).
    "SERVERS": [{"url": "/api/v1", "description": "Versie 1 van de API"}],
    "CONTACT": {
        "name": "Platformbeheer Participatie",
        "email": "beheer@participatie.example.nl",
        "url": "https://participatie.example.nl/",
    },
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status" (or "outcome") with different choices: name each set.
    "ENUM_NAME_OVERRIDES": {
        "EnrolmentStatusEnum": "participatie.enrolments.choices.EnrolmentStatus",
        "StepDecisionStatusEnum": "participatie.placements.choices.StepDecisionStatus",
        "ObjectionStatusEnum": "participatie.placements.choices.ObjectionStatus",
        "AttendanceStatusEnum": "participatie.attendance.choices.AttendanceStatus",
        "ReferralStatusEnum": "matching.choices.ReferralStatus",
        "ImportSourceEnum": "matching.imports.choices.ImportSource",
        "ReferralSourceEnum": "matching.choices.ReferralSource",
        "ImportStatusEnum": "matching.imports.choices.ImportStatus",
        "MatchingUnitApplicationStatusEnum": "subsidies.choices.MatchingUnitApplicationStatus",
        "MatchingUnitCostStatusEnum": "subsidies.choices.MatchingUnitCostStatus",
        "PaymentKindEnum": "subsidies.choices.PaymentKind",
        # Used by the companies' and the matching unit's decisions; placements keep "kind".
        "DecisionStatusEnum": "subsidies.choices.DecisionStatus",
        "KindEnum": "participatie.placements.choices.PlacementKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # The committed schema must not depend on the database it was generated with.
        "participatie.api.schema.drop_database_integer_bounds",
        # The snake_case query names of before issue 17, deprecated, next to their new names.
        "participatie.api.schema.add_deprecated_query_names",
        # Servers with the major version, the API-Version header on every response.
        "participatie.api.schema.design_rules",
    ],
}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# Acknowledge a message only after its task ended, and give it back when the worker process
# dies (SIGKILL, out of memory): a settlement or import killed halfway rolled back its
# transaction and is done again by the next worker, exactly once (tests/faults/).
CELERY_TASK_ACKS_LATE = True
# Logging is ours (structlog, config/logging.py): a worker must not replace the root handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Above the longest task, so Redis does not hand an acked-late task to a second worker. The
# socket timeouts and the short publish retry make a request that sends a job fail within a few
# seconds when Redis is away, instead of hanging (the user is told; participatie.kernel.jobs).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2 * 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# A worker keeps trying to reach the broker at start and after losing it (Redis restarted).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {
    # Issue 14: uploaded caseload files (they hold BSNs) go after the 30 days of undo.
    "import-files-expire": {
        "task": "imports.expire_files",
        "schedule": crontab(hour=4, minute=15),
    },
    # Daily, early: one task per municipality raises absence signals (issue 4).
    "absence-signals-daily": {
        "task": "absence.raise_absence_signals_everywhere",
        "schedule": crontab(hour=5, minute=30),
    },
    # Issue 6: the daily occupancy snapshot (the chart over time), the quarterly reports on the
    # 15th day after each quarter's end, the sweep of stale runs and the expiry of old files.
    "occupancy-snapshot-daily": {
        "task": "reports.snapshot_occupancy_everywhere",
        "schedule": crontab(hour=5, minute=45),
    },
    "reports-quarterly": {
        "task": "reports.generate_quarterly",
        "schedule": crontab(day_of_month=15, month_of_year="1,4,7,10", hour=6, minute=0),
    },
    "reports-requeue-stale": {
        "task": "reports.requeue_stale_runs",
        "schedule": crontab(minute="*/10"),
    },
    "reports-expire-files": {
        "task": "reports.expire_files",
        "schedule": crontab(hour=3, minute=15),
    },
    # Issue 13, e-mail: the daily digest of what waits for each user (once per user per day),
    # and mails whose message was lost before a worker saw it.
    "mail-digest-daily": {
        "task": "mail.send_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "mail-requeue-stale": {
        "task": "mail.requeue_stale",
        "schedule": crontab(minute="*/15"),
    },
    # Issue 15: retention and anonymisation, one task per municipality (after the reports).
    "privacy-retention-daily": {
        "task": "privacy.apply_retention_everywhere",
        "schedule": crontab(hour=3, minute=45),
    },
    # Issue 13: every morning; on the first working day after a quarter's end it settles that
    # quarter for every municipality (once: a second run creates nothing).
    "settle-due-quarters-daily": {
        "task": "subsidies.settle_due_quarters",
        "schedule": crontab(hour=6, minute=15),
    },
    # Issue 16: the lump sum's financial review every 2 years; its reminder, once per person.
    "lump-sum-review-reminders-daily": {
        "task": "subsidies.lump_sum_review_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
}

# Content Security Policy (django-csp): no inline scripts; htmx and charts are served from /static.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Reports: files are deleted this many days after a run finished (the run record stays); a
# run without a sign of life for this many minutes is sent to a worker again.
REPORT_RETENTION_DAYS = env_int("REPORT_RETENTION_DAYS", 90, minimum=1)
REPORT_STALE_MINUTES = env_int("REPORT_STALE_MINUTES", 30, minimum=1)

INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7, minimum=1)
# Scheme and host for links in e-mails sent outside a request (invitations from a request use
# the request's own host).
SITE_URL = env_str("SITE_URL", "http://localhost:8000")

# E-mail (issue 13): SMTP from the environment; development prints mail to the console and the
# tests keep it in memory (their settings override EMAIL_BACKEND). Mail leaves through the
# queue in participatie.mail, never from a request.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS (STARTTLS, port 587) or EMAIL_USE_SSL (465).")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Participatie <noreply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365, minimum=1)

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOG_FORMAT = env_str("LOG_FORMAT", "console")  # "json" in production
from config.logging import build_logging  # noqa: E402

LOGGING = build_logging(level=LOG_LEVEL, fmt=LOG_FORMAT)
