"""Code24 settings: one file, every value read from the environment.

Each setting has a safe default for local use; where production needs a real value
(``SECRET_KEY`` with ``DEBUG`` off), a missing value fails loudly at start-up.
Every variable is listed in ``.env.example`` and in the README's configuration table.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CODE24_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_str(name: str, default: str = "") -> str:
    """The variable's value; unset or empty means the default (as in .env.example)."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


def env_rate(name: str, default: str) -> str:
    """A rate limit such as 120/m or 5/15m (hits/period, period in s, m, h or d)."""
    value = env_str(name, default)
    if not re.fullmatch(r"\s*\d+\s*/\s*\d*\s*[smhd]\s*", value):
        raise ImproperlyConfigured(
            f"{name} must be a rate such as 120/m or 5/15m (hits/period), not {value!r}."
        )
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set it to a long random string."
        )
    SECRET_KEY = "django-insecure-local-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The port `scripts/run` serves the dashboard on; the dashboard's address follows it unless
# SITE_URL is set (the site Workers post visitors' messages there, emails link to it).
CODE24_PORT = env_int("CODE24_PORT", 8000)
SITE_URL = env_str("SITE_URL", f"http://localhost:{CODE24_PORT}").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "code24.admin_site.AdminConfig",  # Django admin, with a limit on wrong passwords
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    # django-ninja's own templates and static files: the API docs' Swagger UI is served
    # from here, not from a CDN.
    "ninja",
    "allauth",
    "allauth.account",
    "code24.accounts",
    "code24.cloudflare",
    "code24.idempotency",
    "sites",
    "domains",
    "optimization",
    "code24.billing",
]

MIDDLEWARE = [
    "code24.middleware.ContentLengthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "code24.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "code24.accounts.middleware.CurrentAccountMiddleware",
    "code24.middleware.InvalidFormStatusMiddleware",
]

ROOT_URLCONF = "code24.urls"
WSGI_APPLICATION = "code24.wsgi.application"
ASGI_APPLICATION = "code24.asgi.application"

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
                "code24.accounts.context_processors.current_account",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------
# DATABASE_URL selects PostgreSQL (postgres://user:pass@host:5432/name, psycopg 3) in
# production and CI; without it Code24 uses an SQLite file under var/.

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "code24.sqlite3")),
            # A file, not memory, so a Celery worker process in the tests can share it.
            "TEST": {"NAME": str(VAR_DIR / "test-code24.sqlite3")},
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("CACHE_URL")}
        if env_str("CACHE_URL").startswith("redis")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Authentication (django-allauth, email as the login) --------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "landing"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
# allauth's rate limits are on by default (ACCOUNT_RATE_LIMITS: login failures, logins,
# sign-ups, password resets); they count in the cache, so production needs CACHE_URL.
# Behind reverse proxies, say how many, so limits count per visitor, not per proxy.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ACCOUNT_ADAPTER = "code24.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "code24.accounts.forms.SignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Code24] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

# --- Email ------------------------------------------------------------------------
# Console email by default; set EMAIL_HOST to send through SMTP.

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Code24 <hello@code24.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation, static files -------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
# Uploaded and generated files (the sites' files): the file system under MEDIA_ROOT, or an
# S3-compatible bucket such as Cloudflare R2 when FILES_S3_BUCKET is set (install the
# `s3` extra: pip install -e '.[s3]').
FILES_S3_BUCKET = env_str("FILES_S3_BUCKET")
DEFAULT_STORAGE: dict[str, object] = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": FILES_S3_BUCKET,
            "endpoint_url": env_str("FILES_S3_ENDPOINT_URL") or None,  # R2: https://<acct>.r2...
            "access_key": env_str("FILES_S3_ACCESS_KEY_ID"),
            "secret_key": env_str("FILES_S3_SECRET_ACCESS_KEY"),
            "region_name": env_str("FILES_S3_REGION", "auto"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if FILES_S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

# --- Security (production values whenever DEBUG is off) ---------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The Cloudflare client logs each call itself (operation, status, duration).
        "httpx": {"level": "WARNING"},
        # The Cloudflare SDK's debug log prints request bodies: secret bindings (the sites'
        # forms tokens) and KV values. Never below INFO, whatever LOG_LEVEL says.
        "cloudflare": {"level": "INFO"},
        # The Stripe SDK logs every request's URL at INFO (and more at DEBUG); Code24's
        # client logs each call itself, without its data.
        "stripe": {"level": "WARNING"},
    },
}

