"""Newsroom settings: one file, driven by environment variables.

Development defaults are safe to run locally; production differences come only from the
environment (see README, "Configuration"). `DJANGO_ENV=production` turns on the production
security settings and refuses the development secret key.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development").strip().lower()
PRODUCTION = DJANGO_ENV == "production"

DEV_SECRET_KEY = "django-insecure-newsroom-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or DEV_SECRET_KEY
if PRODUCTION and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs DJANGO_SECRET_KEY set to a real secret."
    )

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
if PRODUCTION and not ALLOWED_HOSTS:
    # Django would answer every request 400; better not to start at all.
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs DJANGO_ALLOWED_HOSTS: the comma-separated host names the "
        "site answers to, e.g. news.example.org."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "taggit",
    "reversion",
    "entities",
    "articles",
]
# The synthetic benchmark corpus (`manage.py generate_corpus`) is a development tool, installed
# only where benchmarks run: they set NEWSROOM_BENCHMARKS=1 (docs/benchmarks.md).
if env_bool("NEWSROOM_BENCHMARKS", False):
    INSTALLED_APPS.append("benchmarks.corpus")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "newsroom.cache.PageCacheMiddleware",
    # Inside the page cache: a stored page keeps the policy it was served with, and a page
    # whose nonce was used is marked no-store, so the cache never replays a nonce.
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    # Inside the policy (its 503 gets the headers), outside everything that reads the database.
    "newsroom.middleware.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, after sessions and before CommonMiddleware: the language comes
    # from the address alone (/ru/... or none), so a page never depends on a header or cookie.
    "newsroom.middleware.AddressLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out login before any password is checked. It needs
# the request, so tests log in with force_login or client.login(request=HttpRequest(), ...).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"

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
                "newsroom.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

# The embedded default is a SQLite file in the project folder (ignored by git);
# DATABASE_URL=postgres://... switches to PostgreSQL, which production and scale use.
# Set but empty (`DATABASE_URL=` in an env file) means the default too, not a crash.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(
        "DATABASE_URL is not a database URL (e.g. postgres://user@host:5432/name or "
        f"sqlite:///path/db.sqlite3): {exc}"
    ) from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while an import writes; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # NEWSROOM_SQLITE_MMAP bytes of the file read through mmap, straight from the OS page
        # cache (off by default: mapped pages count in a process's RSS, an import's included).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        f"PRAGMA mmap_size={int(os.environ.get('NEWSROOM_SQLITE_MMAP', 0))};",
    }
    # A new connection per request unless DJANGO_CONN_MAX_AGE says otherwise (gunicorn's sync
    # workers can keep theirs: about 0.2 ms saved per request).
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "0"))
    # Tests use a file too: an in-memory database cannot show how concurrent writers behave.
    # One file per test run, so two runs side by side never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}

elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's cost of a random page read against a sequential one: 4 by default, for
    # spinning disks. On SSDs (or a database that fits in memory) 1.1 is usual; at 4 a page of
    # cards hash-joined all 20,000 entities (6-16 ms) instead of looking 500 up by index.
    PG_RANDOM_PAGE_COST = os.environ.get("NEWSROOM_PG_RANDOM_PAGE_COST", "1.1")
    if PG_RANDOM_PAGE_COST:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c random_page_cost={float(PG_RANDOM_PAGE_COST)}"
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole responses for anonymous readers, invalidated by any write to these tables (see
# newsroom.cache). On by default only with Redis: a per-process cache cannot share invalidation.
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", bool(REDIS_URL))
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "600"))
NEWSROOM_PAGE_CACHE_TABLES = ("articles_", "entities_", "taggit_")
NEWSROOM_PAGE_CACHE_EXCLUDE = ("/admin/", "/static/")
# How long browsers and proxies may reuse a public page or API response without asking again.
NEWSROOM_HTTP_MAX_AGE = int(os.environ.get("NEWSROOM_HTTP_MAX_AGE", "60"))
# Seconds a client is told to wait (Retry-After) when the database is unreachable (503).
NEWSROOM_OUTAGE_RETRY_AFTER = int(os.environ.get("NEWSROOM_OUTAGE_RETRY_AFTER", "30"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The public site in English at unprefixed addresses and in Russian under /ru/ (docs/i18n.md);
# stored content is Unicode throughout. The catalogues (.po and compiled .mo) are committed in
# locale/, so no gettext tool is needed to run the site.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Russian")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers follow the page's language; English keeps the house "3 July 2021".
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "newsroom" / "static"]
# Served by WhiteNoise. With the manifest (production, and `make serve`), collectstatic writes
# each file under a name holding its content hash, plus gzip and Brotli copies, and WhiteNoise
# serves those names with a year's max-age: a changed file is a new URL. Without it (development
# and tests) files are served from the apps' folders, no collectstatic needed.
STATIC_MANIFEST = env_bool("NEWSROOM_STATIC_MANIFEST", PRODUCTION)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Source maps (several MB, for browser developer tools only) are served as they are: compressing
# them doubled collectstatic's time, and so `make serve`'s start.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# Files browsers ask for at the site's root whatever the page says (/favicon.ico,
# /apple-touch-icon.png), served by WhiteNoise from here.
WHITENOISE_ROOT = BASE_DIR / "newsroom" / "root"

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")

# Files over this size fail before they are read whole (import_documents, admin upload).
NEWSROOM_IMPORT_MAX_BYTES = int(os.environ.get("NEWSROOM_IMPORT_MAX_BYTES", 2 * 1024 * 1024))

# The REST API (/api/v1/, see README "REST API"). Throttle rates are "<n>/<sec|min|hour|day>".
NEWSROOM_API_ANON_RATE = os.environ.get("NEWSROOM_API_ANON_RATE", "120/min")
NEWSROOM_API_USER_RATE = os.environ.get("NEWSROOM_API_USER_RATE", "1200/min")

# Behind a reverse proxy: how many proxies stand in front. Their X-Forwarded-For entries (from
# the right) name the client for throttles and login limits; with 0 only the connection's own
# address counts, so a client cannot name itself. See docs/DEPLOYMENT.md.
NEWSROOM_TRUSTED_PROXIES = int(os.environ.get("NEWSROOM_TRUSTED_PROXIES", "0"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "newsroom.rest.ModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_PARSER_CLASSES": ["newsroom.rest.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["newsroom.rest.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "newsroom.rest.ContentNegotiation",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "newsroom.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "newsroom.rest.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [
        "newsroom.rest.AnonRateThrottle",
        "newsroom.rest.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": NEWSROOM_API_ANON_RATE, "user": NEWSROOM_API_USER_RATE},
    "EXCEPTION_HANDLER": "newsroom.rest.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Throttles count by the client's address, from X-Forwarded-For only behind trusted proxies.
    "NUM_PROXIES": NEWSROOM_TRUSTED_PROXIES,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": (
        "Stories and the entities they mention. Reads need no credentials (no padlock on them "
        "here): anonymous callers read published stories and confirmed mentions, and a caller "
        "who sends a token or session with the permission to view stories also reads "
        "unpublished ones. Writing needs `Authorization: Token <key>` (tokens are issued in the "
        "admin) or a session with its CSRF token, and the model permissions."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ArticleStatusEnum": "articles.models.ArticleStatus",
        "MentionStatusEnum": "articles.models.MentionStatus",
        "EntityKindEnum": "entities.models.EntityKind",
        "AliasKindEnum": "entities.models.AliasKind",
        "LanguageEnum": "newsroom.settings.LANGUAGES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "newsroom.schema.postprocess_schema",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# Security headers, in every environment (SecurityMiddleware, XFrameOptionsMiddleware).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: the admin's editor and the API docs take the token from the
# page (the form field, the template), so the cookie can be hidden from scripts too.
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp 4): scripts and styles from this site only, never inline.
# A page that needs an inline element (the API docs' Swagger UI) marks it with the request's
# nonce; the nonce reaches the header only on pages that used it. Enforced in development too,
# so the browser tests run under it; DJANGO_CSP_REPORT_ONLY=1 only reports.
NEWSROOM_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF, NONCE],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}
if env_bool("DJANGO_CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": NEWSROOM_CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": NEWSROOM_CSP_DIRECTIVES}

# Behind a reverse proxy, the header by which it tells Django the request came over HTTPS. The
# proxy must set it (never pass on the client's own); see docs/DEPLOYMENT.md.
PROXY_SSL_HEADER = os.environ.get(
    "DJANGO_PROXY_SSL_HEADER", "X-Forwarded-Proto" if PRODUCTION else ""
).strip()
if PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + PROXY_SSL_HEADER.upper().replace("-", "_"), "https")

# Login attempts (django-axes): after NEWSROOM_LOGIN_FAILURE_LIMIT failures for one username
# from one address, that pair is refused (429) for NEWSROOM_LOGIN_COOLOFF_MINUTES, even with
# the right password. Attempts are kept in the database (every worker sees them, the admin lists
# them), or in Redis when REDIS_URL is set.
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NEWSROOM_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# No "AXES: BEGIN ..." banner on stderr at every start of every manage.py command.
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "newsroom.middleware.client_ip"
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if REDIS_URL
    else "axes.handlers.database.AxesDatabaseHandler"
)

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
