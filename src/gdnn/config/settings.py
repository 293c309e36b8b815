"""Django settings, read from the environment.

Variables: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, GDNN_DATA_DIR, GDNN_SECURE,
GDNN_PROXY_SSL_HEADER, GDNN_TRUSTED_PROXIES, GDNN_LOG_LEVEL, GDNN_LOG_STREAM,
GDNN_REQUEST_LOG_LEVEL, the GDNN_LOGIN_* throttle knobs, EMAIL_URL (or EMAIL_HOST, EMAIL_PORT,
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL), DEFAULT_FROM_EMAIL,
SERVER_EMAIL, and the upload and parse limits (GDNN_UPLOAD_MAX_MB, GDNN_PARSE_*, GDNN_DOCX_*,
GDNN_PDF_MAX_PAGES, GDNN_OCR_*; see below); the full list with examples is
deploy/gdnn.env.example. Defaults are safe for production: DEBUG is off, cookies are secure and
HSTS is on unless GDNN_SECURE=0 (which `gdnn demo` sets for plain-HTTP localhost).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("GDNN_DATA_DIR") or ".gdnn").resolve()


def _private_dir(path: Path) -> None:
    """The data directory holds password hashes, sessions and the secret key: its owner only."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
            path.chmod(0o700)
    except OSError:
        pass


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    # The embedded install keeps a generated key in its data dir, readable only by its owner.
    _private_dir(DATA_DIR)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50), encoding="ascii")
    return key_file.read_text(encoding="ascii").strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "gdnn.common",
    "gdnn.orgunits",
    "gdnn.accounts",
    "gdnn.notifications",
    "gdnn.indicators",
    "gdnn.collection",
    "gdnn.exchange",
    "gdnn.analytics",
    "gdnn.reports",
    "gdnn.plans",
    "gdnn.analysis",
    "gdnn.followup",
    "gdnn.labour",
    "gdnn.web",
    "django_tasks_db",
    "gdnn.jobs",
    "ninja",  # django-ninja: its templates and packaged Swagger UI assets for /api/v1/docs
    "gdnn.api",
]

