"""Django settings for Samenspel: safe by default; what differs comes from the environment.

Three modes, chosen without any settings file to edit:

* **production** (the default): ``DEBUG`` off. The web server refuses to start without
  ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS`` (see ``samenspel.config.startup``); static
  files are served by WhiteNoise with hashed, compressed names; HTTPS settings (redirect, secure
  cookies, HSTS) are on because a reverse proxy terminates TLS and says so with
  ``X-Forwarded-Proto: https``. ``SAMENSPEL_HTTPS=0`` turns them off for plain HTTP on 127.0.0.1.
* **development**: ``DJANGO_DEBUG=1`` (``scripts/start.sh`` asks for it). Debug pages, a fixed
  development secret, hosts 127.0.0.1/localhost.
* **test**: under pytest (pytest sets ``PYTEST_VERSION``). A fixed test secret, static files from
  the source folders, fast password hashing. The production tests run the server in a
  subprocess without that variable.

Command-line computations (``samenspel atlas ...``) need no secret in any mode.

Environment:

* ``DATABASE_URL``: PostgreSQL (``postgres://user:pass@host:5432/name``); SQLite when unset.
* ``SAMENSPEL_DATA_DIR``: the data bundle loaded by ``samenspel data load`` without argument
  (default: ``../shared/data`` next to the repository).
* ``SAMENSPEL_VAR_DIR``: the SQLite database, the collected static files and the uploaded files
  (``media/``; ``SAMENSPEL_MEDIA_ROOT`` to put them elsewhere) (default ``var/``).
* ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` (comma-separated), ``DJANGO_DEBUG=1``.
* ``DJANGO_CSRF_TRUSTED_ORIGINS``: extra origins (``https://cultuur.example.be``), rarely needed.
* ``SAMENSPEL_HTTPS`` (default 1), ``SAMENSPEL_HSTS_SECONDS`` (default one year).
* ``SAMENSPEL_LOG_LEVEL`` (default INFO): one line per request on standard output.
* ``SAMENSPEL_MAX_REQUEST_MB`` (default 60): the largest request body (uploads) accepted.
* ``SAMENSPEL_MAX_QUEUED_JOBS`` (default 20): background jobs that may wait for a worker at once.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in ("1", "true", "ja", "yes", "on")


def _list(name: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, "").split(",") if part.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("SAMENSPEL_VAR_DIR", REPO_DIR / "var"))
DATA_DIR = Path(os.environ.get("SAMENSPEL_DATA_DIR", REPO_DIR.parent / "shared" / "data"))

TESTING = "PYTEST_VERSION" in os.environ
DEBUG = _flag("DJANGO_DEBUG", False)
# What samenspel.config.startup checks before a web server starts.
SAMENSPEL_MODE = "development" if DEBUG else "test" if TESTING else "production"

LOCAL_HOSTS = ["127.0.0.1", "localhost", "testserver"]
if SAMENSPEL_MODE == "production":
    # Empty when missing: the web server refuses to start (startup.check), commands still run.
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
    ALLOWED_HOSTS = _list("DJANGO_ALLOWED_HOSTS")
else:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", f"samenspel-{SAMENSPEL_MODE}-only-not-secret")
    ALLOWED_HOSTS = _list("DJANGO_ALLOWED_HOSTS") or LOCAL_HOSTS
CSRF_TRUSTED_ORIGINS = _list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "axes",
    "rules",
    "simple_history",
    "samenspel.config.apps.ServerConfig",
    "samenspel.core",
    "samenspel.accounts",
    "samenspel.territory",
    "samenspel.partnerships",
    "samenspel.atlas",
    "samenspel.funding",
    "samenspel.scenarios",
    "samenspel.monitor",
    "samenspel.network",
    "samenspel.network.practices",
    "samenspel.network.initiatives",
    "samenspel.network.events",
    "samenspel.scan",
    "django_tasks",
    "django_tasks_db",
    "samenspel.jobs",
]

MIDDLEWARE = [
    "samenspel.config.middleware.RequestLogMiddleware",
    "samenspel.config.middleware.RequestSizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records who made each change that django-simple-history keeps.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "samenspel.config.middleware.QueueFullMiddleware",
    "samenspel.config.middleware.NulByteMiddleware",
    "samenspel.config.middleware.MethodNotAllowedMiddleware",
]

# A request body above this size is refused (413) before anything reads it (uploads: the
# Monitor's UiTdatabank files are the largest, 50 MB).
SAMENSPEL_MAX_REQUEST_BYTES = int(os.environ.get("SAMENSPEL_MAX_REQUEST_MB", "60") or 60) * 2**20

# At most this many jobs wait for a worker; a new one is then refused with a 503 (jobs.services).
SAMENSPEL_MAX_QUEUED_JOBS = int(os.environ.get("SAMENSPEL_MAX_QUEUED_JOBS", "20") or 20)

ROOT_URLCONF = "samenspel.config.urls"
WSGI_APPLICATION = "samenspel.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samenspel.core.context_processors.site",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'samenspel.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts: all four of Django's password validators, login throttling (django-axes)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Object permissions: every rule is in samenspel/accounts/permissions.py.
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After 5 failed logins for one user name from one address, that pair waits an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "geblokkeerd.html"
# The client address: REMOTE_ADDR, unless SAMENSPEL_PROXY_COUNT reverse proxies append to
# X-Forwarded-For (then the entry that many places from the right, which a client cannot forge).
PROXY_COUNT = int(os.environ.get("SAMENSPEL_PROXY_COUNT", "0") or 0)
if PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_PROXY_ORDER = "right-most"
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_VERBOSE = False  # its own log lines name the user and the address

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "nl-be"
# Dutch only: every page, form message and the admin speak Dutch, also to a browser that asks
# for English (with English here, Django's own form errors reached such visitors in English).
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- static files: WhiteNoise, hashed and compressed (gzip + brotli) names, cached for a year
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("SAMENSPEL_STATIC_ROOT", VAR_DIR / "static"))
if SAMENSPEL_MODE == "production":
    _static_backend = "whitenoise.storage.CompressedManifestStaticFilesStorage"
else:
    # No collectstatic needed: WhiteNoise (and the test live server) read the source folders.
    _static_backend = "django.contrib.staticfiles.storage.StaticFilesStorage"
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
# Uploaded files (photos and documents of the Monitor's stories): in the var dir, never served
# by URL; samenspel.monitor.views_verhalen hands them out after checking the story.
MEDIA_ROOT = Path(os.environ.get("SAMENSPEL_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": _static_backend},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- security headers
# No inline script or style anywhere: every script and style sheet is a file under /static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "django.views.csrf.csrf_failure"  # renders templates/403_csrf.html

HTTPS = SAMENSPEL_MODE == "production" and _flag("SAMENSPEL_HTTPS", True)
if HTTPS:
    # The reverse proxy terminates TLS and sets X-Forwarded-Proto; only trust it behind one.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^gezondheid/$"]  # the proxy's health check may use plain HTTP
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SAMENSPEL_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SAMENSPEL_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _flag("SAMENSPEL_HSTS_PRELOAD", True)

if SAMENSPEL_MODE == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- logs: one line per request on standard output (samenspel.config.middleware), no personal data
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"regel": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "regel",
        }
    },
    "loggers": {
        "samenspel": {
            "handlers": ["stdout"],
            "level": os.environ.get("SAMENSPEL_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        # Django's own "Not Found: /path" lines would repeat the request line.
        "django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}

# Background jobs (samenspel.jobs): Django's task interface, database backend; the worker is
# `samenspel beheer db_worker` (scripts/start.sh starts one next to the web server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
