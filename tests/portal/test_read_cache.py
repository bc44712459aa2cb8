"""Cached read models (dashboards, scorecard): served from the cache while nothing
changes, recomputed right after any change made through the services, and never cached
when the setting turns caching off."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.cache import cached_read, data_generation
from portal.core.events import event_record
from recommendations.events import ActionEventKind
from recommendations.selectors.dashboard import dashboard, scorecard
from tests.factories import FollowUpActionFactory, PartyFactory

pytestmark = pytest.mark.django_db


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_a_second_dashboard_read_runs_no_query():
    party = PartyFactory()
    FollowUpActionFactory(party=party)
    assert _queries(lambda: dashboard(public=False)) >= 6
    assert _queries(lambda: dashboard(public=False)) == 0
    assert _queries(lambda: scorecard(public=False)) >= 4
    assert _queries(lambda: scorecard(public=False, sort="actions", descending=True)) == 0


def test_a_domain_event_retires_what_was_cached():
    party = PartyFactory()
    assert dashboard(public=False, party=party).actions_total == 0
    action = FollowUpActionFactory(party=party)  # a bulk write: not seen yet ...
    assert dashboard(public=False, party=party).actions_total == 0
    before = data_generation()
    event_record(kind=ActionEventKind.CREATED, target=action)  # ... a service write is
    assert data_generation() > before
    assert dashboard(public=False, party=party).actions_total == 1
    assert [r.actions for r in scorecard(public=False) if r.party == party] == [1]


def test_the_commit_retires_it_once_more(django_capture_on_commit_callbacks):
    action = FollowUpActionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        event_record(kind=ActionEventKind.CREATED, target=action)
        during = data_generation()
    assert data_generation() > during


def test_public_and_staff_versions_and_each_state_are_cached_apart():
    a, b = PartyFactory(), PartyFactory()
    FollowUpActionFactory(party=a)
    assert dashboard(public=False, party=a).actions_total == 1
    assert dashboard(public=False, party=b).actions_total == 0
    assert dashboard(public=True, party=a).actions_total == 0  # not public


def test_zero_seconds_turns_caching_off(settings):
    settings.READ_MODEL_CACHE_SECONDS = 0
    calls = []
    for _ in range(2):
        cached_read(("x",), lambda: calls.append(1))
    assert len(calls) == 2
