"""The list's filter form offers the organizations and events of the chosen State only,
so the page stays the same size however large the registry grows; any organization or
event in the address still filters."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from recommendations.forms.recommendations import RecommendationFilterForm
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    PartyFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


@pytest.fixture
def registry():
    home, away = PartyFactory(name="Homeland"), PartyFactory(name="Awayland")
    PartyFactory(name="Quietland")  # no recommendation: not offered
    near = OrganizationFactory(country=home, name="Near Centre")
    far = OrganizationFactory(country=away, name="Far Forum")
    talk = EventFactory(party=home, title="Home dialogue")
    RecommendationFactory(organization=near, party=home, event=talk, is_public=True,
                          status="submitted")
    RecommendationFactory(organization=far, party=away, is_public=True, status="submitted")
    OrganizationFactory.create_batch(5, country=home)  # no recommendations
    return home, away, near, far, talk


def test_without_a_state_no_organization_or_event_is_listed(client, registry):
    html = client.get(reverse("recommendations:list")).content.decode()
    assert _options(html, "organization") == ["Any"]
    assert _options(html, "event") == ["Any"]
    assert _options(html, "party") == ["Any", "Awayland", "Homeland"]
    assert "Choose a State first to list its organizations." in html


def test_a_chosen_state_lists_its_organizations_and_events(client, registry):
    home, _away, near, _far, talk = registry
    html = client.get(reverse("recommendations:list"), {"party": home.pk}).content.decode()
    assert _options(html, "organization") == ["Any", "Near Centre"]
    assert _options(html, "event") == ["Any", "Home dialogue"]


def test_an_organization_in_the_address_still_filters_and_stays_selected(client, registry):
    _home, _away, near, far, _talk = registry
    response = client.get(reverse("recommendations:list"), {"organization": far.pk})
    html = response.content.decode()
    assert _options(html, "organization") == ["Any", "Far Forum"]
    assert [r.organization for r in response.context["page"]] == [far]


def test_an_unknown_organization_is_a_field_error_not_a_500(registry):
    form = RecommendationFilterForm({"organization": "999999"})
    assert not form.is_valid() and "organization" in form.errors


def test_a_common_search_ranks_the_most_recent_matches_and_says_so(client, settings,
                                                                     postgres):
    from recommendations.services.recommendations import search_vector_refresh

    settings.SEARCH_RANK_WINDOW = 2
    party = PartyFactory()
    org = OrganizationFactory(country=party)
    recs = [RecommendationFactory(organization=org, party=party, is_public=True,
                                  status="submitted", title=f"Firearms marking {n}")
            for n in range(3)]
    search_vector_refresh([r.pk for r in recs])
    response = client.get(reverse("recommendations:list"), {"q": "firearms marking"})
    shown = {r.pk for r in response.context["page"]}
    assert shown == {recs[1].pk, recs[2].pk}  # the two most recent
    assert 'id="search-window"' in response.content.decode()
    settings.SEARCH_RANK_WINDOW = 10
    response = client.get(reverse("recommendations:list"), {"q": "firearms marking"})
    assert len(response.context["page"]) == 3
    assert 'id="search-window"' not in response.content.decode()


def test_filter_options_never_name_what_the_reader_may_not_see(client, registry):
    """The options are shared by every reader (cached), so they follow the public rule:
    a State, organization or event that only a draft or a restricted recommendation
    points to is not offered, and an id in the address does not reveal a pending
    organization's or a draft event's name."""
    home, _away, _near, _far, _talk = registry
    secret_state = PartyFactory(name="Draftonly Republic")
    pending = OrganizationFactory(country=home, name="Zqpending Collective", status="pending")
    hidden_event = EventFactory(party=home, title="Zqdraft Meeting", status="draft")
    restricted = OrganizationFactory(country=home, name="Zqrestricted Network")
    RecommendationFactory(organization=restricted, party=secret_state, status="draft")
    RecommendationFactory(organization=restricted, party=home, status="submitted",
                          is_public=False)
    page = client.get(reverse("recommendations:list"), {"party": home.pk}).content.decode()
    assert "Draftonly Republic" not in _options(page, "party")
    assert "Zqrestricted Network" not in _options(page, "organization")
    for name, obj, text in (("organization", pending, "Zqpending"),
                            ("event", hidden_event, "Zqdraft")):
        page = client.get(reverse("recommendations:list"), {name: obj.pk}).content.decode()
        assert text not in page