# --- Celery -----------------------------------------------------------------------
# CELERY_BROKER_URL selects Redis (redis://127.0.0.1:6379/0) in production and CI.
# Without it Celery uses kombu's filesystem transport under var/broker/, which needs
# no server.

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem"):
    _broker_dir = Path(env_str("CELERY_BROKER_DIR", str(VAR_DIR / "broker")))
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Code24 -----------------------------------------------------------------------

PLATFORM_DOMAIN = env_str("PLATFORM_DOMAIN", "code24.localhost")
# Builds. A worker holds the step it runs under a lease of BUILD_STEP_LEASE_SECONDS and
# renews it every third of that while the step works, for at most BUILD_STEP_MAX_SECONDS
# (a hung step is then taken over). The sweep (sites.tasks.builds_resume) runs every
# BUILD_SWEEP_SECONDS and hands a step whose lease lapsed (its worker died) to another
# worker: a build resumes within lease + sweep (45 s with the defaults) of a worker's death.
BUILD_STEP_LEASE_SECONDS = env_int("BUILD_STEP_LEASE_SECONDS", 30)
BUILD_STEP_MAX_SECONDS = env_int("BUILD_STEP_MAX_SECONDS", 900)
BUILD_SWEEP_SECONDS = env_int("BUILD_SWEEP_SECONDS", 15)
# A step that fails for passing reasons (Cloudflare busy or unreachable) waits and is tried
# again, with exponential backoff and jitter from BUILD_RETRY_BASE_SECONDS up to
# BUILD_RETRY_MAX_SECONDS between tries, for BUILD_RETRY_WINDOW_SECONDS (6 hours: longer
# than Cloudflare's worst outages of recent years); only then does the build fail.
BUILD_RETRY_WINDOW_SECONDS = env_int("BUILD_RETRY_WINDOW_SECONDS", 6 * 3600)
BUILD_RETRY_BASE_SECONDS = env_int("BUILD_RETRY_BASE_SECONDS", 5)
BUILD_RETRY_MAX_SECONDS = env_int("BUILD_RETRY_MAX_SECONDS", 120)
# Where the sites' files live: Django's default storage (MEDIA_ROOT, or S3/R2 via
# STORAGES), under this prefix.
SITE_FILES_PREFIX = env_str("SITE_FILES_PREFIX", "site-files")
# Customers' photos and logos (sites/photos.py): an upload of more than PHOTO_MAX_BYTES, or
# whose header declares more than PHOTO_MAX_PIXELS pixels, is refused before it is decoded.
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 20_000_000)
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", 50_000_000)
# A site's public address; {host} is <slug>.<PLATFORM_DOMAIN> or its custom domain. With
# the local Cloudflare, sites are served by its edge (port 8788; *.localhost reaches this
# machine in browsers).
SITE_ADDRESS = env_str(
    "SITE_ADDRESS",
    "https://{host}"
    if env_str("CLOUDFLARE_API_TOKEN")
    else "http://{host}:" + env_str("LOCAL_CLOUDFLARE_EDGE_PORT", "8788"),
)
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)
# After a site's address changes, its previous address answers a redirect to the new one
# (and nobody else can take it) for this many days.
ADDRESS_REDIRECT_DAYS = env_int("ADDRESS_REDIRECT_DAYS", 30)