MIDDLEWARE = [
    "gdnn.common.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "gdnn.web.middleware.PermissionsPolicyMiddleware",
    "gdnn.web.middleware.DatabaseBusyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gdnn.web.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gdnn.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gdnn.config.urls"
WSGI_APPLICATION = "gdnn.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gdnn.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'gdnn.sqlite3'}",
        conn_max_age=int(os.environ.get("GDNN_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The file is created 0600 (its -wal and -shm take the same mode); gdnn.common.apps keeps it so.
    _sqlite = Path(str(DATABASES["default"]["NAME"]))
    if str(_sqlite) not in ("", ":memory:") and not str(_sqlite).startswith("file:"):
        if _sqlite.parent == DATA_DIR or DATA_DIR in _sqlite.parents:
            _private_dir(_sqlite.parent)
        else:  # a folder chosen by the operator: not ours to change
            _sqlite.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(_sqlite, os.O_CREAT | os.O_WRONLY, 0o600))
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Background jobs (reports, exports, analytics refresh): queued in the database, run by `gdnn worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# API limits when a token or user has none of its own (0: none); counted in the database (decision 0010).
GDNN_API_RATE_PER_MINUTE = int(os.environ.get("GDNN_API_RATE_PER_MINUTE", "100"))
GDNN_API_QUOTA_PER_DAY = int(os.environ.get("GDNN_API_QUOTA_PER_DAY", "20000"))
GDNN_API_USER_RATE_PER_MINUTE = int(os.environ.get("GDNN_API_USER_RATE_PER_MINUTE", "300"))
GDNN_API_USER_QUOTA_PER_DAY = int(os.environ.get("GDNN_API_USER_QUOTA_PER_DAY", "50000"))
GDNN_WEBHOOK_BACKOFF_SECONDS = float(os.environ.get("GDNN_WEBHOOK_BACKOFF_SECONDS", "60"))
# Webhooks to loopback, private or link-local addresses are refused unless allowed (a LAN warehouse).
GDNN_WEBHOOK_ALLOW_PRIVATE = _env_bool("GDNN_WEBHOOK_ALLOW_PRIVATE", False)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The address of this site in links sent by e-mail (reminders); e.g. https://gdnn.example.gov.vn
GDNN_BASE_URL = os.environ.get("GDNN_BASE_URL", "")
# Finished background jobs (and their files under GDNN_DATA_DIR/jobs) are kept this many days; the
# worker deletes older ones every hour (`gdnn jobs prune` does it at once). Audit rows stay.
GDNN_JOB_KEEP_DAYS = int(os.environ.get("GDNN_JOB_KEEP_DAYS", "30"))
# The CPU priority of the worker's task loops (nice 0-19): higher yields more to the web pages.
GDNN_WORKER_NICE = int(os.environ.get("GDNN_WORKER_NICE", "10"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Login throttling (accounts/throttle.py): after this many failures an account waits a delay that
# doubles with each further failure, up to a cap; an address gets more room and a shorter cap.
# Failures older than the window are forgotten.
GDNN_LOGIN_MAX_FAILURES = int(os.environ.get("GDNN_LOGIN_MAX_FAILURES", "5"))
GDNN_LOGIN_ADDRESS_MAX_FAILURES = int(os.environ.get("GDNN_LOGIN_ADDRESS_MAX_FAILURES", "20"))
GDNN_LOGIN_WINDOW_SECONDS = int(os.environ.get("GDNN_LOGIN_WINDOW_SECONDS", "900"))
GDNN_LOGIN_DELAY_SECONDS = float(os.environ.get("GDNN_LOGIN_DELAY_SECONDS", "2"))
GDNN_LOGIN_DELAY_MAX_SECONDS = float(os.environ.get("GDNN_LOGIN_DELAY_MAX_SECONDS", "300"))
GDNN_LOGIN_ADDRESS_DELAY_MAX_SECONDS = float(os.environ.get("GDNN_LOGIN_ADDRESS_DELAY_MAX_SECONDS", "60"))
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR networks, comma-separated),
# e.g. "127.0.0.1,::1" for nginx on the same host (common/clientaddr.py).
GDNN_TRUSTED_PROXIES = _env_list("GDNN_TRUSTED_PROXIES", [])
for _proxy in GDNN_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _exc:
        raise ImproperlyConfigured(
            f"GDNN_TRUSTED_PROXIES: “{_proxy}” is not an address or a network (e.g. 127.0.0.1, 10.0.0.0/24)."
        ) from _exc

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "web" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("GDNN_STATIC_ROOT") or (BASE_DIR.parent.parent / "staticfiles")).resolve()
NODE_MODULES = Path(os.environ.get("GDNN_NODE_MODULES") or (BASE_DIR.parent.parent / "node_modules")).resolve()
STATICFILES_DIRS = [
    (f"vendor/{name}", NODE_MODULES / name / sub)
    for name, sub in (("htmx.org", "dist"), ("vega", "build"), ("vega-lite", "build"), ("vega-embed", "build"))
    if (NODE_MODULES / name / sub).is_dir()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or _env_bool("GDNN_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = DATA_DIR / "media"

# Security: on unless explicitly switched off for a plain-HTTP local install.
SECURE = _env_bool("GDNN_SECURE", not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = SECURE and _env_bool("GDNN_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Monitoring may ask the application server directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Content-Security-Policy (Django's own): scripts and styles only from our static files, never
# inline; the plan dashboard alone widens script-src for Vega's expression compiler (web.views).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features no page of GDNN uses (gdnn.web.middleware.PermissionsPolicyMiddleware).
GDNN_PERMISSIONS_POLICY = ("accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
                           "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
                           "xr-spatial-tracking=()")
if os.environ.get("GDNN_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Hostile input: one upload limit for plans and data (web, CLI, API), and the budget of every parse.
# Untrusted files are parsed in a child process (gdnn.common.sandbox) with these CPU, memory and
# wall-clock limits; OCR of a scanned plan has its own pages and seconds on top.
GDNN_UPLOAD_MAX_BYTES = int(float(os.environ.get("GDNN_UPLOAD_MAX_MB", "10")) * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = GDNN_UPLOAD_MAX_BYTES + 64 * 1024  # an API body: the same limit (413 above it)
GDNN_PARSE_CPU_SECONDS = int(os.environ.get("GDNN_PARSE_CPU_SECONDS", "30"))
GDNN_PARSE_MEMORY_MB = int(os.environ.get("GDNN_PARSE_MEMORY_MB", "512"))
GDNN_PARSE_WALL_SECONDS = int(os.environ.get("GDNN_PARSE_WALL_SECONDS", "60"))
GDNN_DOCX_MAX_PARAGRAPHS = int(os.environ.get("GDNN_DOCX_MAX_PARAGRAPHS", "30000"))
GDNN_DOCX_MAX_TABLES = int(os.environ.get("GDNN_DOCX_MAX_TABLES", "1000"))
GDNN_PDF_MAX_PAGES = int(os.environ.get("GDNN_PDF_MAX_PAGES", "500"))
GDNN_OCR_MAX_PAGES = int(os.environ.get("GDNN_OCR_MAX_PAGES", "60"))
GDNN_OCR_MAX_SECONDS = int(os.environ.get("GDNN_OCR_MAX_SECONDS", "240"))

# Logs: one line per record on stdout (journald and container runtimes collect it), level from
# GDNN_LOG_LEVEL. `gdnn` commands that print data on stdout send their logs to stderr instead
# (GDNN_LOG_STREAM=stderr, set by the CLI).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s",
                 "datefmt": "%Y-%m-%dT%H:%M:%S%z"},
    },
    "handlers": {
        "console": {
            "class": "gdnn.common.logstream.ConsoleHandler",
            "formatter": "line",
            "stream_name": "stderr" if os.environ.get("GDNN_LOG_STREAM") == "stderr" else "stdout",
        },
    },
    "root": {"handlers": ["console"], "level": (os.environ.get("GDNN_LOG_LEVEL") or "INFO").upper()},
    # One line per request with the real client address (common/middleware.py); "WARNING" mutes it.
    "loggers": {"gdnn.request": {"level": os.environ.get("GDNN_REQUEST_LOG_LEVEL", "INFO")}},
}


# E-mail (reminders, password resets), as Django's MAILERS: EMAIL_URL, e.g.
# smtp+tls://user:password@smtp.example:587 (smtp:// plain, smtp+tls:// STARTTLS, smtps:// SSL,
# console:// to the log), or the separate variables EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL. Without either, mail goes to an MTA on
# localhost:25 and `gdnn check` warns; `gdnn demo` uses console://. User and password may be
# percent-encoded in the URL.
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"


def _mailer() -> dict[str, object]:
    from urllib.parse import parse_qs, unquote, urlsplit

    url = os.environ.get("EMAIL_URL", "").strip()
    if url:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "console":
            return {"BACKEND": CONSOLE_BACKEND}
        if scheme not in {"smtp", "smtp+tls", "smtps"}:
            raise ValueError(f"EMAIL_URL: unknown scheme {scheme!r} (smtp, smtp+tls, smtps or console)")
        query = {k: v[-1].lower() for k, v in parse_qs(parts.query).items()}
        options: dict[str, object] = {
            "host": parts.hostname or "localhost",
            "port": parts.port or {"smtps": 465, "smtp+tls": 587}.get(scheme, 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": scheme == "smtp+tls" or query.get("tls") in {"1", "true", "yes"},
            "use_ssl": scheme == "smtps" or query.get("ssl") in {"1", "true", "yes"},
        }
    elif os.environ.get("EMAIL_HOST"):
        options = {
            "host": os.environ["EMAIL_HOST"],
            "port": int(os.environ.get("EMAIL_PORT") or 25),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": _env_bool("EMAIL_USE_TLS", False),
            "use_ssl": _env_bool("EMAIL_USE_SSL", False),
        }
    else:  # Django's default: a mail server on this machine
        options = {"host": "localhost", "port": 25, "username": "", "password": "", "use_tls": False, "use_ssl": False}
    if options["use_tls"] and options["use_ssl"]:
        raise ValueError("e-mail: choose STARTTLS (EMAIL_USE_TLS) or SSL (EMAIL_USE_SSL), not both")
    return {"BACKEND": SMTP_BACKEND, "OPTIONS": {**options, "timeout": 30}}


MAILERS = {"default": _mailer()}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "GDNN <gdnn@localhost>"
SERVER_EMAIL = os.environ.get("SERVER_EMAIL") or DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[GDNN] "
