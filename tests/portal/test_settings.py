import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import database_config, env_bool, env_int, writable_dir

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "url, message",
    [
        ("localhost:5432/portal", "unsupported scheme"),
        ("not a url", "is not a URL"),
        ("mysql://user@localhost/portal", "unsupported scheme 'mysql'"),
        ("postgres://user@localhost:5432", "names no database"),
        ("postgres://user@localhost:notaport/portal", "could not be read"),
    ],
)
def test_bad_database_url_is_explained(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        database_config(url, var_dir=ROOT / "var")


def test_database_url_defaults_to_sqlite_under_the_var_dir(tmp_path):
    var = tmp_path / "not-yet" / "var"
    config = database_config("", var_dir=var)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(var / "portal.sqlite3")
    assert var.is_dir()  # created by the code that needs it, not by the Makefile
    # Web, worker and beat write at once: WAL, a busy timeout, IMMEDIATE transactions.
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_unwritable_var_dir_is_one_clear_sentence(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ImproperlyConfigured, match="PORTAL_VAR_DIR"):
        database_config("", var_dir=blocker / "var")


def test_processes_starting_together_all_find_the_var_dir_writable(tmp_path):
    """Web, worker and beat import the settings at the same moment on `make run`: each
    one's write probe must not trip over another's (a shared probe file did, in CI)."""
    from concurrent.futures import ThreadPoolExecutor

    target = tmp_path / "var"
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: writable_dir(target), range(400)))
    assert results == [target] * 400
    assert list(target.iterdir()) == []


def test_migrate_alone_works_on_a_fresh_var_dir(tmp_path):
    var = tmp_path / "fresh"
    result = _manage("migrate", "--no-input", PORTAL_VAR_DIR=str(var), DEBUG="true",
                     DATABASE_URL="", REDIS_URL="")
    assert result.returncode == 0, result.stderr
    assert (var / "portal.sqlite3").exists()


def test_postgres_url_is_parsed():
    config = database_config("postgres://u:p@db.example:6543/portal", var_dir=ROOT / "var")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 6543, "portal")


def test_booleans_and_numbers(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("FLAG")
    monkeypatch.setenv("NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("NUMBER", 1)


def _manage(*args, **env):
    # A clean child environment: no DEBUG/SECRET_KEY of the test run, and not the async
    # safety switch the browser tests set for their own process.
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env = {k: v for k, v in os.environ.items() if k not in dropped}
    full_env.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=120)


def test_start_up_with_a_bad_database_url_fails_with_a_clear_message():
    result = _manage("check", DATABASE_URL="mysql://x@y/z", DEBUG="true")
    assert result.returncode != 0
    assert "DATABASE_URL uses the unsupported scheme 'mysql'" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_offline_commands_need_no_secret_and_models_match_migrations():
    """makemigrations (a CI check, a build step) reads code only: it runs without the
    production secret, and finds nothing to migrate."""
    result = _manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_deploy_check_is_clean_with_production_settings():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="false", SECRET_KEY="a-production-like-secret-" + "k3y!" * 12,
        ALLOWED_HOSTS="portal.example.org", SECURE_SSL_REDIRECT="true",
        SESSION_COOKIE_SECURE="true", CSRF_COOKIE_SECURE="true", STATIC_MANIFEST="true",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_security_headers(client, settings):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_hsts_is_sent_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