# Rate limits (code24/ratelimits.py), each "hits/period" (s, m, h or d; e.g. 120/m, 5/15m),
# counted in the cache (CACHE_URL shares them between processes) per client address as
# allauth sees it (TRUSTED_PROXY_COUNT). Over a limit the API answers 429 in its error
# format and the staff login a 429 page, both with Retry-After.
#   API_RATE_LIMIT_PER_KEY      requests per API key (or per signed-in user)
#   API_RATE_LIMIT_PER_ADDRESS  API requests from one address, whatever their key
#   API_RATE_LIMIT_FAILED_AUTH  wrong API keys from one address; then that address is
#                               refused until the period ends, even with a right key
#   ADMIN_LOGIN_RATE_LIMIT      wrong passwords at /admin/login/ for one email address;
#                               then that login is refused, even with the right password
#   ADMIN_LOGIN_RATE_LIMIT_PER_ADDRESS  the same, for one client address and any emails
API_RATE_LIMIT_PER_KEY = env_rate("API_RATE_LIMIT_PER_KEY", "120/m")
API_RATE_LIMIT_PER_ADDRESS = env_rate("API_RATE_LIMIT_PER_ADDRESS", "300/m")
API_RATE_LIMIT_FAILED_AUTH = env_rate("API_RATE_LIMIT_FAILED_AUTH", "10/5m")
ADMIN_LOGIN_RATE_LIMIT = env_rate("ADMIN_LOGIN_RATE_LIMIT", "5/15m")
ADMIN_LOGIN_RATE_LIMIT_PER_ADDRESS = env_rate("ADMIN_LOGIN_RATE_LIMIT_PER_ADDRESS", "20/15m")

# Cloudflare (see the README, "Going live on Cloudflare"). Without CLOUDFLARE_API_TOKEN
# Code24 talks to the local Cloudflare that the run command starts, under its own account
# and zone ids; with a token, the real account's and zone's ids are required.
CLOUDFLARE_API_TOKEN = env_str("CLOUDFLARE_API_TOKEN")
LOCAL_CLOUDFLARE_ID = "023e105f4ecef8ad9ca31a8372d0c353"  # the local Cloudflare's account and zone


def env_cloudflare_id(name: str) -> str:
    """A Cloudflare account or zone id: 32 hex digits; required once a real token is set."""
    value = env_str(name).strip().lower()
    if not value:
        if CLOUDFLARE_API_TOKEN:
            raise ImproperlyConfigured(
                f"{name} is required when CLOUDFLARE_API_TOKEN is set; without it Code24 "
                "would call Cloudflare with the local Cloudflare's id. Copy it from the "
                "Cloudflare dashboard: the zone's Overview page shows the Zone ID and the "
                "Account ID."
            )
        return LOCAL_CLOUDFLARE_ID
    if not re.fullmatch(r"[0-9a-f]{32}", value):
        raise ImproperlyConfigured(
            f"{name} must be a Cloudflare id (32 characters, 0-9 and a-f), not {value!r}."
        )
    return value


CLOUDFLARE_ACCOUNT_ID = env_cloudflare_id("CLOUDFLARE_ACCOUNT_ID")
CLOUDFLARE_ZONE_ID = env_cloudflare_id("CLOUDFLARE_ZONE_ID")
CLOUDFLARE_BASE_URL = env_str("CLOUDFLARE_BASE_URL")
CLOUDFLARE_DISPATCH_NAMESPACE = env_str("CLOUDFLARE_DISPATCH_NAMESPACE", "code24-sites")
CLOUDFLARE_KV_ROUTES = env_str("CLOUDFLARE_KV_ROUTES")
CLOUDFLARE_KV_METADATA = env_str("CLOUDFLARE_KV_METADATA")
CLOUDFLARE_KV_CACHE = env_str("CLOUDFLARE_KV_CACHE")
CLOUDFLARE_FALLBACK_ORIGIN = env_str("CLOUDFLARE_FALLBACK_ORIGIN", f"sites.{PLATFORM_DOMAIN}")
# The platform's dispatcher Worker (an account-level script, outside the namespace).
CLOUDFLARE_DISPATCHER_NAME = env_str("CLOUDFLARE_DISPATCHER_NAME", "code24-dispatcher")
# The compatibility date of every Worker Code24 uploads (the sites' and the dispatcher),
# here and in the local edge: the one place it is set.
CLOUDFLARE_COMPATIBILITY_DATE = env_str("CLOUDFLARE_COMPATIBILITY_DATE", "2025-06-01")
if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", CLOUDFLARE_COMPATIBILITY_DATE):
    raise ImproperlyConfigured(
        "CLOUDFLARE_COMPATIBILITY_DATE must be a date like 2025-06-01, "
        f"not {CLOUDFLARE_COMPATIBILITY_DATE!r}."
    )
