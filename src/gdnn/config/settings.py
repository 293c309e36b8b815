"""Django settings, read from the environment.

Variables: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, GDNN_DATA_DIR, GDNN_SECURE,
GDNN_PROXY_SSL_HEADER, GDNN_LOG_LEVEL, GDNN_TRUSTED_PROXIES, GDNN_REQUEST_LOG_LEVEL and the
GDNN_LOGIN_* throttle knobs. Defaults are safe for production: DEBUG is off, cookies are secure
and HSTS is on unless GDNN_SECURE=0 (which `gdnn demo` sets for plain-HTTP localhost).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


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


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    # The embedded install keeps a generated key in its data dir, readable only by its owner.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
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
    "gdnn.common.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
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
if os.environ.get("GDNN_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GDNN_LOG_LEVEL", "WARNING")},
    # One line per request with the real client address (common/middleware.py); "WARNING" mutes it.
    "loggers": {"gdnn.request": {"level": os.environ.get("GDNN_REQUEST_LOG_LEVEL", "INFO")}},
}
