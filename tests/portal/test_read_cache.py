"""Read models (dashboards, scorecard) that a request never computes: stored rows
served with their "as of" time, made stale by a domain event, recomputed by a task
enqueued once per window after the commit (and by beat's sweep), computed in the
request only for the very first read, under a lock. Also the generation-keyed cache
(``cached_read``) the smaller lookups still use."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.core import read_models
from portal.core.cache import cached_read, data_generation
from portal.core.events import event_record
from portal.core.models import ReadModel
from portal.core.read_models import read_model, read_models_refresh
from portal.core.response_cache import CACHE_HEADER
from portal.core.stampede import lock_acquire, single_flight
from portal.core.tasks import refresh_read_models
from recommendations.events import ActionEventKind
from recommendations.selectors.dashboard import dashboard, scorecard
from tests.factories import FollowUpActionFactory, PartyFactory

pytestmark = pytest.mark.django_db


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_reads_serve_the_stored_numbers_without_computing_them():
    party = PartyFactory()
    FollowUpActionFactory(party=party)
    assert _queries(lambda: dashboard(public=False)) >= 7  # the very first read
    # then: the stored row and the labels of instruments, clusters and themes
    assert _queries(lambda: dashboard(public=False)) <= 4
    assert _queries(lambda: scorecard(public=False)) >= 4
    assert _queries(lambda: scorecard(public=False, sort="actions", descending=True)) <= 2
    assert ReadModel.objects.count() == 2


def test_an_event_makes_it_stale_the_old_numbers_are_served_until_the_task_ran(
    django_capture_on_commit_callbacks, enqueued
):
    party = PartyFactory()
    first = dashboard(public=False, party=party)
    assert first.actions_total == 0 and not first.stale and first.as_of is not None
    action = FollowUpActionFactory(party=party)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event_record(kind=ActionEventKind.CREATED, target=action)
    assert callbacks and enqueued == [10]  # after the commit, once, for the window
    cold = dashboard(public=False, party=party)  # never computed in the request
    assert (cold.actions_total, cold.stale, cold.as_of) == (0, True, first.as_of)
    assert refresh_read_models() >= 1  # the task, called directly
    warm = dashboard(public=False, party=party)
    assert (warm.actions_total, warm.stale) == (1, False) and warm.as_of > first.as_of
    assert [r.actions for r in scorecard(public=False) if r.party == party] == [1]
    assert read_models_refresh() == 0  # nothing stale: nothing computed


def test_many_events_in_a_window_enqueue_one_refresh(django_capture_on_commit_callbacks, enqueued):
    action = FollowUpActionFactory()
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            event_record(kind=ActionEventKind.CREATED, target=action)
    assert enqueued == [10]
    read_models_refresh()  # the task runs: the next change schedules the next one
    with django_capture_on_commit_callbacks(execute=True):
        event_record(kind=ActionEventKind.CREATED, target=action)
    assert enqueued == [10, 10]


def test_the_commit_retires_it_once_more(django_capture_on_commit_callbacks, enqueued):
    action = FollowUpActionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        event_record(kind=ActionEventKind.CREATED, target=action)
        during = data_generation()
    assert data_generation() > during


def test_a_new_day_or_an_old_row_is_stale_too(
    settings, django_capture_on_commit_callbacks, enqueued
):
    dashboard(public=True)
    ReadModel.objects.update(day="2000-01-01")
    with django_capture_on_commit_callbacks(execute=True):
        assert dashboard(public=True).stale
    assert enqueued == [10]
    read_models_refresh()
    assert not dashboard(public=True).stale
    settings.READ_MODEL_MAX_AGE_SECONDS = 0  # a change made outside the services
    assert dashboard(public=True).stale


def test_public_and_staff_versions_and_each_state_are_stored_apart():
    a, b = PartyFactory(), PartyFactory()
    FollowUpActionFactory(party=a)
    assert dashboard(public=False, party=a).actions_total == 1
    assert dashboard(public=False, party=b).actions_total == 0
    assert dashboard(public=True, party=a).actions_total == 0  # not public


def test_the_page_and_the_api_say_as_of_when(
    settings, django_capture_on_commit_callbacks, enqueued
):
    settings.RESPONSE_CACHE_SECONDS = 300
    client = Client()
    page = client.get(reverse("dashboard:public"))
    assert "Figures as of" in page.content.decode() and "data-as-of" in page.content.decode()
    assert "Newer figures are being computed" not in page.content.decode()
    assert client.get(reverse("dashboard:public"))[CACHE_HEADER] == "HIT"
    scorecard_page = client.get(reverse("dashboard:public_scorecard")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        event_record(kind=ActionEventKind.CREATED, target=FollowUpActionFactory())
    stale = client.get(reverse("dashboard:public")).content.decode()
    assert "Newer figures are being computed" in stale
    body = client.get(reverse("api-dashboard-public")).json()
    assert body["stale"] is True and body["as_of"]
    read_models_refresh()  # retires the pages cached whole that showed the old numbers
    fresh = client.get(reverse("dashboard:public"))
    assert fresh[CACHE_HEADER] == "MISS"
    assert "Newer figures are being computed" not in fresh.content.decode()
    assert "public data" in scorecard_page


def test_the_first_read_computes_once_under_a_lock(monkeypatch):
    """Another worker holds the lock and stores the row while this one waits: this one
    computes nothing."""
    key = 'dashboard:{"party":null,"public":true}'
    lock = f"read-model-lock:{key}"
    assert lock_acquire(lock, seconds=60)
    computed = []

    def other_worker_finishes(_seconds):
        computed.append("other")
        read_models._compute(key)
        cache.delete(lock)

    original = read_models.single_flight
    monkeypatch.setattr(
        read_models,
        "single_flight",
        lambda *a, **kw: original(*a, sleep=other_worker_finishes, **kw),
    )
    snapshot = read_model("dashboard", public=True, party=None)
    assert computed == ["other"] and snapshot.value["total"] == 0


def test_two_concurrent_misses_compute_once():
    """single_flight: the second caller finds the lock taken and waits for the value the
    first one stores (the polling step stands for the time passing)."""
    calls: list[str] = []

    def lookup():
        return cache.get("sf:value")

    def compute():
        calls.append("compute")
        cache.set("sf:value", 42)
        return 42

    assert lock_acquire("sf:lock", seconds=60)  # the first caller, computing

    def first_caller_stores(_seconds):
        compute()
        cache.delete("sf:lock")

    assert (
        single_flight(
            "sf:lock",
            lookup=lookup,
            compute=compute,
            lock_seconds=60,
            wait_seconds=60,
            sleep=first_caller_stores,
        )
        == 42
    )
    assert calls == ["compute"]  # once, by the first caller
    assert (
        single_flight("sf:lock", lookup=lookup, compute=compute, lock_seconds=60, wait_seconds=60)
        == 42
    )
    assert calls == ["compute"]


def test_a_lock_left_without_a_value_lets_the_waiter_compute():
    calls = []
    assert lock_acquire("sf:lock2", seconds=60)
    value = single_flight(
        "sf:lock2",
        lookup=lambda: None,
        compute=lambda: calls.append(1) or 7,
        lock_seconds=60,
        wait_seconds=60,
        sleep=lambda _s: cache.delete("sf:lock2"),
    )
    assert value == 7 and calls == [1]


def test_zero_seconds_turns_storing_off(settings):
    settings.READ_MODEL_CACHE_SECONDS = 0
    calls = []
    for _ in range(2):
        cached_read(("x",), lambda: calls.append(1))
    assert len(calls) == 2
    assert dashboard(public=True).as_of is not None
    assert not ReadModel.objects.exists()
