"""No single part takes the site down: an unreachable cache degrades (reads computed,
sign-in limits counted in the database), readiness tells a proxy which node can serve,
and every request carries an id into the logs."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core.cache import caches
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from portal.core import cache as read_cache
from portal.core import health, resilient_cache
from portal.core.models import CacheFallbackEntry, Heartbeat

ROOT = Path(__file__).resolve().parents[2]
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
DEGRADING = {
    "default": {
        "BACKEND": "portal.core.resilient_cache.ResilientRedisCache",
        "LOCATION": DEAD_REDIS,
        "OPTIONS": {
            "FALLBACK": "ratelimit_fallback",
            "FALLBACK_PREFIXES": ["allauth:rl:"],
            "RETRY_SECONDS": 30,
            "socket_connect_timeout": 0.2,
        },
    },
    "ratelimit_fallback": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache_fallback",
    },
}


@pytest.fixture
def dead_cache():
    with override_settings(CACHES=DEGRADING):  # resets the cache handlers both ways
        yield caches["default"]


@pytest.mark.django_db
def test_an_unreachable_cache_answers_misses_logs_once_and_counts(dead_cache, caplog):
    failures = resilient_cache.stats["failures"]
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        assert dead_cache.get("anything", "default") == "default"
        dead_cache.set("anything", 1)
        assert dead_cache.add("lock", 1) is False
        with pytest.raises(ValueError):
            dead_cache.incr("counter")
        assert dead_cache.get_many(["a", "b"]) == {}
    assert resilient_cache.stats["failures"] == failures + 1  # then the breaker holds
    assert resilient_cache.stats["degraded_since"] is not None
    warnings = [r for r in caplog.records if "cache unreachable" in r.getMessage()]
    assert len(warnings) <= 1  # once per outage and process (none if already degraded)


@pytest.mark.django_db
def test_read_models_are_computed_from_the_database_meanwhile(dead_cache):
    calls = []
    for _ in range(2):
        assert read_cache.cached_read(("test",), lambda: calls.append(1) or 42) == 42
    assert len(calls) == 2  # nothing cached, nothing failed


@pytest.mark.django_db
def test_sign_in_limits_keep_counting_in_the_database_when_the_cache_is_out(dead_cache):
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="203.0.113.9")
    config = {"login_failed": "2/m/ip"}
    allowed = [
        allauth_ratelimit.consume(request, app="account", action="login_failed", config=config)
        is not None
        for _ in range(3)
    ]
    assert allowed == [True, True, False]  # fail safe: not opened by the outage
    assert CacheFallbackEntry.objects.filter(cache_key__contains="login_failed").exists()


@pytest.mark.django_db
def test_health_live_needs_nothing(client):
    response = client.get(reverse("health_live"))
    assert response.status_code == 200 and response.json() == {"status": "alive"}


@pytest.mark.django_db
@override_settings(HEARTBEAT_SECONDS=30)
def test_ready_needs_a_heartbeat_within_two_intervals(client):
    response = client.get(reverse("health_ready"))
    assert response.status_code == 503  # no worker has ever answered
    assert response.json()["worker"] == "stale"
    assert client.get(reverse("health")).status_code == 503  # the older address too

    Heartbeat.objects.create(name="worker", last_seen=timezone.now() - timedelta(seconds=50))
    response = client.get(reverse("health_ready"))
    data = response.json()
    assert data["database"] == "ok" and data["migrations"] == "ok"
    assert data["worker"] == "ok" and data["worker_stale_after_seconds"] == 60
    assert response.status_code == (200 if data["redis"] in ("ok", "not used") else 503)

    Heartbeat.objects.filter(name="worker").update(last_seen=timezone.now() - timedelta(seconds=61))
    response = client.get(reverse("health_ready"))
    assert response.status_code == 503 and response.json()["worker"] == "stale"


@pytest.mark.django_db
def test_ready_is_503_when_redis_does_not_answer(client):
    Heartbeat.objects.create(name="worker", last_seen=timezone.now())
    with override_settings(CACHE_URL=DEAD_REDIS):
        response = client.get(reverse("health_ready"))
    assert response.status_code == 503 and response.json()["redis"] == "down"


@pytest.mark.django_db
def test_pending_migrations_make_a_node_not_ready(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: [("a migration", False)]
    )
    assert health._migrations() == "pending"


@pytest.mark.django_db
def test_request_id_is_taken_from_the_proxy_returned_and_logged(client, caplog):
    response = client.get(reverse("health_live"), HTTP_X_REQUEST_ID="proxy-id-123")
    assert response["X-Request-ID"] == "proxy-id-123"
    made = client.get(reverse("health_live"), HTTP_X_REQUEST_ID="bad id <script>")
    assert made["X-Request-ID"] != "bad id <script>" and len(made["X-Request-ID"]) == 32
    with (
        caplog.at_level(logging.WARNING, logger="portal.core.health"),
        override_settings(CACHE_URL=DEAD_REDIS),
    ):
        client.get(reverse("health_ready"), HTTP_X_REQUEST_ID="ready-check-7")
    records = [r for r in caplog.records if r.name == "portal.core.health"]
    assert records and records[0].request_id == "ready-check-7"


def _settings_in_subprocess(**env) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({'storage': s.STORAGES['default'], 'cache': s.CACHES['default'],"
        "'session': s.SESSION_ENGINE}))"
    )
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "CACHE_URL", "AWS_STORAGE_BUCKET_NAME"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**base, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings", **env},
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_no_node_local_state_when_configured_for_several_nodes():
    local = _settings_in_subprocess()
    assert local["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    shared = _settings_in_subprocess(
        REDIS_URL="redis://redis:6379/0",
        AWS_STORAGE_BUCKET_NAME="portal-files",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
    )
    assert shared["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = shared["storage"]["OPTIONS"]
    assert options["bucket_name"] == "portal-files" and options["default_acl"] == "private"
    assert options["querystring_auth"] is True  # never a public URL
    assert shared["cache"]["BACKEND"] == "portal.core.resilient_cache.ResilientRedisCache"
    assert shared["session"] == "django.contrib.sessions.backends.db"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_probes_over_plain_http_are_not_redirected(client):
    assert client.get(reverse("health_live")).status_code == 200
    assert client.get(reverse("home")).status_code == 301  # pages still go to HTTPS
