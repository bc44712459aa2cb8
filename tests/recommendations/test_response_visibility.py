"""An answer awaiting the second official's approval is seen only by UNODC staff and
the addressee State's officials, on every read path: State page, country report (HTML
and PDF, web and API), the responses export (CSV and XLSX, web and API)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from recommendations.models import Response
from recommendations.selectors.responses import responses_visible_to
from tests.factories import FocalPersonFactory
from tests.pdf import pdf_text
from tests.recommendations.followup_support import fast_passwords, make_world  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

PENDING = "Pending-answer-sentinel"
PUBLISHED = "Published-answer-sentinel"


@pytest.fixture
def world():
    w = make_world()
    Response.objects.create(recommendation=w.public_rec, position="supported_in_part",
                            justification=PENDING,
                            status=Response.Status.PENDING_APPROVAL)
    return w


def _csv_text(response) -> str:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content).decode("utf-8-sig")


def _xlsx_text(response) -> str:
    assert response.status_code == 200, response.status_code
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return "\n".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row)


def _pages(client, rec) -> dict[str, str]:
    pdf = client.get(reverse("states:report_pdf", args=["TST"]))
    api_pdf = client.get("/api/v1/country-reports/TST/")
    assert pdf.status_code == api_pdf.status_code == 200
    state_page = client.get(reverse("states:detail", args=["TST"])).content.decode()
    return {
        # the State page shows the position only
        "state page": state_page.replace("Supported in part", f"{PENDING} {PUBLISHED}"),
        "report": client.get(reverse("states:report", args=["TST"])).content.decode(),
        "pdf": pdf_text(pdf.content),
        "api pdf": pdf_text(api_pdf.content),
        "csv": _csv_text(client.get(reverse("dashboard:export", args=["responses", "csv"]))),
        "xlsx": _xlsx_text(client.get(reverse("dashboard:export",
                                              args=["responses", "xlsx"]))),
        "api csv": _csv_text(client.get("/api/v1/exports/responses.csv")),
        "api xlsx": _xlsx_text(client.get("/api/v1/exports/responses.xlsx")),
        # these two were right already (policies.can_view_response): kept in step
        "page": client.get(reverse("recommendations:detail", args=[rec.pk])).content.decode(),
        "api detail": client.get(f"/api/v1/recommendations/{rec.pk}/").content.decode(),
    }


def test_pdf_text_reads_what_the_report_draws(client, world):
    Response.objects.filter(recommendation=world.public_rec).update(
        status=Response.Status.PUBLISHED, justification=PUBLISHED)
    pages = _pages(client, world.public_rec)
    assert all(PUBLISHED in text for text in pages.values()), [
        name for name, text in pages.items() if PUBLISHED not in text]


@pytest.mark.parametrize("who, sees", [("anonymous", False), ("outsider", False),
                                       ("member", False), ("coordinator", False),
                                       ("other_focal", False), ("agency", True),
                                       ("focal", True), ("staff", True)])
def test_an_answer_awaiting_approval_is_seen_only_by_officials_and_staff(client, world,
                                                                          who, sees):
    user = world.other_focal if who == "other_focal" else world.users()[who]
    if user:
        client.force_login(user)
    pages = _pages(client, world.public_rec)
    leaks = [name for name, text in pages.items() if (PENDING in text) is not sees]
    assert not leaks, f"{who}: {leaks}"


def test_responses_visible_to_matches_can_view_response(world):
    from recommendations import policies

    second = FocalPersonFactory(party=world.party).user
    for user in [None, world.member, world.outsider, world.other_focal, world.focal,
                 second, world.contact, world.staff]:
        from django.contrib.auth.models import AnonymousUser

        user = user or AnonymousUser()
        visible = set(responses_visible_to(user).values_list("pk", flat=True))
        expected = {r.pk for r in Response.objects.select_related("recommendation")
                    if policies.can_view_recommendation(user, r.recommendation)
                    and policies.can_view_response(user, r.recommendation)}
        assert visible == expected
