"""Search never reveals a protected field: a word that only a rationale kept from a
reader holds does not find the recommendation for that reader (web list, API list,
the focal person's queue), while the readers who may read the rationale find it.
Similar titles read titles only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recommendations.services import recommendations as svc
from recommendations.services import safety
from tests.recommendations.filing_support import client_for, fresh, make_world

pytestmark = pytest.mark.django_db

#: rationale visibility -> the roles (of filing_support.World) that may read it
READERS = {
    "public": set(),  # everybody: checked apart
    "government": {"member", "coordinator", "focal", "agency", "staff"},
    "unodc": {"member", "coordinator", "staff"},
}
WORD = {"public": "Quorvantide", "government": "Brellisthane", "unodc": "Tazzomerine"}
TITLE = {
    "public": "Open the archives",
    "government": "Fund the shelters",
    "unodc": "Protect the informants",
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Three public recommendations, one per rationale visibility, each rationale
    holding a word found nowhere else."""
    with django_db_blocker.unblock():
        from django.db import transaction

        outer = transaction.atomic()
        outer.__enter__()
        try:
            w = make_world()
            for level in READERS:
                rec = w.submitted(
                    title=TITLE[level],
                    rationale=f"Our sources: {WORD[level]}.",
                    rationale_visibility=level,
                )
                svc.recommendation_publish(actor=fresh(w.member), recommendation=rec)
            yield w
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _sees(level: str, role: str) -> bool:
    return level == "public" or role in READERS[level]


def _found(client, level: str) -> dict[str, bool]:
    q = WORD[level]
    web = client.get(reverse("recommendations:list"), {"q": q}).content.decode()
    api = client.get(reverse("api-recommendation-list"), {"q": q}).json()
    return {
        "web": TITLE[level] in web,
        "api": [r["title"] for r in api["results"]] == [TITLE[level]],
    }


@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "member",
        "coordinator",
        "alliance_coordinator",
        "other_member",
        "focal",
        "other_focal",
        "agency",
        "staff",
    ],
)
def test_a_rationale_word_finds_the_recommendation_only_for_its_readers(world, role):
    client = client_for(world.user(role))
    for level in READERS:
        expected = _sees(level, role)
        assert _found(client, level) == {"web": expected, "api": expected}, (role, level)
    # the title's words find it for everybody who may read the recommendation
    listing = client.get(reverse("api-recommendation-list"), {"q": "informants"}).json()
    assert [r["title"] for r in listing["results"]] == [TITLE["unodc"]]


def test_the_focal_persons_queue_searches_only_rationales_it_may_read(world):
    client = client_for(world.user("focal"))
    queue = reverse("recommendations:queue")
    assert TITLE["government"] in client.get(queue, {"q": WORD["government"]}).content.decode()
    assert TITLE["unodc"] not in client.get(queue, {"q": WORD["unodc"]}).content.decode()


def test_similar_titles_do_not_read_rationales(world):
    for role in ("anonymous", "focal"):
        client = client_for(world.user(role))
        for name in ("recommendations:similar", "api-recommendation-similar"):
            response = client.get(
                reverse(name), {"party": world.party.pk, "title": WORD["unodc"]}
            ).json()
            rows = response["results"] if isinstance(response, dict) else response
            assert rows == [], (role, name)


def test_kept_later_the_rationale_stops_finding_it_at_once(world):
    """Each test runs in a savepoint rolled back after: the change stays here."""
    from recommendations.models import Recommendation

    rec = Recommendation.objects.get(title=TITLE["public"])
    client = client_for(world.user("anonymous"))
    assert _found(client, "public")["api"]
    safety.recommendation_protection_set(
        actor=fresh(world.member), recommendation=rec, rationale_visibility="unodc"
    )
    assert _found(client, "public") == {"web": False, "api": False}
    assert _found(client_for(world.user("staff")), "public")["api"]
