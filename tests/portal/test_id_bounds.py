"""An id larger than any primary key (above 2**63 - 1, SQLite's and PostgreSQL's bigint)
never reaches the database, where it raised OverflowError (a 500): every id in a path is
an `<id:…>` that does not match (404), every integer filter of the API is a 400 naming
the parameter, and the web's list pages show the filter form with an error. Tried
anonymously and signed in, on every route and every filter set, so that a new one is
covered without being listed here."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_filters import filters as df_filters

from consultations.models import ActionItem
from portal.core.ids import MAX_ID, IdConverter, parse_id
from tests.api.conftest import error_of, token_client
from tests.factories import EventFactory, PilotFactory
from tests.recommendations.filing_support import fresh, make_world

pytestmark = pytest.mark.django_db

HUGE = "9" * 25
JUST_ABOVE = str(MAX_ID + 1)
INTEGER_FILTERS = (df_filters.NumberFilter, df_filters.ModelChoiceFilter,
                   df_filters.ModelMultipleChoiceFilter)


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.API_THROTTLE_RATES = {"user": "100000/minute", "anon": "100000/minute"}
    settings.MFA_ENFORCE = False
    return make_world()


@pytest.fixture
def nested(world) -> dict[str, int]:
    """Real parents for the nested API routes (events/{id}/action-items/, …)."""
    pilot = PilotFactory(party=world.party, focal_person=world.focal)
    event = EventFactory(party=world.party, pilot=pilot)
    return {"event_pk": event.pk, "pilot_pk": pilot.pk}


def routes(patterns=None, prefix: str = ""):
    """(route, view) of every URL pattern written as a path() route."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = getattr(entry.pattern, "_route", None)
        if route is None:  # a regular expression (re_path): no converters
            continue
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route, entry.callback


def fill(route: str, ids: dict[str, int] | None = None, default: str = HUGE) -> str:
    def value(match):
        converter, name = match.group(1), match.group(2)
        if converter == "id":
            return str((ids or {}).get(name, default))
        return "x"

    return "/" + re.sub(r"<(\w+):(\w+)>", value, route)


def test_no_route_takes_an_unbounded_int():
    unbounded = [route for route, _view in routes() if "<int:" in route]
    assert unbounded == [], "use <id:…> (portal.core.ids) for ids in paths"
    assert sum("<id:" in route for route, _view in routes()) > 100


def test_the_converter_keeps_every_id_and_refuses_larger_numbers():
    converter = IdConverter()
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    assert converter.to_url(42) == "42"
    with pytest.raises(ValueError):
        converter.to_python(JUST_ABOVE)
    assert parse_id("12") == 12
    assert [parse_id(v) for v in ("", "0", "-1", "1.5", "١٢", JUST_ABOVE, None)] == [None] * 7


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_every_path_with_an_out_of_range_id_is_a_404(client, world, role):
    if role != "anonymous":
        client.force_login(fresh(world.staff))
    id_routes = [route for route, _view in routes() if "<id:" in route]
    for route in id_routes:  # the path does not resolve: the same for every method
        response = client.get(fill(route))
        assert response.status_code == 404, (route, response.status_code)


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_an_api_detail_with_a_25_digit_id_is_a_json_404(world, role):
    api = token_client(world.user(role))
    for url in (f"/api/v1/events/{HUGE}/", f"/api/v1/recommendations/{HUGE}/",
                f"/api/v1/events/{HUGE}/action-items/", f"/api/v1/notifications/{HUGE}/read/"):
        response = api.get(url)
        assert response.status_code == 404, url
        assert error_of(response)["code"] == "not_found"


def api_list_filters():
    """(route, filter name) of every integer filter of every API list."""
    found = []
    for route, view in routes():
        cls = getattr(view, "cls", None)
        filterset = getattr(cls, "filterset_class", None)
        if not route.startswith("api/") or filterset is None or \
                "list" not in (getattr(view, "actions", None) or {}).values():
            continue
        for name, item in filterset.base_filters.items():
            if isinstance(item, INTEGER_FILTERS) and not item.extra.get("to_field_name"):
                found.append((route, name))
    return found


