"""Every page and API read that the response cache registers shows a change on the next
request after the change commits (portal.core.response_cache).

Each registered view has a case: the change of something that page shows, made as the
portal makes it (through its service in a transaction that commits; reference data as
the admin saves it) and the text that the next anonymous request must contain. The
pages built on stored read models (dashboards, scorecard, States, the home page's
counts) show the numbers of the last refresh with their date: for them the change is
the refresh that the worker runs after it (``read_models_refresh`` in its own
transaction), and the next request must show the new numbers. A view registered without
a case fails ``test_every_registered_view_has_a_case``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from consultations.models import Cluster, Instrument, Party
from consultations.services.events import event_update
from consultations.services.organizations import organization_update
from consultations.services.pilots import pilot_update
from portal.core.read_models import read_models_refresh
from portal.core.response_cache import CACHE_HEADER, registered_views
from recommendations.services import followup
from recommendations.services import recommendations as svc
from tests.factories import EventFactory, FollowUpActionFactory, PilotFactory
from tests.recommendations.filing_support import fresh, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.RESPONSE_CACHE_SECONDS = 300


@dataclass
class Objects:
    world: object
    rec: object
    action: object
    event: object
    pilot: object
    cluster: Cluster


# --- The changes: each returns the text the next request must contain -------------------


def _recommendation(o: Objects) -> str:
    svc.recommendation_correct(
        actor=fresh(o.world.member),
        recommendation=o.rec,
        expected_version=None,
        title="Fund shelters nationwide",
        text=o.rec.text,
        note="Scope",
    )
    return "Fund shelters nationwide"


def _action(o: Objects) -> str:
    followup.action_update(
        actor=fresh(o.world.focal),
        action=o.action,
        title="Open regional shelters",
        status=o.action.status,
        percent=o.action.percent,
        recommendations=[o.rec],
        start_on=o.action.start_on,
        due_on=o.action.due_on,
    )
    return "Open regional shelters"


def _event(o: Objects) -> str:
    event_update(actor=fresh(o.world.staff), event=o.event, title="Survivors forum in Lahore")
    return "Survivors forum in Lahore"


def _pilot(o: Objects) -> str:
    pilot_update(actor=fresh(o.world.staff), pilot=o.pilot, title="Coastal pilot initiative")
    return "Coastal pilot initiative"


def _organization(o: Objects) -> str:
    organization_update(
        actor=fresh(o.world.coordinator),
        organization=o.world.org,
        name="Governance Research Institute",
    )
    return "Governance Research Institute"


def _saved(obj, field: str, value: str) -> str:
    """Reference data, changed as the admin changes it: one save in a transaction."""
    setattr(obj, field, value)
    obj.save()
    return value


def _party(o: Objects) -> str:
    return _saved(Party.objects.get(pk=o.world.party.pk), "name", "Pakistan-like Republic")


def _instrument(o: Objects) -> str:
    return _saved(
        Instrument.objects.get(pk=o.world.untoc.pk),
        "title",
        "Convention against Organized Crime, as renamed for the test",
    )


def _cluster(o: Objects) -> str:
    return _saved(Cluster.objects.get(pk=o.cluster.pk), "title", "Cluster renamed for the test")


def _refreshed_counts(o: Objects) -> str:
    """A second recommendation published, then the worker's refresh: the stored numbers
    (read models) change, and the pages built on them must show the new ones."""
    rec = o.world.submitted(title="Train border officials")
    svc.recommendation_publish(actor=fresh(o.world.member), recommendation=rec)
    return "REFRESH"  # the refresh runs after the commit (see _change)


CHANGES: dict[str, Callable[[Objects], str]] = {
    "recommendation": _recommendation,
    "action": _action,
    "event": _event,
    "pilot": _pilot,
    "organization": _organization,
    "party": _party,
    "instrument": _instrument,
    "cluster": _cluster,
    "counts": _refreshed_counts,
}


def _at(name: str, arg: Callable[[Objects], object] | None = None, query: str = ""):
    """The URL of a view, from the objects."""
    return lambda o: reverse(name, args=[arg(o)] if arg else None) + query


REC, ACTION, EVENT, PILOT = (
    (lambda o: o.rec.pk),
    (lambda o: o.action.pk),
    (lambda o: o.event.pk),
    (lambda o: o.pilot.pk),
)
ORG, PARTY, ISO3 = (
    (lambda o: o.world.org.pk),
    (lambda o: o.world.party.pk),
    (lambda o: o.world.party.iso3),
)
UNTOC, CLUSTER = (lambda o: o.world.untoc.pk), (lambda o: o.cluster.pk)

# Registered view -> (the change it must show, its URL).
CASES: dict[str, tuple[str, Callable[[Objects], str]]] = {
    "home": ("event", _at("home")),  # a pilot's latest event
    "recommendations:list": ("recommendation", _at("recommendations:list")),
    "recommendations:detail": ("recommendation", _at("recommendations:detail", REC)),
    "followup:list": ("action", _at("followup:list")),
    "followup:detail": ("action", _at("followup:detail", ACTION)),
    "dashboard:public": ("counts", _at("dashboard:public")),
    "dashboard:public_scorecard": ("counts", _at("dashboard:public_scorecard")),
    "states:list": ("party", _at("states:list")),
    "states:detail": ("recommendation", _at("states:detail", ISO3)),
    "events:list": ("event", _at("events:list")),
    "events:detail": ("event", _at("events:detail", EVENT)),
    "events:feed": ("event", _at("events:feed")),
    "events:ical": ("event", _at("events:ical", EVENT)),
    "pilots:list": ("pilot", _at("pilots:list")),
    "pilots:detail": ("pilot", _at("pilots:detail", PILOT)),
    "organizations:directory": ("organization", _at("organizations:directory")),
    "organizations:detail": ("organization", _at("organizations:detail", ORG)),
    "api-recommendation-list": ("recommendation", _at("api-recommendation-list")),
    "api-recommendation-detail": ("recommendation", _at("api-recommendation-detail", REC)),
    "api-action-list": ("action", _at("api-action-list")),
    "api-action-detail": ("action", _at("api-action-detail", ACTION)),
    "api-dashboard-public": ("counts", _at("api-dashboard-public")),
    "api-scorecard-public": ("counts", _at("api-scorecard-public")),
    "api-state-profile": ("recommendation", _at("api-state-profile", ISO3)),
    "api-event-list": ("event", _at("api-event-list")),
    "api-event-detail": ("event", _at("api-event-detail", EVENT)),
    "api-event-feed": ("event", _at("api-event-feed")),
    "api-event-ical": ("event", _at("api-event-ical", EVENT)),
    "api-pilot-list": ("pilot", _at("api-pilot-list")),
    "api-pilot-detail": ("pilot", _at("api-pilot-detail", PILOT)),
    "api-organization-list": ("organization", _at("api-organization-list")),
    "api-organization-detail": ("organization", _at("api-organization-detail", ORG)),
    "api-party-list": ("party", _at("api-party-list", query="?iso3=PKL")),
    "api-party-detail": ("party", _at("api-party-detail", PARTY)),
    "api-instrument-list": ("instrument", _at("api-instrument-list")),
    "api-instrument-detail": ("instrument", _at("api-instrument-detail", UNTOC)),
    "api-cluster-list": ("cluster", _at("api-cluster-list")),
    "api-cluster-detail": ("cluster", _at("api-cluster-detail", CLUSTER)),
}


def test_every_registered_view_has_a_case():
    missing = sorted(registered_views() - set(CASES))
    assert not missing, (
        f"registered with anonymous_cache_register but without a case in CASES: {missing}: "
        "add the change that page shows and the URL to reach it"
    )
    assert not set(CASES) - registered_views(), "a case for a view no longer registered"


@pytest.fixture
def objects(settings):
    settings.API_THROTTLE_RATES = {"user": "100000/minute", "anon": "100000/minute"}
    world = make_world()
    rec = svc.recommendation_publish(
        actor=fresh(world.member),
        recommendation=world.submitted(title="Fund victim support services"),
    )
    pilot = PilotFactory(party=world.party)
    return Objects(
        world=world,
        rec=rec,
        action=FollowUpActionFactory(party=world.party, recommendations=[rec]),
        event=EventFactory(party=world.party, pilot=pilot, created_by=world.staff),
        pilot=pilot,
        cluster=Cluster.objects.order_by("pk").first(),
    )


def _change(kind: str, o: Objects, capture) -> str | None:
    """Makes the change and commits it; None for the stored numbers (compared instead)."""
    with capture(execute=True), transaction.atomic():
        marker = CHANGES[kind](o)
    if marker == "REFRESH":
        with capture(execute=True), transaction.atomic():
            assert read_models_refresh() > 0
        return None
    return marker


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def _without_dates(data):
    if isinstance(data, dict):
        return {k: _without_dates(v) for k, v in data.items() if k not in ("as_of", "stale")}
    if isinstance(data, list):
        return [_without_dates(v) for v in data]
    return data


def _numbers(text: str) -> str:
    """What a page built on read models shows, less when it was computed (its "as of")."""
    try:
        data = json.loads(text)
    except ValueError:
        main = text.split("<main", 1)[-1]
        return re.sub(r'<p class="hint" data-as-of=.*?</p>', "", main, flags=re.S)
    return json.dumps(_without_dates(data), sort_keys=True)


@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_a_committed_change_is_on_the_next_request(
    kind, objects, django_capture_on_commit_callbacks
):
    views = {name: url(objects) for name, (k, url) in CASES.items() if k == kind}
    client = Client()
    read_models_refresh()  # the stored numbers exist, as they do once the worker ran
    before = {}
    for name, url in views.items():
        client.get(url)
        cached = client.get(url)
        assert cached.status_code == 200, name
        assert cached[CACHE_HEADER] == "HIT", name
        before[name] = _text(cached)
    marker = _change(kind, objects, django_capture_on_commit_callbacks)
    for name, url in views.items():
        after = client.get(url)
        assert after.status_code == 200, name
        assert after[CACHE_HEADER] == "MISS", name
        if marker is None:
            assert _numbers(_text(after)) != _numbers(before[name]), name
        else:
            assert marker not in before[name], name
            assert marker in _text(after), name
