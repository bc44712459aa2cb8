"""Reading settings from the environment, with clear errors for bad values.

Every knob of the portal is read here or in ``config.settings`` through these
helpers, so a typo in a deployment fails loudly at start-up instead of at the
first request.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql", "psql"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of true/false, yes/no, on/off, 1/0."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def writable_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) if missing and make sure the portal can write
    there; otherwise stop with one sentence naming the path and the variable to change."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        # A probe of its own per process: web, worker and beat start together and a
        # shared name would let one of them delete the file another is about to.
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"The portal cannot write to {path} ({exc.strerror or exc}): make it writable, "
            "or set PORTAL_VAR_DIR to a folder it can write to."
        ) from exc
    return path


# SQLite as the embedded default must take web, worker and beat writing at once: WAL lets
# readers run beside the one writer, IMMEDIATE transactions take the write lock at BEGIN
# (so a transaction never fails half-way with "database is locked" when it upgrades
# from reading to writing), and the busy timeout makes a writer wait for the other.
SQLITE_OPTIONS = {
    "timeout": 30,
    "transaction_mode": "IMMEDIATE",
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;"
    ),
}


def database_config(url: str, *, var_dir: Path) -> dict:
    """Turn ``DATABASE_URL`` into Django's DATABASES entry, or explain what is wrong.
    Without it: a SQLite file under ``var_dir`` (created here when missing)."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(writable_dir(var_dir) / "portal.sqlite3"),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    scheme = urlsplit(url).scheme.lower()
    if not scheme:
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} is not a URL. Expected e.g. "
            "postgres://user:password@host:5432/dbname or sqlite:////absolute/path.sqlite3"
        )
    if scheme not in DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL uses the unsupported scheme {scheme!r}. "
            "The portal runs on PostgreSQL (postgres://...) or SQLite (sqlite:///...)."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several kinds
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} could not be read: {exc}") from exc
    if scheme == "sqlite":
        name = config.get("NAME") or ""
        if name and name != ":memory:":
            writable_dir(Path(name).parent)
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        config["CONN_MAX_AGE"] = 0
    if scheme != "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} names no database: add it after the host, e.g. .../portal"
        )
    return config