def test_the_api_has_integer_filters_to_check():
    names = {(route, name) for route, name in api_list_filters()}
    assert ("api/v1/events/", "pilot") in names
    assert ("api/v1/events/<id:event_pk>/action-items/", "owner_organization") in names
    assert ("api/v1/invitations/", "organization") in names
    assert len(names) >= 15


@pytest.mark.parametrize("role", ["anonymous", "member", "staff"])
@pytest.mark.parametrize("value", [HUGE, JUST_ABOVE, "0"])
def test_every_integer_filter_of_the_api_rejects_an_out_of_range_id(world, nested, role,
                                                                     value):
    api = token_client(world.user(role))
    for route, name in api_list_filters():
        response = api.get(fill(route, nested), {name: value})
        if role == "anonymous" and response.status_code in (401, 403):
            continue  # the list is not public: refused before any filter is read
        assert response.status_code == 400, (route, name, response.status_code)
        error = error_of(response)
        assert error["code"] == "invalid"
        assert list(error["fields"]) == [name], (route, error)


@pytest.mark.parametrize("url", [
    "/api/v1/events/?pilot=99999999999999999999",
    "/api/v1/invitations/?organization=99999999999999999999",
])
def test_the_reported_filters_are_a_400_with_a_clear_message(world, url):
    response = token_client(world.user("staff")).get(url)
    assert response.status_code == 400
    field = url.split("?")[1].split("=")[0]
    [message] = error_of(response)["fields"][field]
    assert message == f"No record has this id: an id is a whole number from 1 to {MAX_ID}."


def test_action_items_of_an_event_reject_an_out_of_range_owner(world, nested):
    api = token_client(world.user("staff"))
    url = f"/api/v1/events/{nested['event_pk']}/action-items/"
    assert api.get(url, {"owner_organization": "99999999999999999999"}).status_code == 400
    ActionItem.objects.create(event_id=nested["event_pk"], title="Publish the minutes",
                              owner_organization=world.org, due_on="2030-01-01")
    response = api.get(url, {"owner_organization": world.org.pk})
    assert response.status_code == 200
    assert [row["title"] for row in response.json()["results"]] == ["Publish the minutes"]


WEB_FILTERS = [
    ("recommendations:list", ["party", "instrument", "article", "cluster", "theme",
                              "organization", "event"]),
    ("events:list", ["party"]),
    ("organizations:directory", ["country"]),
    ("organizations:queue", ["country"]),
]


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_web_list_filters_with_an_out_of_range_id_show_a_form_error(client, world, role):
    if role != "anonymous":
        client.force_login(fresh(world.staff))
    for name, params in WEB_FILTERS:
        for param in params:
            response = client.get(reverse(name), {param: HUGE})
            if response.status_code in (302, 403):  # a page for signed-in users only
                assert role == "anonymous", (name, param)
                continue
            assert response.status_code in (200, 400), (name, param, response.status_code)
            form = response.context["form"]
            assert form is not None and param in form.errors, (name, param)


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_other_ids_in_query_strings_are_ignored_when_out_of_range(client, world, role):
    if role != "anonymous":
        client.force_login(fresh(world.member))
    response = client.get(reverse("recommendations:similar"),
                          {"party": HUGE, "title": "Task force", "exclude": HUGE})
    assert response.status_code == 200
    assert response.json() == {"results": []}
    assert client.get(reverse("notifications:inbox"), {"page": HUGE}).status_code in (200, 302)


@pytest.mark.parametrize(("role", "url", "data", "field"), [
    ("member", "recommendations:create", {"instruments": HUGE}, "instruments"),
    ("member", "recommendations:create", {"articles": HUGE}, "articles"),
    ("member", "recommendations:create", {"themes": [HUGE]}, "themes"),
    ("member", "recommendations:create", {"sdg_targets": HUGE}, "sdg_targets"),
    ("alliance_coordinator", "recommendations:consolidate", {"drafts": HUGE}, "drafts"),
    ("focal", "followup:create", {"recommendations": HUGE}, "recommendations"),
])
def test_web_forms_refuse_out_of_range_ids_in_multiple_choices(client, world, role, url,
                                                               data, field):
    client.force_login(fresh(getattr(world, role)))
    args = {"organizations:edit": [world.org.pk], "followup:create": ["PKL"]}.get(url, [])
    response = client.post(reverse(url, args=args), {"title": "A title", **data})
    assert response.status_code == 400
    assert field in response.context["form"].errors