# The client's retry policy for retryable errors (429, 5xx, timeouts, connection errors):
# at most this many attempts; after the n-th failure a wait drawn between half and all of
# base * 2^(n-1), capped at the max; a 429's retry-after longer than the max goes back to
# the caller (a task can schedule itself for later).
CLOUDFLARE_TIMEOUT_SECONDS = env_int("CLOUDFLARE_TIMEOUT_SECONDS", 30)
CLOUDFLARE_RETRY_ATTEMPTS = env_int("CLOUDFLARE_RETRY_ATTEMPTS", 4)
CLOUDFLARE_RETRY_BASE_MS = env_int("CLOUDFLARE_RETRY_BASE_MS", 500)
CLOUDFLARE_RETRY_MAX_MS = env_int("CLOUDFLARE_RETRY_MAX_MS", 20_000)

# The local Cloudflare (`manage.py local_cloudflare`, started by the run command): the API
# at http://127.0.0.1:<port>/client/v4, its state in SQLite under the state dir. It checks
# a custom hostname's DNS through LOCAL_CLOUDFLARE_DNS ("host:port" of a DNS server) every
# LOCAL_CLOUDFLARE_CHECK_SECONDS; by default that is the local DNS server it starts on
# LOCAL_DNS_PORT (127.0.0.1, UDP and TCP), which stands in for customers' DNS providers, so a
# local run sends no lookup off the machine. LOCAL_CLOUDFLARE_CONTROL turns on its control
# API (/__local__/: mark a hostname's DNS as configured, inject faults).
LOCAL_CLOUDFLARE_PORT = env_int("LOCAL_CLOUDFLARE_PORT", 8787)
# The local edge serving the sites (http://<slug>.<PLATFORM_DOMAIN>:<port>/).
LOCAL_CLOUDFLARE_EDGE_PORT = env_int("LOCAL_CLOUDFLARE_EDGE_PORT", 8788)
LOCAL_CLOUDFLARE_STATE_DIR = Path(env_str("LOCAL_CLOUDFLARE_STATE_DIR") or VAR_DIR / "cloudflare")
LOCAL_DNS_PORT = env_int("LOCAL_DNS_PORT", 8753)
LOCAL_CLOUDFLARE_DNS = env_str("LOCAL_CLOUDFLARE_DNS") or f"127.0.0.1:{LOCAL_DNS_PORT}"
LOCAL_CLOUDFLARE_CHECK_SECONDS = env_int("LOCAL_CLOUDFLARE_CHECK_SECONDS", 5)
LOCAL_CLOUDFLARE_CONTROL = env_bool("LOCAL_CLOUDFLARE_CONTROL", False)

