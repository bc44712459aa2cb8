"""Property-based fuzzing of the whole API (schemathesis), in process against the WSGI
application, anonymously and as each role: no 5xx and no response that violates the
schema. Bounded and derandomized: reproducible, and a few minutes at most."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from consultations.models import Event
from portal.accounts.models import ApiToken
from portal.api.tokens import api_token_create
from tests.api.conftest import ROLES
from tests.factories import EventFactory, FollowUpActionFactory, RegistrationFactory
from tests.recommendations.filing_support import fresh

MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "5"))
CHECKS = [not_a_server_error, response_schema_conformance]
#: Operations that would end the run's own session: revoking a token (the fuzzer may hit
#: its own token's id) and closing the account. Tested in tests/api/test_parity_operations.
SELF_ENDING = {"me_tokens_revoke", "me_close"}


@pytest.fixture(scope="module")
def wsgi_schema(django_db_blocker):
    """The schema, loaded once from the application in process."""
    from django.conf import settings

    from config.wsgi import application

    hosts, settings.ALLOWED_HOSTS = settings.ALLOWED_HOSTS, ["*"]
    try:
        with django_db_blocker.unblock():
            yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    finally:
        settings.ALLOWED_HOSTS = hosts


@pytest.fixture
def schema(db, settings, wsgi_schema):
    """Like Django's test client, requests must not close the test's database connection
    at their end."""
    settings.ALLOWED_HOSTS = ["*"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield wsgi_schema
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def seed(world) -> None:
    """Something to find behind every path: drafts, submitted and answered
    recommendations, events, registrations, actions with progress."""
    submitted = world.submitted()
    world.draft(title="A draft of the filing organization")
    FollowUpActionFactory(party=world.party, recommendations=[submitted],
                          responsible=world.agency)
    event = EventFactory(party=world.party, status=Event.Status.REGISTRATION_OPEN)
    RegistrationFactory(event=event, user=world.member, organization=world.org)
    EventFactory(party=world.party, status=Event.Status.DRAFT)


@pytest.mark.parametrize("role", ROLES)
def test_fuzz_whole_api(role, world, schema):
    seed(world)
    headers = {}
    user = world.user(role)
    if user is not None:
        _token, raw = api_token_create(actor=fresh(user), name="fuzz")
        headers["Authorization"] = f"Bearer {raw}"
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations
                  if op.definition.raw.get("operationId") not in SELF_ENDING]
    assert len(operations) > 30
    for operation in operations:
        strategy = operation.as_strategy(headers=headers)

        @hsettings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None,
                   database=None, phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def run(case):
            response = case.call()
            case.validate_response(response, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, report them together
            failures.append(f"{operation.label}: {str(exc)[:2000]}")
    # the token was not revoked or broken by the run
    assert user is None or ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    if failures:
        print("\n\n".join(failures))
    assert not failures, "\n\n".join(failures)
