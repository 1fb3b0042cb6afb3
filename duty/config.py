"""Settings read from the environment, with safe defaults for a local demo."""

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _secret_key(instance_path: str) -> str:
    """Return SECRET_KEY from the environment, else a key kept in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(instance_path) / 'duty.sqlite'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _minutes(name: str, default: int) -> int:
    """Read a whole number of minutes, 1 or more, from the environment."""
    raw = os.environ.get(name, str(default))
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ValueError(
            f"{name} must be a whole number of minutes, 1 or more: {raw!r}"
        )
    return int(raw)


def _proxy_count(raw: str) -> int:
    """Read TRUSTED_PROXIES: how many reverse proxies stand before the app."""
    if not raw.strip().isdigit():
        raise ValueError(f"TRUSTED_PROXIES must be a whole number, 0 or more: {raw!r}")
    return int(raw)


def load_config(instance_path: str) -> dict:
    """Build the app's configuration from environment variables."""
    secure = os.environ.get("SESSION_COOKIE_SECURE", "1") != "0"
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_SECURE": secure,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "__Host-duty" if secure else "duty",
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "30")),
        "SESSION_MAX_HOURS": int(os.environ.get("SESSION_MAX_HOURS", "10")),
        "CALL_STALE_MINUTES": _minutes("CALL_STALE_MINUTES", 60),
        "TRUSTED_PROXIES": _proxy_count(os.environ.get("TRUSTED_PROXIES", "0")),
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": secure,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "duty"),
        "RATELIMIT_HEADERS_ENABLED": False,
        "LOGIN_LIMIT": os.environ.get("LOGIN_LIMIT", "10 per 5 minutes"),
        "GUIDANCE_DIR": os.environ.get(
            "GUIDANCE_DIR", str(Path(__file__).parent / "guidance" / "flows")
        ),
        "LOCAL_TIMEZONE": "Europe/London",
        "PRACTICE_DATABASE_URL": os.environ.get("PRACTICE_DATABASE_URL"),
    }
