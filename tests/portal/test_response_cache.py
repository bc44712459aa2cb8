"""Whole-response caching for anonymous visitors (portal.core.response_cache): every
registered page and API read is served from the cache on a repeat, a change committed
through a service is on the next request, nobody signed in (or carrying a session) ever
gets the anonymous copy nor leaves theirs, a restricted thing never comes out of the
cache, ETags answer 304, the API's rate limit still counts, and an unreachable cache
only means computing."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse

from portal.core import response_cache
from portal.core.events import event_record
from portal.core.response_cache import CACHE_HEADER, registered_views
from recommendations.models import Recommendation
from recommendations.services import recommendations as svc
from recommendations.services import safety
from tests.factories import EventFactory, FollowUpActionFactory, PilotFactory
from tests.portal.test_resilience import DEGRADING
from tests.recommendations.filing_support import client_for, fresh, make_world

pytestmark = pytest.mark.django_db

NAME = "Governance Research Centre"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.RESPONSE_CACHE_SECONDS = 300


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def public_rec(world):
    rec = world.submitted(title="Fund victim support services")
    return svc.recommendation_publish(actor=fresh(world.member), recommendation=rec)


def _urls(world, rec) -> dict[str, str]:
    """One URL per registered view."""
    pilot = PilotFactory(party=world.party)
    event = EventFactory(party=world.party, pilot=pilot)
    action = FollowUpActionFactory(party=world.party, recommendations=[rec])
    instrument, party = world.untoc, world.party
    return {
        "home": reverse("home"),
        "recommendations:list": reverse("recommendations:list"),
        "recommendations:detail": reverse("recommendations:detail", args=[rec.pk]),
        "followup:list": reverse("followup:list"),
        "followup:detail": reverse("followup:detail", args=[action.pk]),
        "dashboard:public": reverse("dashboard:public"),
        "dashboard:public_scorecard": reverse("dashboard:public_scorecard"),
        "states:list": reverse("states:list"),
        "states:detail": reverse("states:detail", args=[party.iso3]),
        "events:list": reverse("events:list"),
        "events:detail": reverse("events:detail", args=[event.pk]),
        "events:feed": reverse("events:feed"),
        "events:ical": reverse("events:ical", args=[event.pk]),
        "pilots:list": reverse("pilots:list"),
        "pilots:detail": reverse("pilots:detail", args=[pilot.pk]),
        "organizations:directory": reverse("organizations:directory"),
        "organizations:detail": reverse("organizations:detail", args=[world.org.pk]),
        "api-recommendation-list": reverse("api-recommendation-list"),
        "api-recommendation-detail": reverse("api-recommendation-detail", args=[rec.pk]),
        "api-action-list": reverse("api-action-list"),
        "api-action-detail": reverse("api-action-detail", args=[action.pk]),
        "api-dashboard-public": reverse("api-dashboard-public"),
        "api-scorecard-public": reverse("api-scorecard-public"),
        "api-state-profile": reverse("api-state-profile", args=[party.iso3]),
        "api-event-list": reverse("api-event-list"),
        "api-event-detail": reverse("api-event-detail", args=[event.pk]),
        "api-event-feed": reverse("api-event-feed"),
        "api-event-ical": reverse("api-event-ical", args=[event.pk]),
        "api-pilot-list": reverse("api-pilot-list"),
        "api-pilot-detail": reverse("api-pilot-detail", args=[pilot.pk]),
        "api-organization-list": reverse("api-organization-list"),
        "api-organization-detail": reverse("api-organization-detail", args=[world.org.pk]),
        "api-party-list": reverse("api-party-list"),
        "api-party-detail": reverse("api-party-detail", args=[party.pk]),
        "api-instrument-list": reverse("api-instrument-list"),
        "api-instrument-detail": reverse("api-instrument-detail", args=[instrument.pk]),
        "api-cluster-list": reverse("api-cluster-list"),
        "api-cluster-detail": reverse("api-cluster-detail", args=[_any_cluster()]),
    }


def _any_cluster() -> int:
    from consultations.models import Cluster

    return Cluster.objects.order_by("pk").values_list("pk", flat=True)[0]


def test_every_registered_view_is_cached_and_a_committed_change_shows_next(
    world, public_rec, django_capture_on_commit_callbacks
):
    urls = _urls(world, public_rec)
    assert set(urls) == registered_views()
    client = Client()
    first = {name: client.get(url) for name, url in urls.items()}
    for name, response in first.items():
        assert response.status_code == 200, name
        assert response[CACHE_HEADER] == "MISS", name
        assert not response.cookies, name  # nothing per visitor in a shared answer
        assert "csrfmiddlewaretoken" not in response.content.decode(), name
    for name, url in urls.items():
        again = client.get(url)
        assert again[CACHE_HEADER] == "HIT", name
        assert again.content == first[name].content, name
        assert again["Content-Type"] == first[name]["Content-Type"], name
    with django_capture_on_commit_callbacks(execute=True):
        svc.recommendation_correct(
            actor=fresh(world.member),
            recommendation=public_rec,
            expected_version=None,
            title="Fund victim support services nationwide",
            text=public_rec.text,
            note="Scope",
        )
    for name, url in urls.items():
        assert client.get(url)[CACHE_HEADER] == "MISS", name
    for name in (
        "recommendations:list",
        "recommendations:detail",
        "api-recommendation-list",
        "api-recommendation-detail",
    ):
        assert "services nationwide" in client.get(urls[name]).content.decode(), name


def test_keys_differ_by_query_and_language_but_not_parameter_order(public_rec):
    client = Client()
    url = reverse("recommendations:list")
    assert client.get(url + "?status=submitted&q=victim")[CACHE_HEADER] == "MISS"
    assert client.get(url + "?q=victim&status=submitted")[CACHE_HEADER] == "HIT"
    english = client.get(url)
    assert english[CACHE_HEADER] == "MISS"
    french = client.get(url + "?lang=fr")
    assert french[CACHE_HEADER] == "MISS" and 'lang="fr"' in french.content.decode()
    client.get(reverse("set_language") + "?language=ru&next=/")  # a visitor's GET choice
    assert client.cookies["django_language"].value == "ru"
    russian = client.get(url)
    assert russian[CACHE_HEADER] == "MISS" and 'lang="ru"' in russian.content.decode()
    assert Client(HTTP_ACCEPT_LANGUAGE="ru").get(url)[CACHE_HEADER] == "HIT"


def test_signed_in_users_never_get_nor_leave_a_cached_copy(world, public_rec):
    draft = world.draft(title="A draft only its organization sees")
    url = reverse("recommendations:list")
    member = client_for(world.member)
    page = member.get(url)  # signed in first: the member's list has the draft
    assert draft.title in page.content.decode()
    assert CACHE_HEADER not in page
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    anonymous = Client().get(url)
    assert anonymous[CACHE_HEADER] == "MISS"  # the member's page was not stored
    assert draft.title not in anonymous.content.decode()
    assert public_rec.title in anonymous.content.decode()
    again = member.get(url)  # ... nor is the anonymous copy served to the member
    assert CACHE_HEADER not in again and draft.title in again.content.decode()
    staff = client_for(world.staff).get(reverse("api-recommendation-list"))
    assert CACHE_HEADER not in staff


def test_a_session_cookie_or_a_token_header_goes_to_the_view(public_rec):
    url = reverse("recommendations:detail", args=[public_rec.pk])
    Client().get(url)
    with_session = Client()
    with_session.cookies["sessionid"] = "whatever"
    response = with_session.get(url)
    assert CACHE_HEADER not in response and "private" in response["Cache-Control"]
    api = reverse("api-recommendation-detail", args=[public_rec.pk])
    Client().get(api)
    assert CACHE_HEADER not in Client(HTTP_AUTHORIZATION="Bearer untoc_x").get(api)


def test_hiding_the_filer_or_withdrawing_is_never_served_from_the_cache(
    world, public_rec, django_capture_on_commit_callbacks
):
    detail = reverse("recommendations:detail", args=[public_rec.pk])
    api = reverse("api-recommendation-detail", args=[public_rec.pk])
    client = Client()
    for url in (detail, api, reverse("recommendations:list")):
        client.get(url)
        assert NAME in client.get(url).content.decode()  # cached, with the name
    with django_capture_on_commit_callbacks(execute=True):
        safety.recommendation_protection_set(
            actor=fresh(world.member), recommendation=public_rec, attribution="unodc_only"
        )
    for url in (detail, api, reverse("recommendations:list")):
        assert NAME not in client.get(url).content.decode(), url
    with django_capture_on_commit_callbacks(execute=True):
        svc.recommendation_withdraw(actor=fresh(world.member), recommendation=public_rec)
    assert Recommendation.objects.get(pk=public_rec.pk).status == "withdrawn"
    listed = client.get(reverse("api-recommendation-list") + "?status=submitted")
    assert public_rec.title not in listed.content.decode()


def test_a_draft_never_comes_out_of_the_cache(world):
    draft = world.draft(title="Secret draft title")
    client = Client()
    for url in (
        reverse("recommendations:detail", args=[draft.pk]),
        reverse("api-recommendation-detail", args=[draft.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client_for(world.member).get(url).status_code == 200
        second = client.get(url)
        assert second.status_code == 404 and second.get(CACHE_HEADER) == "BYPASS"


def test_etag_answers_304_until_the_next_change(world, public_rec):
    client = Client()
    url = reverse("recommendations:detail", args=[public_rec.pk])
    first = client.get(url)
    tag = first["ETag"]
    assert "public" in first["Cache-Control"] and "must-revalidate" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert not_modified.status_code == 304 and not not_modified.content
    assert not_modified["ETag"] == tag
    event_record(kind="recommendation.published", target=public_rec)
    changed = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed["ETag"] != tag
    api = reverse("api-recommendation-detail", args=[public_rec.pk])
    own = client.get(api)["ETag"]  # the resource's own version ETag is kept
    assert own == f'"{public_rec.pk}-{Recommendation.objects.get(pk=public_rec.pk).version}"'
    assert client.get(api)[CACHE_HEADER] == "HIT"
    assert client.get(api, HTTP_IF_NONE_MATCH=own).status_code == 304


def test_cached_api_answers_count_against_the_rate_limit(settings, public_rec):
    settings.API_THROTTLE_RATES = {"user": "100/hour", "anon": "3/hour"}
    client = Client()
    url = reverse("api-recommendation-list")
    outcomes = [client.get(url) for _ in range(4)]
    assert [r.status_code for r in outcomes] == [200, 200, 200, 429]
    assert [r.get(CACHE_HEADER) for r in outcomes[:3]] == ["MISS", "HIT", "HIT"]
    assert outcomes[2]["RateLimit-Remaining"] == "0"


def test_a_hit_runs_no_query_and_a_miss_keeps_its_budget(public_rec, django_assert_max_num_queries):
    client = Client()
    url = reverse("recommendations:list")
    with django_assert_max_num_queries(20):
        assert client.get(url)[CACHE_HEADER] == "MISS"
    with django_assert_max_num_queries(0):
        assert client.get(url)[CACHE_HEADER] == "HIT"
    api = reverse("api-recommendation-list")
    with django_assert_max_num_queries(20):
        client.get(api)
    with django_assert_max_num_queries(0):
        assert client.get(api)[CACHE_HEADER] == "HIT"


@contextmanager
def _cache_calls():
    """The calls made to the default cache (the outermost ones: one round trip each on
    Redis)."""
    store, calls, depth = caches["default"], [], [0]

    def counted(name, method):
        def call(*args, **kwargs):
            if not depth[0]:
                calls.append(name)
            depth[0] += 1
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    names = ("get", "get_many", "set", "set_many", "add", "incr", "delete", "touch")
    for name in names:
        setattr(store, name, counted(name, getattr(store, name)))
    try:
        yield calls
    finally:
        for name in names:
            delattr(store, name)


def test_a_hit_is_one_round_trip_to_the_cache_and_two_for_the_api(public_rec):
    """The generation, the answer and the API's rate-limit count are read at once; the
    API then writes its count."""
    client = Client()
    page, api = reverse("recommendations:list"), reverse("api-recommendation-list")
    client.get(page)
    client.get(api)
    with _cache_calls() as calls:
        assert client.get(page)[CACHE_HEADER] == "HIT"
    assert calls == ["get_many"]
    with _cache_calls() as calls:
        hit = client.get(api)
    assert hit[CACHE_HEADER] == "HIT" and hit["RateLimit-Remaining"]
    assert calls == ["get_many", "set"]


def test_zero_seconds_turns_it_off(settings, public_rec):
    settings.RESPONSE_CACHE_SECONDS = 0
    client = Client()
    url = reverse("recommendations:list")
    assert CACHE_HEADER not in client.get(url) and CACHE_HEADER not in client.get(url)


def test_with_the_cache_unreachable_pages_are_computed(public_rec):
    url = reverse("recommendations:detail", args=[public_rec.pk])
    with override_settings(CACHES=DEGRADING):
        client = Client()
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200 and response[CACHE_HEADER] == "MISS"
            assert public_rec.title in response.content.decode()


def test_signed_in_pages_keep_the_csrf_token_in_the_language_menu(world):
    page = client_for(world.member).get(reverse("recommendations:list")).content.decode()
    assert 'method="post" class="language-form"' in page
    assert "csrfmiddlewaretoken" in page
    anonymous = Client().get(reverse("recommendations:list")).content.decode()
    assert 'method="get" class="language-form"' in anonymous


def test_a_miss_while_another_worker_computes_is_served_its_answer(monkeypatch, public_rec):
    """Two concurrent misses compute once: the second finds the lock taken and waits
    for the first one's answer (the other worker is played by a nested request)."""
    url = reverse("recommendations:detail", args=[public_rec.pk])
    real_acquire = response_cache.lock_acquire
    other: list = []

    def other_worker_computes(lock_key, lookup, *, seconds):
        monkeypatch.setattr(response_cache, "lock_acquire", real_acquire)
        other.append(Client().get(url))
        return lookup()

    monkeypatch.setattr(response_cache, "lock_acquire", lambda lock_key, *, seconds: None)
    monkeypatch.setattr(response_cache, "wait_for", other_worker_computes)
    waiting = Client().get(url)
    assert [r[CACHE_HEADER] for r in other] == ["MISS"]  # computed once, by the other
    assert waiting[CACHE_HEADER] == "HIT" and waiting.content == other[0].content
