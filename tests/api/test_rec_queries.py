"""Query budgets of the recommendation-side lists, the dashboards and the exports: a
fixed number of queries whatever the amount of data (a few rows and many rows, the same
bound)."""

from __future__ import annotations

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recommendations.services import attachments as attach
from recommendations.services import discussion as talk
from recommendations.services import followup as followup_services
from recommendations.services import recommendations as rec_services
from tests.api.conftest import token_client
from tests.factories import FollowUpActionFactory, OrganizationFactory
from tests.recommendations.filing_support import fresh

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COUNTER = itertools.count()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.API_TOKEN_TOUCH_SECONDS = 24 * 3600  # last use written once, before measuring


def pdf():
    return SimpleUploadedFile("evidence.pdf", PDF, content_type="application/pdf")


def grow(world, main, n: int) -> None:
    """n more of everything the measured lists and numbers show."""
    rec, draft, action = main["rec"], main["draft"], main["action"]
    for _ in range(n):
        i = next(COUNTER)
        other = world.submitted(title=f"Task force number {i}")
        rec_services.recommendation_publish(actor=fresh(world.member), recommendation=other)
        talk.comment_create(actor=fresh(world.other_member), recommendation=rec,
                                    text=f"Comment {i}")
        talk.note_create(actor=fresh(world.agency), recommendation=rec,
                                 text=f"Note {i}")
        rec_services.recommendation_correct(
            actor=fresh(world.member), recommendation=rec, expected_version=None,
            title=f"Task force, corrected {i}", text=f"Text {i}", note=f"Fix {i}")
        attach.attachment_add(actor=fresh(world.member), recommendation=draft,
                                    file=pdf())
        world.draft(title=f"Member draft {i}")
        rec_services.recommendation_create(
            actor=fresh(world.member_org_member), organization=world.member_org,
            party=world.party, title=f"Partner draft {i}", instruments=[world.untoc])
        report = followup_services.progress_report_create(
            actor=fresh(world.agency), action=action, reported_on=timezone.localdate(),
            text=f"Report {i}", status="in_progress", percent=10,
            evidence=[followup_services.EvidenceInput(file=pdf(), is_public=bool(i % 2)),
                      followup_services.EvidenceInput(url=f"https://example.org/{i}")])
        followup_services.progress_report_update(
            actor=fresh(world.agency), report=report, reported_on=timezone.localdate(),
            text=f"Report {i}, edited", status="in_progress", percent=20)
        FollowUpActionFactory(party=world.party, recommendations=[other],
                              responsible=world.agency, lead_body=world.gov_body)
        OrganizationFactory(country=world.other_party)
        FollowUpActionFactory(party=world.other_party)


def measure(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        if response.streaming:
            b"".join(response.streaming_content)
    return len(ctx.captured_queries)


# url template, role, the bound
BUDGETS = [
    ("/api/v1/recommendations/{rec}/comments/", "member", 16),
    ("/api/v1/recommendations/{rec}/comments/?page_size=100", "staff", 16),
    ("/api/v1/recommendations/{rec}/notes/", "focal", 6),
    ("/api/v1/recommendations/{rec}/versions/", "focal", 16),
    ("/api/v1/recommendations/{rec}/timeline/", "member", 6),
    ("/api/v1/recommendations/{draft}/attachments/", "member", 16),
    ("/api/v1/recommendations/{draft}/attachments/{attachment}/", "member", 6),
    ("/api/v1/recommendations/queue/", "focal", 6),
    ("/api/v1/recommendations/queue/?status=all&page_size=100", "staff", 6),
    ("/api/v1/recommendations/queue/counts/", "focal", 5),
    ("/api/v1/recommendations/consolidation-candidates/", "alliance_coordinator", 9),
    ("/api/v1/recommendations/similar/?party={party}&title=task+force+number", "member", 5),
    ("/api/v1/actions/{action}/progress-reports/", "focal", 12),
    ("/api/v1/actions/{action}/progress-reports/?page_size=100", "member", 12),
    ("/api/v1/actions/{action}/progress-reports/{report}/", "agency", 12),
    ("/api/v1/dashboard/", "staff", 12),
    ("/api/v1/dashboard/?party=PKL", "staff", 13),
    ("/api/v1/dashboard/public/", "anonymous", 8),
    ("/api/v1/dashboard/scorecard/", "staff", 10),
    ("/api/v1/dashboard/public/scorecard/?sort=recommendations", "anonymous", 6),
    ("/api/v1/exports/recommendations.csv", "staff", 8),
    ("/api/v1/exports/recommendations.xlsx", "member", 8),
    ("/api/v1/exports/responses.csv", "focal", 6),
    ("/api/v1/exports/actions.csv", "staff", 8),
    ("/api/v1/exports/progress.xlsx", "member", 9),
    ("/api/v1/exports/progress.csv?party=PKL", "anonymous", 7),
    # +1: the answers come from responses_visible_to (one prefetch)
    ("/api/v1/country-reports/PKL/", "staff", 19),
    ("/api/v1/country-reports/PKL/", "anonymous", 15),
]


def test_query_budgets_do_not_grow_with_data(world):
    rec = rec_services.recommendation_publish(
        actor=fresh(world.member), recommendation=world.submitted(title="The main one"))
    draft = world.draft(title="The main draft")
    attachment = attach.attachment_add(actor=fresh(world.member), recommendation=draft,
                                             file=pdf())
    action = FollowUpActionFactory(party=world.party, recommendations=[rec],
                                   responsible=world.agency, lead_body=world.gov_body)
    report = followup_services.progress_report_create(
        actor=fresh(world.agency), action=action, reported_on=timezone.localdate(),
        text="First report", status="in_progress", percent=5)
    main = {"rec": rec, "draft": draft, "action": action}
    grow(world, main, 2)
    ids = {"rec": rec.pk, "draft": draft.pk, "action": action.pk, "attachment": attachment.pk,
           "report": report.pk, "party": world.party.pk}
    clients = {role: token_client(world.user(role) if role != "alliance_coordinator"
                                  else world.alliance_coordinator)
               for role in {role for _url, role, _n in BUDGETS}}
    for client in clients.values():
        client.get("/api/v1/me/")  # the first use writes last_used_at
    for url, role, _n in BUDGETS:
        if "/dashboard/" in url:
            # the stored read model is computed by the very first read of an empty store
            # (later by the refresh task): budgets are for the reads that follow
            clients[role].get(url.format(**ids))
    few = {(url, role): measure(clients[role], url.format(**ids))
           for url, role, _n in BUDGETS}
    grow(world, main, 8)
    many = {(url, role): measure(clients[role], url.format(**ids))
            for url, role, _n in BUDGETS}
    report_ = {(url, role): (few[url, role], many[url, role], n) for url, role, n in BUDGETS}
    over = {key: counts for key, counts in report_.items()
            if counts[0] > counts[2] or counts[1] > counts[2] or counts[1] > counts[0]}
    assert not over, over
