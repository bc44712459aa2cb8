"""The world of the leak tests, seeded once for the package (both modules read it; a
write is tried in a savepoint rolled back after)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from portal.core.models import Heartbeat
from portal.core.visibility import ROLES
from tests.security.leaks import (
    FILLERS,
    WRITE_ROLES,
    Seeded,
    deliver_everything,
    role_inbox,
)
from tests.security.walk import (
    EXCLUDED,
    fill,
    openapi_operations,
    url_patterns,
)
from tests.security.world import seed


@pytest.fixture(scope="package")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    settings = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        MFA_ENFORCE=False,
        API_THROTTLE_RATES={"user": "1000000/minute", "anon": "1000000/minute"},
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        HEARTBEAT_SECONDS=24 * 3600,
    )  # the heartbeat below stays fresh for the package
    with django_db_blocker.unblock(), settings:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            cache.clear()
            mail.outbox = []
            world = seed()
            deliver_everything()
            # A worker that answers: the health checks report ready (200), not 503.
            Heartbeat.objects.create(name="worker", last_seen=timezone.now())
            clients = {}
            for role in WRITE_ROLES:
                clients[role] = Client()
                if world.user(role) is not None:
                    clients[role].force_login(world.user(role))
            patterns = url_patterns()
            paths, unfilled = {}, []
            for pattern in patterns:
                if pattern.namespace in EXCLUDED:
                    continue
                got = fill(pattern, FILLERS, world)
                if got is None:
                    unfilled.append(f"{pattern.key} ({pattern.route})")
                else:
                    paths[pattern.key] = got
            s = Seeded(
                world,
                clients,
                patterns,
                openapi_operations(),
                paths,
                unfilled,
                {p.key for p in patterns if p.is_api},
            )
            s.inbox = {role: role_inbox(world, role) for role in ROLES}
            yield s
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
