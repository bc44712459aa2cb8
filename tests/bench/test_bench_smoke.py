"""The benchmark's data generator at a tiny size: row counts and reproducibility (the same
seed gives the same data). Runs against the test database; starts no server."""

from __future__ import annotations

import dataclasses

import pytest

from bench import generate as gen

pytestmark = pytest.mark.django_db

TINY = gen.SIZES["tiny"]


def _wipe() -> None:
    """Remove what the generator made (reference data stays)."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model

    from consultations.models import (
        AllianceMembership,
        Event,
        Membership,
        OfficialAssignment,
        Organization,
        PilotInitiative,
    )
    from portal.core.models import DomainEvent
    from portal.notifications.models import Notification
    from recommendations.models import FollowUpAction, Recommendation, Response

    Notification.objects.all().delete()
    FollowUpAction.objects.all().delete()
    Response.objects.all().delete()
    DomainEvent.objects.all().delete()
    Recommendation.objects.all().delete()
    PilotInitiative.objects.all().delete()
    Event.objects.all().delete()
    OfficialAssignment.objects.all().delete()
    Membership.objects.all().delete()
    Authenticator.objects.all().delete()
    AllianceMembership.objects.all().delete()
    Organization.objects.all().delete()
    get_user_model().objects.filter(email__endswith="@" + gen.BENCH_DOMAIN).delete()


def _quiet(_message: str) -> None:
    pass


def test_tiny_data_set_has_the_requested_rows():
    result = gen.generate(counts=TINY, log=_quiet)
    counts = result["counts"]
    assert counts["organizations"] == TINY.organizations
    assert counts["users"] == TINY.users
    assert counts["events"] == TINY.events
    assert counts["recommendations"] == TINY.recommendations
    assert counts["actions"] == TINY.actions
    assert counts["notifications"] == TINY.notifications
    assert counts["parties"] >= 190  # the UN member States of the reference data

    from consultations.models import OfficialAssignment
    from recommendations.models import Recommendation

    assert OfficialAssignment.objects.filter(role="focal_person").exists()
    assert Recommendation.objects.filter(instruments__isnull=False).distinct().count() \
        == TINY.recommendations
    # generating again changes nothing (idempotent top-up)
    again = gen.generate(counts=TINY, log=_quiet)
    assert again["counts"] == counts


def test_same_seed_same_data_and_top_up_matches_one_shot():
    gen.generate(counts=TINY, seed=7, log=_quiet)
    first = gen.dataset_digest()
    _wipe()
    # in two steps (10 then 20 recommendations), as the scaling runs do
    gen.generate(counts=TINY, seed=7, recommendations=10,
                 stages=["base", "recommendations"], log=_quiet)
    gen.generate(counts=TINY, seed=7, log=_quiet)
    assert gen.dataset_digest() == first
    _wipe()
    gen.generate(counts=TINY, seed=8, log=_quiet)
    assert gen.dataset_digest() != first


def test_search_vectors_are_filled_on_postgres(postgres):
    from recommendations.models import Recommendation

    gen.generate(counts=dataclasses.replace(TINY, actions=0, notifications=0),
                 stages=["base", "recommendations"], log=_quiet)
    assert not Recommendation.objects.filter(search_vector__isnull=True).exists()
    assert Recommendation.objects.filter(search_vector="trafficking").exists() or \
        Recommendation.objects.filter(search_vector="crime").exists()


def test_notifications_are_replicated_on_postgres(postgres, monkeypatch):
    from django.contrib.auth import get_user_model

    from portal.notifications.models import Notification

    monkeypatch.setattr(gen, "UNIQUE_NOTIFICATIONS", 30)
    gen.generate(counts=TINY, log=_quiet)
    assert Notification.objects.count() == TINY.notifications
    bench_users = set(get_user_model().objects.filter(
        email__endswith="@" + gen.BENCH_DOMAIN).values_list("pk", flat=True))
    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients <= bench_users
    assert len(recipients) > 30


def test_baseline_view_renders_the_layout_without_the_database(rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from bench.views import baseline

    request = rf.get("/_baseline/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        response = baseline(request)
    assert response.status_code == 200
    assert b"<h1>" in response.content


def test_state_shares_are_normalised():
    parties = [(k, iso3, iso3) for k, iso3 in enumerate(["AFG", "MEX", "PAK", *(
        f"X{k:02d}" for k in range(190))])]
    weights = gen._party_weights(parties)
    assert sum(weights) == pytest.approx(1.0)
    assert weights[1] == weights[2] == pytest.approx(0.05)
    assert max(w for w in weights if w != 0.05) < 0.05


def test_pakistan_and_mexico_get_about_five_percent_each():
    from django.db.models import Count

    from recommendations.models import Recommendation

    n = 1000
    gen.generate(counts=dataclasses.replace(TINY, recommendations=n, actions=0,
                                            notifications=0),
                 stages=["base", "recommendations"], log=_quiet)
    shares = dict(Recommendation.objects.values_list("party__iso3").annotate(n=Count("pk"))
                  .values_list("party__iso3", "n"))
    assert 0.035 <= shares["PAK"] / n <= 0.065
    assert 0.035 <= shares["MEX"] / n <= 0.065
    assert max(v for k, v in shares.items() if k not in {"PAK", "MEX"}) < shares["PAK"]
