"""Django settings, read from the environment.

Variables: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, GDNN_DATA_DIR, GDNN_SECURE,
GDNN_PROXY_SSL_HEADER, GDNN_LOG_LEVEL, and the upload and parse limits (GDNN_UPLOAD_MAX_MB,
GDNN_PARSE_*, GDNN_DOCX_*, GDNN_PDF_MAX_PAGES, GDNN_OCR_*; see below). Defaults are safe for
production: DEBUG is off, cookies are secure and HSTS is on unless GDNN_SECURE=0 (which `gdnn demo`
sets for plain-HTTP localhost).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
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
    "gdnn.indicators",
    "gdnn.collection",
    "gdnn.analytics",
    "gdnn.reports",
    "gdnn.plans",
    "gdnn.web",
]

MIDDLEWARE = [
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Login throttling: this many failures for one username (or one address) within the window locks it.
GDNN_LOGIN_MAX_FAILURES = int(os.environ.get("GDNN_LOGIN_MAX_FAILURES", "5"))
GDNN_LOGIN_WINDOW_SECONDS = int(os.environ.get("GDNN_LOGIN_WINDOW_SECONDS", "900"))

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GDNN_LOG_LEVEL", "WARNING")},
}