# --- Custom domains ------------------------------------------------------------------
# The domain doctor's DNS lookups go to DOMAINS_DNS_RESOLVER ("host:port"; empty = the
# system resolver); without a Cloudflare token that is the local DNS server. With the
# local Cloudflare, hostnames under .localhost (www.bakery.localhost) can be connected, so
# the whole flow works on one machine (browsers send *.localhost to loopback); with a real
# token they are refused like every reserved name.
DOMAINS_DNS_RESOLVER = env_str(
    "DOMAINS_DNS_RESOLVER", "" if CLOUDFLARE_API_TOKEN else LOCAL_CLOUDFLARE_DNS
)
DOMAINS_DNS_TIMEOUT_SECONDS = env_float("DOMAINS_DNS_TIMEOUT_SECONDS", 3.0)
DOMAINS_ALLOW_LOCALHOST = env_bool("DOMAINS_ALLOW_LOCALHOST", not CLOUDFLARE_API_TOKEN)
# Checks of a domain that is not live yet: the first DOMAINS_CHECK_FIRST_SECONDS after it is
# added, then doubling up to DOMAINS_CHECK_MAX_SECONDS between checks (as Cloudflare's own
# validation does); after DOMAINS_STALLED_DAYS without success the domain is stalled and
# checked every DOMAINS_STALLED_CHECK_SECONDS. Live domains are re-read every
# DOMAINS_LIVE_CHECK_SECONDS (certificate renewals, a hostname moved away). "Check now" is
# allowed once per DOMAINS_CHECK_NOW_SECONDS per domain. The sweep claims the due checks
# every DOMAINS_SWEEP_SECONDS under a lease of DOMAINS_CHECK_LEASE_SECONDS.
DOMAINS_CHECK_FIRST_SECONDS = env_int("DOMAINS_CHECK_FIRST_SECONDS", 60)
DOMAINS_CHECK_MAX_SECONDS = env_int("DOMAINS_CHECK_MAX_SECONDS", 4 * 3600)
DOMAINS_STALLED_DAYS = env_int("DOMAINS_STALLED_DAYS", 7)
DOMAINS_STALLED_CHECK_SECONDS = env_int("DOMAINS_STALLED_CHECK_SECONDS", 24 * 3600)
DOMAINS_LIVE_CHECK_SECONDS = env_int("DOMAINS_LIVE_CHECK_SECONDS", 24 * 3600)
DOMAINS_CHECK_NOW_SECONDS = env_int("DOMAINS_CHECK_NOW_SECONDS", 60)
DOMAINS_SWEEP_SECONDS = env_int("DOMAINS_SWEEP_SECONDS", 15)
DOMAINS_CHECK_LEASE_SECONDS = env_int("DOMAINS_CHECK_LEASE_SECONDS", 120)
# Customers and staff are warned when a certificate expires within this many days and has
# not been renewed.
DOMAINS_CERTIFICATE_WARNING_DAYS = env_int("DOMAINS_CERTIFICATE_WARNING_DAYS", 14)
# Cloudflare notifications (webhook destination's secret, sent as cf-webhook-auth) may
# trigger a check at /webhooks/cloudflare/; empty turns the endpoint off.
DOMAINS_WEBHOOK_SECRET = env_str("DOMAINS_WEBHOOK_SECRET")

# --- Optimization: scanner ---
# A scan reads the start page, robots.txt, the sitemap and more pages of the same site
# found through the sitemap and links, up to OPTIMIZATION_SCAN_MAX_PAGES pages in all (the
# start page counts), then up to OPTIMIZATION_SCAN_MAX_RESOURCES of their stylesheets,
# scripts and images; it stops fetching after OPTIMIZATION_SCAN_SECONDS and audits what
# it has by then.
OPTIMIZATION_SCAN_MAX_PAGES = env_int("OPTIMIZATION_SCAN_MAX_PAGES", 10)
OPTIMIZATION_SCAN_MAX_RESOURCES = env_int("OPTIMIZATION_SCAN_MAX_RESOURCES", 40)
OPTIMIZATION_SCAN_SECONDS = env_int("OPTIMIZATION_SCAN_SECONDS", 60)

