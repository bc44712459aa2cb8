"""Property-based fuzzing (schemathesis) of the recommendation-side endpoints against real
objects: the generated path ids are replaced by those of a seeded public recommendation,
a draft with an attachment, a comment, a follow-up action with a report and evidence, so
that the bodies and parameters reach the services. No 5xx, no response violating the
schema, as each role. Bounded and derandomized."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from portal.api.tokens import api_token_create
from recommendations.services import attachments as attach
from recommendations.services import discussion as talk
from recommendations.services import followup as followup_services
from recommendations.services import recommendations as rec_services
from tests.factories import FollowUpActionFactory
from tests.recommendations.filing_support import fresh

pytestmark = pytest.mark.django_db
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "8"))
CHECKS = [not_a_server_error, response_schema_conformance]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLES = ("anonymous", "member", "alliance_coordinator", "focal", "agency", "staff")
MIN_SUCCEEDED = {"anonymous": 9, "member": 14, "alliance_coordinator": 14, "focal": 16,
                 "agency": 14, "staff": 17}
#: the paths of this part of the API (the other paths are fuzzed by test_fuzz.py)
MINE = ("/attachments/", "/comments/", "/notes/", "/versions/", "/consider/", "/deadline/",
        "/timeline/", "/consolidate/", "/consolidation-candidates/", "/queue/", "/similar/",
        "/progress-reports/", "/evidence/", "/dashboard/", "/exports/", "/country-reports/")


@pytest.fixture(scope="module")
def wsgi_schema(django_db_blocker):
    from django.conf import settings

    from config.wsgi import application

    hosts, settings.ALLOWED_HOSTS = settings.ALLOWED_HOSTS, ["*"]
    try:
        with django_db_blocker.unblock():
            yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    finally:
        settings.ALLOWED_HOSTS = hosts


@pytest.fixture
def schema(db, settings, tmp_path, wsgi_schema):
    settings.ALLOWED_HOSTS = ["*"]
    settings.MEDIA_ROOT = tmp_path
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield wsgi_schema
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def pdf():
    return SimpleUploadedFile("evidence.pdf", PDF, content_type="application/pdf")


def seed(world) -> dict[str, dict[str, str]]:
    """Real objects behind every path, and the path ids to use per path prefix."""
    rec = rec_services.recommendation_publish(actor=fresh(world.member),
                                              recommendation=world.submitted())
    comment = talk.comment_create(actor=fresh(world.other_member), recommendation=rec,
                                          text="A comment")
    talk.note_create(actor=fresh(world.focal), recommendation=rec, text="A note")
    draft = world.draft(title="A draft with a file")
    # shared with the alliance: its coordinator reads it (and may not change it)
    draft = rec_services.recommendation_share_with_alliance(
        actor=fresh(world.member), recommendation=draft, shared=True)
    rec_services.recommendation_create(
        actor=fresh(world.member_org_member), organization=world.member_org,
        party=world.party, title="A partner's draft", instruments=[world.untoc])
    attachment = attach.attachment_add(actor=fresh(world.member), recommendation=draft,
                                             file=pdf())
    action = FollowUpActionFactory(party=world.party, recommendations=[rec],
                                   responsible=world.agency, lead_body=world.gov_body)
    report = followup_services.progress_report_create(
        actor=fresh(world.agency), action=action, reported_on=timezone.localdate(),
        text="Progress", status="in_progress", percent=20,
        evidence=[followup_services.EvidenceInput(file=pdf(), is_public=True)])
    evidence = report.evidence.get()
    return {
        "/api/v1/recommendations/{id}/attachments": {"id": str(draft.pk),
                                                     "attachment_pk": str(attachment.pk)},
        "/api/v1/recommendations/{id}/": {"id": str(rec.pk), "comment_pk": str(comment.pk)},
        "/api/v1/actions/{id}/": {"id": str(action.pk), "report_pk": str(report.pk)},
        "/api/v1/evidence/{id}/": {"id": str(evidence.pk)},
        "/api/v1/country-reports/": {"iso3": "PKL"},
    }


def real_ids(path: str, ids: dict[str, dict[str, str]]) -> dict[str, str]:
    for prefix, values in ids.items():
        if path.startswith(prefix):
            return values
    return {}


def _runner(operation, headers: dict, overrides: dict, seen: dict):
    """Generated cases of one operation, sent with the seeded objects' ids."""

    @hsettings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
               phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(headers=headers))
    def run(case):
        if case.path_parameters:
            case.path_parameters = {**case.path_parameters,
                                    **{k: v for k, v in overrides.items()
                                       if k in case.path_parameters}}
        response = case.call()
        seen.setdefault(operation.label, set()).add(response.status_code)
        case.validate_response(response, checks=CHECKS)

    return run


@pytest.mark.parametrize("role", ROLES)
def test_fuzz_recommendation_side_endpoints(role, world, schema):
    ids = seed(world)
    headers = {}
    user = world.user(role) if role != "alliance_coordinator" else world.alliance_coordinator
    if user is not None:
        _token, raw = api_token_create(actor=fresh(user), name="fuzz")
        headers["Authorization"] = f"Bearer {raw}"
    operations = [result.ok() for result in schema.get_all_operations()]
    mine = [op for op in operations if any(part in op.path for part in MINE)]
    assert len(mine) >= 30, [op.label for op in mine]
    failures: list[str] = []
    seen: dict[str, set[int]] = {}
    for operation in mine:
        run = _runner(operation, headers, real_ids(operation.path, ids), seen)
        try:
            run()
        except Exception as exc:  # collect every operation's failure, report them together
            failures.append(f"{operation.label}: {str(exc)[:2000]}")
    assert not failures, "\n\n".join(failures)
    # the seeded ids were used: many operations succeeded for every role
    succeeded = [label for label, codes in seen.items() if any(c < 300 for c in codes)]
    assert len(succeeded) >= MIN_SUCCEEDED[role], (role, seen)
