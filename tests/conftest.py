import os

import pytest

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
