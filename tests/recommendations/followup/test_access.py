"""Who sees and does what on follow-up actions (the permission matrix), the list's
filters and the query budgets of the list and the detail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from recommendations.services import followup as services
from tests.factories import FollowUpActionFactory, ProgressReportFactory
from tests.recommendations.followup_support import client_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

# --- Permission matrix --------------------------------------------------------------------------

MATRIX = {
    # who: (public detail, private detail, report, assess, validate, edit)
    "anonymous": (200, 404, 302, 302, 302, 302),
    "member": (200, 200, 403, 403, 403, 403),
    "coordinator": (200, 200, 403, 200, 403, 403),
    "focal": (200, 200, 200, 403, 403, 200),
    "agency": (200, 200, 200, 403, 403, 403),
    "staff": (200, 200, 403, 403, 200, 200),
    "outsider": (200, 404, 403, 403, 403, 403),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix(client, world, who):
    expected = MATRIX[who]
    client_as(client, world.users()[who])
    a, p = world.action.pk, world.private_action.pk
    got = (
        client.get(reverse("followup:detail", args=[a])).status_code,
        client.get(reverse("followup:detail", args=[p])).status_code,
        client.get(reverse("followup:report", args=[a])).status_code,
        client.get(reverse("followup:assess", args=[a])).status_code,
        client.get(reverse("followup:validate", args=[a])).status_code,
        client.get(reverse("followup:edit", args=[a])).status_code,
    )
    assert got == expected


@pytest.mark.parametrize(
    "who, visible",
    [
        ("anonymous", {"Public action"}),
        ("member", {"Public action", "Private action"}),
        ("focal", {"Public action", "Private action"}),
        ("staff", {"Public action", "Private action"}),
        ("outsider", {"Public action"}),
    ],
)
def test_action_list_shows_only_visible_actions(client, world, who, visible):
    client_as(client, world.users()[who])
    response = client.get(reverse("followup:list"))
    assert {a.title for a in response.context["actions"]} == visible


def test_the_private_action_of_another_state_is_hidden_from_its_focal_person(client, world):
    client_as(client, world.other_focal)
    assert client.get(reverse("followup:detail", args=[world.private_action.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.progress_report_create(
            actor=world.other_focal,
            action=world.action,
            reported_on=dt.date(2024, 1, 1),
            text="x",
            status="planned",
            percent=0,
        )


def test_an_agency_contact_reports_only_on_actions_assigned_to_them(world):
    other = FollowUpActionFactory(party=world.party, recommendations=[world.public_rec])
    with pytest.raises(PermissionDenied):
        services.progress_report_create(
            actor=world.contact,
            action=other,
            reported_on=dt.date(2024, 1, 1),
            text="x",
            status="planned",
            percent=0,
        )


# --- The list's filters and query budget ---------------------------------------------------------


def test_action_list_filters_overdue_and_disagreement(client, world):
    world.action.due_on = timezone.localdate() - dt.timedelta(days=1)
    world.action.save()
    services.assessment_record(
        actor=world.coordinator,
        action=world.private_action,
        organization=world.alliance,
        verdict="disagree",
        comment="No.",
    )
    client_as(client, world.staff)
    overdue = client.get(reverse("followup:list"), {"overdue": "on"}).context["actions"]
    assert [a.title for a in overdue] == ["Public action"]
    disagree = client.get(reverse("followup:list"), {"disagreement": "on"}).context["actions"]
    assert [a.title for a in disagree] == ["Private action"]
    html = client.get(reverse("followup:list")).content.decode()
    assert "Overdue" in html and "Views disagree" in html


def _many_actions(world, n):
    for i in range(n):
        action = FollowUpActionFactory(
            party=world.party,
            lead_body=world.agency,
            responsible=world.contact,
            recommendations=[world.public_rec, world.private_rec],
        )
        ProgressReportFactory(action=action)
        services.assessment_record(
            actor=world.coordinator,
            action=action,
            organization=world.alliance,
            verdict="agree" if i % 2 else "disagree",
            comment="c",
        )


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "staff"])
def test_action_list_query_budget(client, world, who, django_assert_max_num_queries):
    client_as(client, world.users()[who])
    client.get(reverse("followup:list"))  # warm the session
    _many_actions(world, 2)
    with django_assert_max_num_queries(12):
        client.get(reverse("followup:list"))
    _many_actions(world, 25)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("followup:list"))
    assert len(response.context["actions"]) >= 1


def test_action_detail_query_budget(client, world, django_assert_max_num_queries):
    client_as(client, world.coordinator)
    for i in range(2):
        services.progress_report_create(
            actor=world.contact,
            action=world.action,
            reported_on=dt.date(2024, 1, 1 + i),
            text="x",
            status="in_progress",
            percent=30 + i,
        )
    client.get(reverse("followup:detail", args=[world.action.pk]))
    with django_assert_max_num_queries(16):
        client.get(reverse("followup:detail", args=[world.action.pk]))
    for i in range(10):
        services.progress_report_create(
            actor=world.contact,
            action=world.action,
            reported_on=dt.date(2024, 2, 1 + i),
            text="x",
            status="in_progress",
            percent=40 + i,
            evidence=[services.EvidenceInput(url=f"https://example.org/{i}", is_public=True)],
        )
    with django_assert_max_num_queries(16):
        client.get(reverse("followup:detail", args=[world.action.pk]))
