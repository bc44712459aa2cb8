import os

import pytest

pytest_plugins = ["tests.browser.support"]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_service(variable: str, what: str) -> str:
    """The URL of a real service from the environment. Missing: a skip with the reason on
    a developer's machine, a failure under CI (where every service must be there)."""
    value = os.environ.get(variable, "")
    if not value:
        message = f"{what} is needed: set {variable} (CI always does)."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return value


@pytest.fixture
def redis_url() -> str:
    return require_service("REDIS_URL", "A real Redis server")


def on_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture
def postgres():
    """For tests that need PostgreSQL itself (a worker sharing the test database,
    trigram search, row locks)."""
    if not on_postgres():
        message = "PostgreSQL is needed: set DATABASE_URL=postgres://... (CI always does)."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Passwords hashed with MD5 in the tests: the production hasher's rounds cost about
    half a second per user made or signed in, which was a third of the suite's time.
    Children the tests start (a worker, `migrate`) keep the production hasher."""
    from django.test.utils import override_settings

    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    fast.enable()
    yield
    fast.disable()


@pytest.fixture(autouse=True)
def _strict_domain_events(settings):
    """Recording a domain event of a kind without a sentence fails the test."""
    settings.DOMAIN_EVENTS_STRICT = True


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters, used one-time codes and cached lookups never leak between
    tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    """Transactional tests flush every table after they run, which also empties the
    reference data that migrations loaded. Load it again (idempotent) before each."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or (marker is not None and marker.kwargs.get("transaction"))
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from consultations.reference import load_reference
    from recommendations.reference import load_taxonomies

    load_reference()
    load_taxonomies()


@pytest.fixture
def enqueued(monkeypatch):
    """The read models' refresh tasks sent to the broker (their countdowns), instead of
    sending them."""
    from portal.core.tasks import refresh_read_models

    sent: list[int] = []
    monkeypatch.setattr(
        refresh_read_models, "apply_async", lambda countdown=None, **kw: sent.append(countdown)
    )
    return sent
