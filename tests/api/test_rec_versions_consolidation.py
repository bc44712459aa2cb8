"""The API of a recommendation's corrections (its versions) and of the consolidation of
members' drafts by the alliance's coordinator, role by role as on the web."""

from __future__ import annotations

import itertools

import pytest

from recommendations.models import (
    Recommendation,
    RecommendationVersion,
)
from recommendations.services import recommendations as rec_services
from recommendations.services import responses as response_services
from tests.api.conftest import ANON_WRITE, error_of, expect, statuses, token_client
from tests.api.recommendation_support import (
    private_media,  # noqa: F401
)
from tests.recommendations.filing_support import fresh

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

# --- corrections ------------------------------------------------------------------------------


def test_versions_and_corrections_by_the_filer(world, api):
    rec = world.submitted()
    url = f"/api/v1/recommendations/{rec.pk}/versions/"
    assert statuses(api, "get", url) == expect(
        anonymous=404,
        member=200,
        coordinator=200,
        other_member=404,
        focal=200,
        other_focal=404,
        agency=200,
        staff=200,
    )
    assert [v["number"] for v in api("focal").get(url).json()["results"]] == [1]
    counter = itertools.count()

    def correction():
        n = next(counter)
        return {
            "title": "Create a national task force",
            "note": f"Typo {n}",
            "text": f"A centralized national task force against organized crime ({n}).",
        }

    got = statuses(api, "post", url, correction)
    assert got == expect(
        anonymous=ANON_WRITE,
        member=201,
        coordinator=201,
        other_member=404,
        focal=403,
        other_focal=404,
        agency=403,
        staff=403,
    )
    versions = api("focal").get(url).json()["results"]
    assert [v["number"] for v in versions] == [1, 2, 3]
    assert versions[-1]["note"] == "Typo 2"
    rec.refresh_from_db()
    assert (
        rec.text.endswith("(2).")
        and RecommendationVersion.objects.filter(recommendation=rec).count() == 3
    )


def test_correction_input_conflicts_and_closed_recommendations(world, api):
    rec = world.submitted()
    url = f"/api/v1/recommendations/{rec.pk}/versions/"
    member = api("member")
    response = member.post(url, {"title": "T", "text": "New text"}, format="json")
    assert response.status_code == 400 and "note" in error_of(response)["fields"]
    response = member.post(
        url, {"title": rec.title, "text": rec.text, "note": "Nothing"}, format="json"
    )
    assert response.status_code == 400 and "text" in error_of(response)["fields"]
    current = Recommendation.objects.get(pk=rec.pk).version
    stale = {"expected_version": current + 7, "title": "T", "text": "Other", "note": "Fix"}
    response = member.post(url, stale, format="json")
    assert response.status_code == 409
    assert error_of(response)["code"] == "conflict"
    response_services.response_create(
        actor=fresh(world.focal),
        recommendation=rec,
        expected_version=Recommendation.objects.get(pk=rec.pk).version,
        position="supported",
        justification="",
        commitments=[],
    )
    response = member.post(url, {"title": "T", "text": "Late", "note": "Late"}, format="json")
    assert response.status_code == 403 and "answered" in error_of(response)["message"]
    draft = world.draft(title="A draft")
    response = member.post(
        f"/api/v1/recommendations/{draft.pk}/versions/",
        {"title": "T", "text": "x", "note": "x"},
        format="json",
    )
    assert response.status_code == 403


# --- consolidation ----------------------------------------------------------------------------


def _members_drafts(world):
    """Two drafts of the alliance's members, each shared with the alliance by its filer."""
    a = world.draft(title="Draft A")
    b = rec_services.recommendation_create(
        actor=fresh(world.member_org_member),
        organization=world.member_org,
        party=world.party,
        title="Draft B",
        text="B",
        instruments=[world.untoc],
    )
    a = rec_services.recommendation_share_with_alliance(
        actor=fresh(world.member), recommendation=a, shared=True
    )
    b = rec_services.recommendation_share_with_alliance(
        actor=fresh(world.member_org_member), recommendation=b, shared=True
    )
    return a, b


def test_consolidation_by_the_alliance_coordinator(world, api):
    a, b = _members_drafts(world)
    coordinator = token_client(world.alliance_coordinator)
    candidates = coordinator.get("/api/v1/recommendations/consolidation-candidates/")
    assert candidates.status_code == 200
    assert {r["id"] for r in candidates.json()["results"]} == {a.pk, b.pk}
    got = statuses(api, "get", "/api/v1/recommendations/consolidation-candidates/")
    assert got == expect(
        anonymous=401,
        member=403,
        coordinator=403,
        other_member=403,
        focal=403,
        other_focal=403,
        agency=403,
        staff=403,
    )
    data = {"alliance": world.alliance.pk, "drafts": [a.pk, b.pk], "title": "Together"}
    got = statuses(api, "post", "/api/v1/recommendations/consolidate/", data)
    assert got == expect(
        anonymous=ANON_WRITE,
        member=403,
        coordinator=403,
        other_member=403,
        focal=403,
        other_focal=403,
        agency=403,
        staff=403,
    )
    response = coordinator.post("/api/v1/recommendations/consolidate/", data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "Together" and body["status"] == "draft"
    assert body["organization"]["id"] == world.alliance.pk
    assert set(
        Recommendation.objects.filter(consolidated_into_id=body["id"]).values_list("pk", flat=True)
    ) == {a.pk, b.pk}
    # consolidated drafts are no longer candidates
    assert coordinator.get("/api/v1/recommendations/consolidation-candidates/").json()["count"] == 0


def test_consolidation_input(world, api):
    a, b = _members_drafts(world)
    coordinator = token_client(world.alliance_coordinator)
    url = "/api/v1/recommendations/consolidate/"
    outsider = rec_services.recommendation_create(
        actor=fresh(world.other_member),
        organization=world.other_org,
        party=world.party,
        title="Not a member's draft",
        text="x",
        instruments=[world.untoc],
    )
    cases = [
        ({"alliance": world.alliance.pk, "drafts": [a.pk], "title": "One"}, "drafts"),
        ({"alliance": world.alliance.pk, "drafts": [a.pk, outsider.pk], "title": "X"}, "drafts"),
        ({"alliance": world.org.pk, "drafts": [a.pk, b.pk], "title": "X"}, "alliance"),
        ({"alliance": world.alliance.pk, "drafts": [a.pk, b.pk]}, "title"),
        ({"alliance": "x", "drafts": "y", "title": "X"}, "alliance"),
        ({"alliance": world.alliance.pk, "drafts": [a.pk, 2**40], "title": "X"}, "drafts"),
    ]
    for data, field in cases:
        response = coordinator.post(url, data, format="json")
        assert response.status_code == 400, (data, response.content)
        assert field in error_of(response)["fields"], (data, error_of(response))
    # drafts to different States: the service's rule, as a 400
    b.party = world.other_party
    b.save()
    response = coordinator.post(
        url, {"alliance": world.alliance.pk, "drafts": [a.pk, b.pk], "title": "X"}, format="json"
    )
    assert response.status_code == 400
    assert "different States" in error_of(response)["message"]
    assert not Recommendation.objects.filter(organization=world.alliance).exists()