# --- Optimization: cycles ---------------------------------------------------------
# Each live site whose improvements are not paused gets a cycle (scan, fix, build, scan
# again, keep or roll back) every plan interval (Plan.optimization_interval_hours), give or
# take OPTIMIZATION_JITTER of it, so sites built together do not all come due together.
# OPTIMIZATION_INTERVAL_SECONDS overrides the plan's interval when above 0: by default it
# is 300 with the local Cloudflare (no CLOUDFLARE_API_TOKEN), so a person watching
# `scripts/run` sees cycles happen, and 0 (the plan's) with a real Cloudflare account.
# The dispatcher runs every OPTIMIZATION_DISPATCH_SECONDS and claims at most
# OPTIMIZATION_DISPATCH_BATCH due sites per tick. A worker holds the cycle it runs under a
# lease of OPTIMIZATION_CYCLE_LEASE_SECONDS, renewed at each phase; a cycle whose worker
# died (its lease lapsed) is handed to a worker again by the dispatcher. A cycle's diff is
# cut at OPTIMIZATION_DIFF_MAX_BYTES.
OPTIMIZATION_INTERVAL_SECONDS = env_int(
    "OPTIMIZATION_INTERVAL_SECONDS", 0 if CLOUDFLARE_API_TOKEN else 300
)
OPTIMIZATION_JITTER = env_float("OPTIMIZATION_JITTER", 0.05)
OPTIMIZATION_DISPATCH_SECONDS = env_int("OPTIMIZATION_DISPATCH_SECONDS", 60)
OPTIMIZATION_DISPATCH_BATCH = env_int("OPTIMIZATION_DISPATCH_BATCH", 10_000)
OPTIMIZATION_CYCLE_LEASE_SECONDS = env_int("OPTIMIZATION_CYCLE_LEASE_SECONDS", 900)
OPTIMIZATION_DIFF_MAX_BYTES = env_int("OPTIMIZATION_DIFF_MAX_BYTES", 200_000)
if not 0 <= OPTIMIZATION_JITTER < 1:
    raise ImproperlyConfigured(
        f"OPTIMIZATION_JITTER must be a fraction from 0 to below 1, not {OPTIMIZATION_JITTER}."
    )

# --- AI team ----------------------------------------------------------------------
# Who writes a new site's research, brand, design and copy. AI_PROVIDER is one of:
#   builtin     the default: Code24's built-in writer (business types and the customer's
#               facts, no language model); no network.
#   workers-ai  Cloudflare Workers AI (through the Cloudflare client, so with the
#               CLOUDFLARE_* credentials above).
#   openai      any OpenAI-compatible chat endpoint: POST {OPENAI_BASE_URL}/chat/completions
#               with OPENAI_API_KEY as the bearer token (empty for local servers).
# AI_MODEL names the model; empty means the provider's default (Workers AI:
# @cf/meta/llama-3.1-8b-instruct, OpenAI: gpt-4o-mini). Every answer is checked against its
# schema and the business's facts; a bad answer, an error or no answer within
# AI_TIMEOUT_SECONDS is tried once more (told what was wrong), then the built-in writer's
# answer is used and the build step records why. The copy is asked for page by page.
AI_PROVIDERS = ("builtin", "workers-ai", "openai")
AI_PROVIDER = env_str("AI_PROVIDER", "builtin")
if AI_PROVIDER not in AI_PROVIDERS:
    raise ImproperlyConfigured(
        f"AI_PROVIDER must be one of {', '.join(AI_PROVIDERS)}, not {AI_PROVIDER!r}."
    )
AI_MODEL = env_str("AI_MODEL")
AI_TIMEOUT_SECONDS = env_int("AI_TIMEOUT_SECONDS", 60)
AI_MAX_TOKENS = env_int("AI_MAX_TOKENS", 4096)  # the longest answer asked for (the copy)
# A model server works on a few requests at a time (llama.cpp: its --parallel slots).
# At most AI_CONCURRENCY requests go to one endpoint (base URL and model) at once from this
# machine, across its worker processes (0: 1 for openai, 4 for workers-ai). A request waits
# at most AI_SLOT_WAIT_SECONDS for its turn, and that wait is not part of
# AI_TIMEOUT_SECONDS; with no turn, the build step lets the worker go and waits in the
# queue, and after AI_QUEUE_MAX_SECONDS of that, the built-in writer's answer is used.
AI_CONCURRENCY = env_int("AI_CONCURRENCY", 0)
AI_SLOT_WAIT_SECONDS = env_float("AI_SLOT_WAIT_SECONDS", 5.0)
AI_QUEUE_MAX_SECONDS = env_int("AI_QUEUE_MAX_SECONDS", 300)
# The copy is asked for page by page; after AI_STEP_MAX_SECONDS on one step the remaining
# pages are the built-in writer's (so a step ends well within BUILD_STEP_MAX_SECONDS).
AI_STEP_MAX_SECONDS = env_int("AI_STEP_MAX_SECONDS", 600)
# The model's context window in tokens (0: ask the server, at /props for llama.cpp or
# /models for servers that say; unknown: answers are asked for AI_MAX_TOKENS). An answer's
# budget is what the window leaves after the question and AI_CONTEXT_MARGIN_TOKENS.
AI_CONTEXT_TOKENS = env_int("AI_CONTEXT_TOKENS", 0)
AI_CONTEXT_MARGIN_TOKENS = env_int("AI_CONTEXT_MARGIN_TOKENS", 64)
OPENAI_BASE_URL = env_str("OPENAI_BASE_URL", "https://api.openai.com/v1").rstrip("/")
OPENAI_API_KEY = env_str("OPENAI_API_KEY")

