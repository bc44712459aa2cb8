"""The world the API contract run (bench/contract.py) tests against: the API tests' users
(one per role of tests/api/conftest.py) around one State, with something real behind
every path, an API token per role, and the ids to aim the generated paths at.

Run in a configured Django process: ``python -m bench.contract_world OUT.json``. It
writes ``{"tokens": {role: raw token}, "ids": {path template: {parameter: [values]}}}``."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _seed_ids(world) -> dict[str, dict[str, list]]:  # noqa: PLR0915 - one story, in order
    from django.core.files.uploadedfile import SimpleUploadedFile

    from consultations.models import (
        AllianceMembership,
        Cluster,
        JoinRequest,
        Membership,
        OfficialAssignment,
    )
    from portal.imports.services import import_job_create
    from portal.notifications.models import Notification
    from recommendations.models import CoSignature, Response
    from recommendations.services import cosignatures as cosign
    from recommendations.services import responses as response_svc
    from recommendations.services import translations as translation_svc
    from tests.api import test_con_fuzz, test_fuzz, test_rec_fuzz
    from tests.recommendations.filing_support import fresh

    # the in-suite fuzz tests' seeds: drafts, submitted, published, answered, events,
    # registrations, actions with reports and evidence, pilots, documents, invitations
    test_fuzz.seed(world)
    rec_ids = test_rec_fuzz.seed(world)
    con_ids = test_con_fuzz.seed(world)
    public = int(rec_ids["/api/v1/recommendations/{id}/"]["id"])
    draft = int(rec_ids["/api/v1/recommendations/{id}/attachments"]["id"])
    action = int(rec_ids["/api/v1/actions/{id}/"]["id"])
    report = int(rec_ids["/api/v1/actions/{id}/"]["report_pk"])

    from recommendations.models import FollowUpAction, ProgressReport, Recommendation

    rec = Recommendation.objects.get(pk=public)
    response_svc.response_create(
        actor=fresh(world.focal),
        recommendation=rec,
        expected_version=rec.version,
        position="supported",
        justification="The government supports it.",
    )
    translation_svc.recommendation_translation_add(
        actor=fresh(world.member),
        recommendation=rec,
        language="fr",
        title="Créer un groupe de travail national",
        text="Un groupe de travail.",
    )
    translation_svc.response_translation_add(
        actor=fresh(world.focal),
        response=Response.objects.get(recommendation=rec),
        language="fr",
        justification="Le gouvernement la soutient.",
    )
    translation_svc.progress_report_translation_add(
        actor=fresh(world.agency),
        report=ProgressReport.objects.get(pk=report),
        language="fr",
        text="Des progrès.",
    )
    cosign.cosignature_invite(
        actor=fresh(world.member),
        recommendation=Recommendation.objects.get(pk=draft),
        organization=world.member_org,
    )
    JoinRequest.objects.create(organization=world.org, user=fresh(world.other_member))
    import_job_create(
        actor=fresh(world.coordinator),
        kind="recommendations",
        scope_id=world.org.pk,
        file=SimpleUploadedFile("import.csv", b"Title,Instruments\nA title,UNTOC\n"),
    )

    from portal.imports.models import ImportJob

    users = [
        world.member,
        world.coordinator,
        world.other_member,
        world.focal,
        world.other_focal,
        world.agency,
        world.staff,
    ]
    orgs = [
        world.org,
        world.member_org,
        world.alliance,
        world.other_org,
        world.pending_org,
        world.gov_body,
    ]
    recs = sorted({public, draft, *Recommendation.objects.values_list("pk", flat=True)})
    events = sorted({con_ids["event"], *_event_ids()})
    ids: dict[str, dict[str, list]] = {
        "/api/v1/recommendations/{id}/": {
            "id": recs,
            "comment_pk": [int(rec_ids["/api/v1/recommendations/{id}/"]["comment_pk"])],
            "attachment_pk": [
                int(rec_ids["/api/v1/recommendations/{id}/attachments"]["attachment_pk"])
            ],
            "language": ["fr"],
        },
        "/api/v1/actions/{id}/": {
            "id": sorted({action, *FollowUpAction.objects.values_list("pk", flat=True)}),
            "report_pk": [report],
            "language": ["fr"],
        },
        "/api/v1/evidence/{id}/": {"id": [int(rec_ids["/api/v1/evidence/{id}/"]["id"])]},
        "/api/v1/events/{event_pk}/": {
            "event_pk": events,
            "id": [con_ids["document"], con_ids["item"]],
        },
        "/api/v1/events/{id}/": {"id": events},
        "/api/v1/pilots/{pilot_pk}/": {
            "pilot_pk": [con_ids["pilot"]],
            "id": [con_ids["milestone"]],
        },
        "/api/v1/pilots/{id}/": {"id": [con_ids["pilot"]]},
        "/api/v1/organizations/{id}/": {"id": [o.pk for o in orgs]},
        "/api/v1/alliance-memberships/{id}/": {
            "id": list(AllianceMembership.objects.values_list("pk", flat=True))
        },
        "/api/v1/memberships/{id}/": {"id": list(Membership.objects.values_list("pk", flat=True))},
        "/api/v1/invitations/{id}/": {"id": [con_ids["invitation"]]},
        "/api/v1/join-requests/{id}/": {
            "id": list(JoinRequest.objects.values_list("pk", flat=True))
        },
        "/api/v1/notifications/{id}/": {
            "id": list(Notification.objects.order_by("pk").values_list("pk", flat=True)[:40])
        },
        "/api/v1/outbox/{id}/": {
            "id": list(Notification.objects.order_by("pk").values_list("pk", flat=True)[:40])
        },
        "/api/v1/official-roles/{id}/": {
            "id": list(OfficialAssignment.objects.values_list("pk", flat=True))
        },
        "/api/v1/registrations/{id}/": {"id": _registration_ids()},
        "/api/v1/cosignatures/{id}/": {
            "id": list(CoSignature.objects.values_list("pk", flat=True))
        },
        "/api/v1/imports/{id}/": {"id": list(ImportJob.objects.values_list("pk", flat=True))},
        "/api/v1/parties/{id}/": {"id": [world.party.pk, world.other_party.pk]},
        "/api/v1/instruments/{id}/": {"id": [world.untoc.pk, world.tip.pk]},
        "/api/v1/clusters/{id}/": {"id": list(Cluster.objects.values_list("pk", flat=True)[:5])},
        "/api/v1/states/{iso3}/": {"iso3": [world.party.iso3, world.other_party.iso3]},
        "/api/v1/country-reports/{iso3}/": {"iso3": [world.party.iso3]},
        # only other users' ids: revoking one's own role would end the role's own run
        "/api/v1/unodc-staff/{user_id}/": {
            "user_id": [u.pk for u in users if u.pk != world.staff.pk]
        },
    }
    return ids


def _event_ids() -> list[int]:
    from consultations.models import Event

    return list(Event.objects.values_list("pk", flat=True))


def _registration_ids() -> list[int]:
    from consultations.models import Registration

    return list(Registration.objects.values_list("pk", flat=True))


def build() -> dict:
    from django.db import transaction

    from portal.api.tokens import api_token_create
    from tests.api.conftest import ROLES
    from tests.recommendations.filing_support import fresh, make_world

    with transaction.atomic():
        world = make_world()
        ids = _seed_ids(world)
        tokens = {}
        for role in ROLES:
            user = world.user(role)
            if user is not None:
                _token, raw = api_token_create(actor=fresh(user), name="contract run")
                tokens[role] = raw
        tokens["anonymous"] = ""
    return {"tokens": tokens, "ids": ids, "roles": list(ROLES)}


def main(out: str) -> None:
    import django

    django.setup()
    Path(out).write_text(json.dumps(build(), indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
