"""The API list's rows (recommendations.api.items, written without DRF's per-field
machinery) are what RecommendationSerializer writes, field by field, for every
attribution, visibility and reader."""

from __future__ import annotations

import itertools
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from recommendations.api.items import recommendation_items
from recommendations.api.serializers import RecommendationSerializer
from recommendations.models import Endorsement, Recommendation
from recommendations.selectors.recommendations import (
    RecommendationFilters,
    recommendations_search,
)
from tests.api.conftest import ROLES
from tests.factories import OrganizationFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

ATTRIBUTIONS = ["named", "in_state", "unodc_only"]
VISIBILITIES = ["public", "government", "unodc"]


def _json(data) -> list[dict]:
    return json.loads(JSONRenderer().render(data))


@pytest.fixture
def recommendations(world):
    recs = []
    variants = itertools.product(ATTRIBUTIONS, VISIBILITIES, ["submitted", "responded", "draft"])
    for i, (attribution, visibility, status) in enumerate(variants):
        rec = RecommendationFactory(
            organization=world.org if i % 2 else world.other_org,
            party=world.party,
            title=f"Variant {i}",
            reference=None if status == "draft" else f"PKL-2026-{i:04d}",
            status=status,
            is_public=status != "draft" and i % 4 != 1,
            submitted_at=None if status == "draft" else timezone.now(),
            attribution=attribution,
            rationale_visibility=visibility,
            attachments_visibility=visibility,
            position="noted" if status == "responded" else "",
            response_due_on=None if i % 3 else "2026-12-01",
        )
        rec.instruments.set([world.untoc])
        recs.append(rec)
    for rec in recs[:4]:
        Endorsement.objects.create(
            recommendation=rec, organization=OrganizationFactory(country=world.party)
        )
    return recs


@pytest.mark.parametrize("role", ROLES)
def test_list_items_are_the_serializers_output(world, recommendations, role):
    user = world.user(role) or AnonymousUser()
    request = RequestFactory().get("/api/v1/recommendations/")
    request.user = user
    rows = list(recommendations_search(user, RecommendationFilters()))
    assert rows
    expected = _json(RecommendationSerializer(rows, many=True, context={"request": request}).data)
    got = _json(recommendation_items(user, rows))
    assert len(got) == len(expected)
    for mine, theirs in zip(got, expected, strict=True):
        assert list(mine) == list(theirs)
        for field in theirs:
            assert mine[field] == theirs[field], (role, theirs["title"], field)
    named = {row["title"]: row["organization"] for row in got}
    hidden = [r.title for r in rows if r.attribution != "named" and named[r.title] is None]
    if role == "anonymous":
        assert hidden  # the policy still keeps names from the public


def test_the_endpoint_serves_the_items(world, recommendations, api):
    body = api("staff").get("/api/v1/recommendations/?page_size=100").json()
    rows = recommendations_search(world.user("staff"), RecommendationFilters())
    ids = {r.pk for r in rows}
    assert {row["id"] for row in body["results"]} == ids
    assert Recommendation.objects.filter(pk__in=ids).count() == len(body["results"])