# --- Billing (Stripe) -----------------------------------------------------------------
# With STRIPE_SECRET_KEY Code24 bills through Stripe; without it, through the local Stripe
# (`manage.py local_stripe`: localstripe on LOCAL_STRIPE_PORT, started by the run command,
# its state under var/stripe/). code24/billing/stripe_api.py is the only code that talks to
# either. STRIPE_WEBHOOK_SECRET checks the Stripe-Signature of the webhooks Stripe sends to
# /billing/stripe/webhook/ (the local Stripe is given the same secret).
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
LOCAL_STRIPE_PORT = env_int("LOCAL_STRIPE_PORT", 8420)
LOCAL_STRIPE_STATE_DIR = Path(env_str("LOCAL_STRIPE_STATE_DIR") or VAR_DIR / "stripe")
STRIPE_API_BASE = env_str(
    "STRIPE_API_BASE",
    "https://api.stripe.com" if STRIPE_SECRET_KEY else f"http://127.0.0.1:{LOCAL_STRIPE_PORT}",
).rstrip("/")
# The local Stripe accepts any key that starts with sk_ (and pk_ in the browser).
STRIPE_API_KEY = STRIPE_SECRET_KEY or "sk_test_code24_local"
STRIPE_PUBLISHABLE_KEY = env_str(
    "STRIPE_PUBLISHABLE_KEY", "" if STRIPE_SECRET_KEY else "pk_test_code24_local"
)
STRIPE_WEBHOOK_SECRET = env_str(
    "STRIPE_WEBHOOK_SECRET", "" if STRIPE_SECRET_KEY else "whsec_code24_local_webhooks"
)
if STRIPE_SECRET_KEY and not (STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET):
    raise ImproperlyConfigured(
        "STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET are required when STRIPE_SECRET_KEY "
        "is set: the card form needs the publishable key, and webhooks are checked with the "
        "endpoint's signing secret (Stripe dashboard, Developers: API keys and Webhooks)."
    )
# Stripe.js, the one script Code24 loads from another host (on the card page only); empty
# means the local Stripe's mock of it, at <STRIPE_API_BASE>/js.stripe.com/v3/.
STRIPE_JS_URL = env_str("STRIPE_JS_URL", "https://js.stripe.com/v3/" if STRIPE_SECRET_KEY else "")
STRIPE_TIMEOUT_SECONDS = env_float("STRIPE_TIMEOUT_SECONDS", 20.0)
STRIPE_MAX_NETWORK_RETRIES = env_int("STRIPE_MAX_NETWORK_RETRIES", 2)
# A new account's free trial; after the trial a plan needs a payment method.
BILLING_TRIAL_DAYS = env_int("BILLING_TRIAL_DAYS", 14)
# Past due (a renewal's payment failed): Stripe retries the card; after this many days
# unpaid the account is downgraded to the free, read-only state (never deleted).
BILLING_DUNNING_DAYS = env_int("BILLING_DUNNING_DAYS", 14)
# In the free, read-only state (after a cancellation, a lapsed trial or dunning) every site
# stays online this many days; then the sites are taken offline (kept, not deleted) until
# the account subscribes again.
BILLING_GRACE_DAYS = env_int("BILLING_GRACE_DAYS", 30)
# The periodic reconciliation (billing.tasks.subscriptions_reconcile) reads every
# subscription from Stripe this often, so a lost webhook never leaves an account wrong.
BILLING_RECONCILE_SECONDS = env_int("BILLING_RECONCILE_SECONDS", 3600)
