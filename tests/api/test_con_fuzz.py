"""Property-based fuzzing of the consultations endpoints added for pilots, invitations and
event outcomes, against real objects: the generated path ids are replaced by ids of seeded
rows, so that generated bodies reach the services. No 5xx, no response that violates the
schema. (tests/api/test_fuzz.py covers the whole API with random ids.)"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from consultations.models import Event, Milestone
from consultations.services import events as event_services
from consultations.services import organizations as org_services
from portal.api.tokens import api_token_create
from portal.core.models import DomainEvent
from tests.api.test_fuzz import schema, wsgi_schema  # noqa: F401 - the fixtures
from tests.factories import EventFactory, PilotFactory
from tests.recommendations.filing_support import fresh

MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "5")) * 2
CHECKS = [not_a_server_error, response_schema_conformance]
PATHS = ("/api/v1/pilots/", "/api/v1/invitations/", "/documents/", "/action-items/",
         "/attendance/", "/minutes/", "/api/v1/organizations/{id}/invitations/")


def seed(world) -> dict[str, int]:
    staff = fresh(world.staff)
    pilot = PilotFactory(party=world.party, focal_person=world.focal)
    milestone = Milestone.objects.create(pilot=pilot, title="Launch",
                                         due_on=dt.date(2022, 9, 15))
    event = EventFactory(party=world.party, pilot=pilot, status=Event.Status.HELD,
                         starts_at=dt.datetime(2022, 9, 15, 9, tzinfo=dt.UTC),
                         ends_at=dt.datetime(2022, 9, 15, 17, tzinfo=dt.UTC))
    document = event_services.event_document_add(
        actor=staff, event=event, kind="minutes",
        file=SimpleUploadedFile("Minutes.pdf", b"%PDF-1.4 minutes"))
    item = event_services.action_item_create(actor=staff, event=event, title="Publish",
                                             due_on=dt.date(2030, 1, 1), owner_name="FIA")
    invitation = org_services.invitation_create(actor=staff, organization=world.org,
                                                email="invitee@example.org")
    return {"pilot": pilot.pk, "milestone": milestone.pk, "event": event.pk,
            "document": document.pk, "item": item.pk, "invitation": invitation.pk,
            "org": world.org.pk}


def real_ids(path: str, ids: dict[str, int]) -> dict[str, int]:
    """The seeded ids for the path's parameters."""
    params = {"event_pk": ids["event"], "pilot_pk": ids["pilot"]}
    for fragment, key in (("/milestones/{id}", "milestone"), ("/documents/{id}", "document"),
                          ("/action-items/{id}", "item"), ("/invitations/{id}", "invitation"),
                          ("/organizations/{id}", "org"), ("/pilots/{id}", "pilot"),
                          ("/events/{id}", "event")):
        if fragment in path:
            params["id"] = ids[key]
            break
    return params


def _runner(operation, headers: dict, params: dict):
    @hsettings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
               phases=[Phase.explicit, Phase.generate],
               suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(headers=headers))
    def run(case):
        if case.path_parameters:
            case.path_parameters = {name: params.get(name, value)
                                    for name, value in case.path_parameters.items()}
        response = case.call()
        case.validate_response(response, checks=CHECKS)

    return run


@pytest.mark.parametrize("role", ["anonymous", "member", "coordinator", "focal", "staff"])
def test_fuzz_new_consultations_endpoints(role, world, schema, settings,  # noqa: F811
                                          tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ids = seed(world)
    headers = {}
    user = world.user(role)
    if user is not None:
        _token, raw = api_token_create(actor=fresh(user), name="fuzz")
        headers["Authorization"] = f"Bearer {raw}"
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if any(p in op.path for p in PATHS)]
    assert len(operations) >= 24
    failures: list[str] = []
    for operation in operations:
        try:
            _runner(operation, headers, real_ids(operation.path, ids))()
        except Exception as exc:  # collect every operation's failure, report them together
            failures.append(f"{operation.label}: {str(exc)[:2000]}")
    assert not failures, "\n\n".join(failures)
    if role == "staff":  # the generated requests did reach the services with real ids
        kinds = set(DomainEvent.objects.values_list("kind", flat=True))
        assert {"pilot.updated", "pilot.milestone_updated", "event.attendance_recorded",
                "event.minutes_recorded", "event.action_item_updated",
                "invitation.revoked"} <= kinds, kinds
