"""Safe filing: who sees the filer's and co-signers' names and the protected fields,
changes of protection (more at once, less only when confirmed), their events, the
forms and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.core.events import event_sentence, events_for
from recommendations import policies
from recommendations.services import cosignatures as cosign
from recommendations.services import discussion as talk
from recommendations.services import recommendations as svc
from recommendations.services import safety
from tests.factories import RecommendationFactory
from tests.recommendations.filing_support import client_for, fresh, make_world

pytestmark = pytest.mark.django_db

NAME = "Governance Research Centre"


@pytest.fixture
def world():
    return make_world()


def _public(world, **protection):
    rec = world.submitted(**protection)
    return svc.recommendation_publish(actor=fresh(world.member), recommendation=rec)


@pytest.mark.parametrize(
    ("attribution", "expected"),
    [
        (
            "named",
            {
                "anonymous": NAME,
                "other_member": NAME,
                "alliance_coordinator": NAME,
                "focal": NAME,
                "other_focal": NAME,
                "staff": NAME,
                "member": NAME,
            },
        ),
        (
            "in_state",
            {
                "anonymous": "A civil society organization in Pakistan-like",
                "other_member": "A civil society organization in Pakistan-like",
                "alliance_coordinator": "A civil society organization in Pakistan-like",
                "other_focal": "A civil society organization in Pakistan-like",
                "focal": NAME,
                "agency": NAME,
                "staff": NAME,
                "member": NAME,
            },
        ),
        (
            "unodc_only",
            {
                "anonymous": "A civil society organization",
                "focal": "A civil society organization",
                "agency": "A civil society organization",
                "staff": NAME,
                "member": NAME,
            },
        ),
    ],
)
def test_each_reader_sees_the_filer_as_the_filer_chose(world, attribution, expected):
    rec = _public(world, attribution=attribution)
    for role, shown in expected.items():
        assert policies.filer_display_for(world.user(role), rec) == shown, role


def test_an_invited_cosigner_sees_the_name_and_its_own_choice_hides_it(world):
    rec = _public(world, attribution="unodc_only")
    cosig = cosign.cosignature_invite(
        actor=fresh(world.member), recommendation=rec, organization=world.other_org
    )
    assert policies.filer_display_for(world.user("other_member"), rec) == NAME
    cosign.cosignature_decide(
        actor=fresh(world.other_coordinator), cosignature=cosig, accept=True, attribution="in_state"
    )
    cosig.refresh_from_db()
    assert cosig.attribution == "in_state"
    for role, shown in (
        ("anonymous", "A civil society organization in Pakistan-like"),
        ("focal", "Digital Rights Initiative"),
        ("member", "Digital Rights Initiative"),
    ):
        assert policies.cosigner_display_for(world.user(role), cosig, rec) == shown
    # the timeline names nobody to the public, nor the co-signer
    page = client_for(None).get(reverse("recommendations:detail", args=[rec.pk]))
    text = page.content.decode()
    assert "Digital Rights Initiative" not in text and NAME not in text
    assert "A civil society organization in Pakistan-like" in text


def test_fields_kept_for_the_government_or_unodc(world):
    rec = _public(
        world,
        rationale="Sources in the ministry told us.",
        rationale_visibility="unodc",
        attachments_visibility="government",
    )
    url = reverse("recommendations:detail", args=[rec.pk])
    api = reverse("api-recommendation-detail", args=[rec.pk])
    for role, sees_rationale in (
        ("anonymous", False),
        ("focal", False),
        ("staff", True),
        ("member", True),
    ):
        page = client_for(world.user(role)).get(url).content.decode()
        assert ("Sources in the ministry" in page) is sees_rationale, role
        data = client_for(world.user(role)).get(api).json()
        assert bool(data["rationale"]) is sees_rationale, role
    assert policies.can_view_attachments(world.user("focal"), rec)
    assert not policies.can_view_attachments(world.user("anonymous"), rec)


def test_the_api_does_not_name_an_unnamed_filer(world):
    rec = _public(world, attribution="unodc_only")
    for path in (
        reverse("api-recommendation-detail", args=[rec.pk]),
        reverse("api-recommendation-list"),
    ):
        body = client_for(world.user("focal")).get(path).content.decode()
        assert NAME not in body and f'"organization":{{"id":{world.org.pk}' not in body
    data = (
        client_for(world.user("staff"))
        .get(reverse("api-recommendation-detail", args=[rec.pk]))
        .json()
    )
    assert data["organization"]["name"] == NAME and data["attribution"] == "unodc_only"


def test_the_organization_page_and_filter_do_not_list_an_unnamed_filing(world):
    rec = _public(world, attribution="in_state", title="Shelters for survivors")
    page = client_for(None).get(reverse("organizations:detail", args=[world.org.pk]))
    assert "Shelters for survivors" not in page.content.decode()
    listing = client_for(None).get(
        reverse("recommendations:list"), {"party": world.party.pk, "organization": world.org.pk}
    )
    assert "Shelters for survivors" not in listing.content.decode()
    staff_page = client_for(world.user("staff")).get(
        reverse("organizations:detail", args=[world.org.pk])
    )
    assert rec.title in staff_page.content.decode()


def test_protection_grows_at_once_and_shrinks_only_when_confirmed(world):
    rec = _public(world)
    rec = safety.recommendation_protection_set(
        actor=fresh(world.member),
        recommendation=rec,
        attribution="unodc_only",
        rationale_visibility="government",
    )
    assert (rec.attribution, rec.rationale_visibility) == ("unodc_only", "government")
    with pytest.raises(ValidationError):
        safety.recommendation_protection_set(
            actor=fresh(world.member), recommendation=rec, attribution="in_state"
        )
    rec.refresh_from_db()
    assert rec.attribution == "unodc_only"
    rec = safety.recommendation_protection_set(
        actor=fresh(world.member), recommendation=rec, attribution="in_state", confirm_reveal=True
    )
    assert rec.attribution == "in_state"
    sentences = [event_sentence(e, with_actor=False) for e in events_for(rec)]
    assert sentences.count("The filer changed who may read its name") == 2
    assert "The filer changed who may read the rationale" in sentences
    assert not any(NAME in s for s in sentences)


def test_nobody_but_the_filer_changes_the_protection(world):
    from django.core.exceptions import PermissionDenied

    rec = _public(world)
    for role in ("focal", "staff", "other_member", "alliance_coordinator"):
        with pytest.raises(PermissionDenied):
            safety.recommendation_protection_set(
                actor=world.user(role), recommendation=rec, attribution="unodc_only"
            )


def test_the_protection_page_says_what_showing_more_reveals(world):
    rec = _public(world, attribution="unodc_only")
    client = client_for(world.user("member"))
    url = reverse("recommendations:protection", args=[rec.pk])
    assert client.get(url).status_code == 200
    page = client.post(
        url,
        {
            "attribution": "named",
            "rationale_visibility": "public",
            "attachments_visibility": "public",
        },
    )
    text = page.content.decode()
    assert page.status_code == 200 and "This shows more than now" in text
    assert "the government addressed" in text
    rec.refresh_from_db()
    assert rec.attribution == "unodc_only"
    done = client.post(
        url,
        {
            "attribution": "named",
            "rationale_visibility": "public",
            "attachments_visibility": "public",
            "confirm_reveal": "on",
        },
    )
    assert done.status_code == 302
    rec.refresh_from_db()
    assert rec.attribution == "named"
    bad = client.post(url, {"attribution": "everyone"})
    assert bad.status_code == 400 and "Choose one of the options." in bad.content.decode()


def test_the_filing_form_offers_the_choices_and_keeps_them(world):
    client = client_for(world.user("member"))
    page = client.get(reverse("recommendations:create")).content.decode()
    assert "Known to UNODC only" in page and "Who may read the rationale?" in page
    response = client.post(
        reverse("recommendations:create"),
        {
            "organization": world.org.pk,
            "party": world.party.pk,
            "title": "Hidden filer",
            "attribution": "in_state",
            "rationale_visibility": "unodc",
            "attachments_visibility": "government",
            "action": "save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rec = world.org.recommendations.get(title="Hidden filer")
    assert (rec.attribution, rec.rationale_visibility, rec.attachments_visibility) == (
        "in_state",
        "unodc",
        "government",
    )


def test_the_api_changes_protection_with_confirm_reveal(world):
    rec = _public(world, attribution="unodc_only")
    client = client_for(world.user("member"))
    url = reverse("api-recommendation-protection", args=[rec.pk])
    refused = client.post(url, {"attribution": "named"}, content_type="application/json")
    assert refused.status_code == 400
    assert "attribution" in refused.json()["error"]["fields"]
    done = client.post(
        url, {"attribution": "named", "confirm_reveal": True}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["attribution"] == "named"


def test_people_are_not_named_to_the_public_unless_they_chose(world):
    rec = _public(world)
    talk.comment_create(actor=fresh(world.other_member), recommendation=rec,
                        text="We support this.")
    person = world.other_member
    url = reverse("recommendations:detail", args=[rec.pk])
    assert person.full_name not in client_for(None).get(url).content.decode()
    assert person.full_name in client_for(world.user("staff")).get(url).content.decode()
    person.show_name_publicly = True
    person.save(update_fields=["show_name_publicly"])
    assert person.full_name in client_for(None).get(url).content.decode()


def test_a_list_of_unnamed_filings_asks_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    for i in range(12):
        RecommendationFactory(
            organization=world.org,
            party=world.party,
            is_public=True,
            status="submitted",
            attribution="in_state",
            title=f"R{i}",
        )
    client = client_for(world.user("other_member"))
    client.get(reverse("recommendations:list"))  # warm the caches
    with django_assert_max_num_queries(25):
        page = client.get(reverse("recommendations:list"))
    assert page.content.decode().count("A civil society organization in") >= 12


def test_the_person_responsible_for_an_action_is_not_named_to_the_public(world):
    """Neither the action page nor the actions export names the agency contact (nor shows
    their e-mail address when they have no name) to a reader who may not see people."""
    from tests.factories import FollowUpActionFactory

    rec = _public(world)
    person = world.other_member
    action = FollowUpActionFactory(party=world.party, responsible=person)
    action.recommendations.add(rec)
    page = reverse("followup:detail", args=[action.pk])
    export = reverse("dashboard:export", args=["actions", "csv"])
    for url in (page, export):
        public = client_for(None).get(url)
        assert public.status_code == 200, url
        body = b"".join(public.streaming_content) if public.streaming else public.content
        assert action.title in body.decode(), url
        assert person.full_name not in body.decode(), url
        assert person.email not in body.decode(), url
    assert person.full_name in client_for(world.user("staff")).get(page).content.decode()
    api = reverse("api-action-detail", args=[action.pk])
    assert client_for(None).get(api).json()["responsible"] is None
    assert client_for(world.user("focal")).get(api).json()["responsible"] == {
        "id": person.pk, "name": person.full_name}
    person.show_name_publicly = True
    person.save()
    assert client_for(None).get(api).json()["responsible"]["name"] == person.full_name
