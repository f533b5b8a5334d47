"""Settings for the JET Career Portal: one module, read from the environment.

With no environment at all the portal runs for development: SQLite, Celery tasks run eagerly,
e-mail printed to the console, DEBUG on. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY,
ALLOWED_HOSTS and EMAIL_URL and turns DEBUG off, which switches on the hardening below.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)
# The development key is only accepted while DEBUG is on; production must set its own.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key" if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

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
    # allauth.mfa and post_office with names in the reader's language (jetcareer/web/apps.py).
    "jetcareer.web.apps.MFAConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "jetcareer.web.apps.PostOfficeConfig",
    "jetcareer.outbox",
    "django_countries",
    "django_filters",
    "import_export",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "jetcareer.accounts",
    "jetcareer.web",
    "participants",
    "employers",
    "events",
    "internships",
    "jobs",
    "regional",
    "surveys",
    "portal",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # NUL characters refused with a 400 page in the visitor's language (issue #13).
    "jetcareer.web.input_guard.RefuseNulMiddleware",
    # Answers to signed-in people and downloads: Cache-Control private, no-store.
    "jetcareer.web.middleware.PrivateCacheControlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A 405 without a body (a form's address opened as a page) gets a page in their language.
    "jetcareer.web.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: a staff account without a second factor sets one up first.
    "jetcareer.accounts.middleware.StaffMFAMiddleware",
    "jetcareer.web.middleware.LanguageCookieMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "jetcareer.urls"
WSGI_APPLICATION = "jetcareer.wsgi.application"

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
                "jetcareer.web.context_processors.portal",
            ],
        },
    },
    {
        # Subjects and plain-text parts of e-mail: the same templates, no HTML escaping
        # (jetcareer.outbox.rendering; an event titled `Q&A "…"` must not read `Q&amp;A &quot;`).
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# --- Data ----------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Keep connections between requests; a short lock timeout turns a stuck row lock into a
    # polite "try again" instead of a hung worker (see events.services).
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # random_page_cost 1.1 (PostgreSQL's default, 4, is for spinning disks): the data is on
    # SSD and mostly in memory, and with 4 the planner read all 70,000 profiles to count the
    # 600 people of a fair's résumé book (69 ms) rather than look them up (3 ms; issue #14).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c lock_timeout=5000 -c random_page_cost=1.1"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Only rate limits live in the cache: while Redis is down the backend answers like
            # an empty cache and logs a warning, so login, sign-up and contact keep working.
            "BACKEND": "jetcareer.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "jetcareer",
            # Redis answers in a millisecond; a down host must not hold a request for seconds.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Uploaded CVs live outside any publicly served folder and are streamed by a view that checks
# permission; in a scaled-out deployment this is a shared volume or object storage.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Languages and time ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ja", _("Japanese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our date formats where Django's differ from the portal's (admin's 「2026年12月1日11:46」).
FORMAT_MODULE_PATH = ["jetcareer.formats"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Accounts (django-allauth) --------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # OWASP ASVS 2.1.1: at least 12 characters.
    {
        "NAME": "jetcareer.accounts.passwords.MinimumLengthValidator",  # Django's, own words
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
ACCOUNT_ADAPTER = "jetcareer.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "jetcareer.accounts.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, written out so the policy is visible and reviewed in one place.
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_RATE_LIMITS_ENABLED = env.bool("ACCOUNT_RATE_LIMITS_ENABLED", default=True)
if not ACCOUNT_RATE_LIMITS_ENABLED:
    ACCOUNT_RATE_LIMITS = False

# Second factor (allauth.mfa): an authenticator app (TOTP) with recovery codes. Required for
# staff (jetcareer.accounts.middleware), optional for participants and employers.
MFA_ADAPTER = "jetcareer.accounts.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "JET Career Portal"
# One step of clock drift either way: phones are often a few seconds off.
MFA_TOTP_TOLERANCE = 1

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Admin exports (jetcareer/admin_export.py): a control character someone pasted becomes U+FFFD
# in an .xlsx instead of failing the whole export. Formulas are escaped by our own rule
# (jetcareer/spreadsheets.py), not by IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT, which only drops
# a leading "=" and turns numbers into text.
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# --- E-mail: everything goes through the database outbox (django-post-office) ---------------
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="JET Career Portal <careers@jetcareer.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# EMAIL_URL (smtp+tls://user:password@host:587) picks the real delivery backend; post-office
# stores every message first and hands it to that backend from a Celery task.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_DELIVERY_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
# Every message Django or a library sends is stored in the outbox (jetcareer.outbox.backends);
# workers hand it to the real backend above, exactly once (jetcareer.outbox.delivery).
EMAIL_BACKEND = "jetcareer.outbox.backends.OutboxBackend"
POST_OFFICE = {
    "BACKENDS": {"default": _DELIVERY_BACKEND},
    "DEFAULT_PRIORITY": "medium",
    # Delivery is triggered by jetcareer.outbox after commit, never inside the request.
    "CELERY_ENABLED": False,
    "MAX_RETRIES": 5,
    "RETRY_INTERVAL": timedelta(minutes=5),
    "MESSAGE_ID_ENABLED": True,
    # Message-IDs name the portal's own domain, not the worker's host name (often localhost).
    "MESSAGE_ID_FQDN": urlsplit(SITE_URL).hostname or "jetcareer.example",
}
# A delivery task stops taking new messages after this many seconds and hands on to a fresh
# task, far inside Celery's time limits, so no worker is killed in the middle of a send.
OUTBOX_TIME_BUDGET_SECONDS = env.float("OUTBOX_TIME_BUDGET_SECONDS", default=240.0)
# Each message is claimed by one sender with a row lock. Off only in the tests' control run,
# which shows that without the claim two workers send the same message.
OUTBOX_CLAIM = env.bool("OUTBOX_CLAIM", default=True)
CLAIR_CONTACT = {
    # From CLAIR's own publications (shared/seeds).
    "division": _("JET Programme Division, Coordination Division"),
    "email": env("CLAIR_CONTACT_EMAIL", default="gyomu@clair.or.jp"),
    "phone": "03-5213-1727",
    "hours": _("weekdays 9:00–17:45, Japan time"),
}

# Contact form: where inquiries go, and how often one sender may write.
CLAIR_DIVISION_EMAILS = {
    "coordination": env("CLAIR_COORDINATION_EMAIL", default="gyomu@clair.or.jp"),
    "training": env("CLAIR_TRAINING_EMAIL", default="kenshu@clair.example"),
}
CONTACT_INQUIRIES_PER_HOUR = env.int("CONTACT_INQUIRIES_PER_HOUR", default=5)
CONTACT_FORM_MIN_SECONDS = 3
# CV uploads a participant may attempt per hour (each one is read and checked: docs/decisions.md
# "PDF uploads").
CV_UPLOADS_PER_HOUR = env.int("CV_UPLOADS_PER_HOUR", default=10)
# Behind a proxy, the number of proxies whose X-Forwarded-For allauth trusts for client IPs.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# /health/ names the failing dependency only to staff and to requests carrying this token.
HEALTH_TOKEN = env("HEALTH_TOKEN", default="")
# Check-in opens this long before an event starts, at every door (events.services.registrations
# .check_in; issue #17: "on the event day, not months before"). Three hours (our choice,
# docs/decisions.md): room for early doors and for trying the scanners at the entrance on the
# morning itself, while a ticket scanned the day before, or by mistake weeks ahead, is refused.
CHECKIN_OPENS_BEFORE = timedelta(hours=env.float("CHECKIN_OPENS_BEFORE_HOURS", default=3.0))

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
# The longest task (the matching run) is bounded by the hard time limit; Redis redelivers an
# unacknowledged task only after the visibility timeout, which must be longer, or a slow task
# would run twice at once.
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_TASK_ACKS_LATE = False  # opt in per task, only where the task is idempotent
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues work must not hang when the broker is down: fail fast, the periodic
# sweep picks the work up later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {
        "task": "jetcareer.outbox.tasks.sweep_outbox",
        "schedule": env.float("OUTBOX_SWEEP_SECONDS", default=60.0),
    },
    "event-reminders": {
        "task": "events.tasks.send_event_reminders",
        "schedule": timedelta(minutes=30),
    },
    # A day before each booked consultation (events.services.consultations.REMINDER_BEFORE).
    "consultation-reminders": {
        "task": "events.tasks.send_consultation_reminders",
        "schedule": timedelta(minutes=15),
    },
    "open-surveys": {"task": "surveys.tasks.open_due_surveys", "schedule": timedelta(hours=6)},
    "survey-reminders": {
        "task": "surveys.tasks.send_survey_reminders",
        "schedule": timedelta(hours=6),
    },
    "lapse-internship-offers": {
        "task": "internships.tasks.lapse_unanswered_offers",
        "schedule": timedelta(minutes=15),
    },
    # Digests of new jobs: at most one a week per person (jobs.services.send_weekly_digests).
    "job-digests": {"task": "jobs.tasks.send_weekly_digests", "schedule": timedelta(hours=6)},
    "purge-old-mail": {
        "task": "jetcareer.outbox.tasks.purge_old_mail",
        "schedule": timedelta(days=1),
    },
}

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Sessions in PostgreSQL, never in the cache: Redis going down must not log everyone out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Messages ("Successfully signed in as alice@…") in the session, not in a readable cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # No inline script anywhere: every script is a static file.
        "script-src": [SELF],
        # Inline style attributes appear in Django admin and third-party widgets.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^health/live/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"post_office": {"level": "WARNING"}},
}
