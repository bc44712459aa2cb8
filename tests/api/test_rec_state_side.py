"""The API of the State's side of a recommendation: "under consideration", the response
deadline, the focal person's queue, similar titles, the timeline, the detail's
sub-lists, and the permissions dict that says what each role may do, as the web does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.models import (
    Recommendation,
)
from recommendations.services import discussion as talk
from recommendations.services import recommendations as rec_services
from tests.api.conftest import ANON_WRITE, error_of, expect, statuses
from tests.api.recommendation_support import (
    private_media,  # noqa: F401
    public,
    web,
)
from tests.recommendations.filing_support import fresh

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

# --- under consideration and the response deadline --------------------------------------------


def test_the_focal_person_marks_under_consideration(world, api):
    rec = world.submitted()
    url = f"/api/v1/recommendations/{rec.pk}/consider/"
    got = statuses(api, "post", url, {"note": "Sent to the ministry"})
    assert got == expect(
        anonymous=ANON_WRITE,
        member=403,
        coordinator=403,
        other_member=404,
        focal=200,
        other_focal=404,
        agency=403,
        staff=403,
    )
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.UNDER_CONSIDERATION
    again = api("focal").post(url, {}, format="json")  # a double click changes nothing
    assert again.status_code == 200 and again.json()["status"] == "under_consideration"
    other = world.submitted(title="Withdrawn one")
    rec_services.recommendation_withdraw(actor=fresh(world.member), recommendation=other)
    response = api("focal").post(f"/api/v1/recommendations/{other.pk}/consider/", {}, format="json")
    assert response.status_code == 409 and "withdrawn" in error_of(response)["message"]
    response = api("focal").post(url, {"note": "x" * 2001}, format="json")
    assert response.status_code == 400 and "note" in error_of(response)["fields"]


def test_unodc_staff_change_the_response_deadline(world, api):
    rec = world.submitted()
    url = f"/api/v1/recommendations/{rec.pk}/deadline/"
    due = timezone.localdate() + dt.timedelta(days=120)
    got = statuses(api, "post", url, {"due_on": due.isoformat(), "note": "Extension"})
    assert got == expect(
        anonymous=ANON_WRITE,
        member=403,
        coordinator=403,
        other_member=404,
        focal=403,
        other_focal=404,
        agency=403,
        staff=200,
    )
    rec.refresh_from_db()
    assert rec.response_due_on == due
    staff = api("staff")
    for data, field in [
        ({"due_on": (timezone.localdate() - dt.timedelta(days=400)).isoformat()}, "due_on"),
        ({"due_on": "tomorrow"}, "due_on"),
        ({}, "due_on"),
        ({"due_on": due.isoformat(), "note": "x" * 301}, "note"),
    ]:
        response = staff.post(url, data, format="json")
        assert response.status_code == 400 and field in error_of(response)["fields"], data
    # answered: no deadline any more (visible, refused)
    rec_services.recommendation_withdraw(actor=fresh(world.member), recommendation=rec)
    assert staff.post(url, {"due_on": due.isoformat()}, format="json").status_code == 403


# --- the focal person's queue, similar titles, the timeline -----------------------------------


def test_the_queue_for_focal_persons_and_staff(world, api):
    late = world.submitted(title="Late one")
    Recommendation.objects.filter(pk=late.pk).update(
        response_due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    world.submitted(title="Fresh one")
    assert statuses(api, "get", "/api/v1/recommendations/queue/") == expect(
        anonymous=401,
        member=403,
        coordinator=403,
        other_member=403,
        focal=200,
        other_focal=200,
        agency=403,
        staff=200,
    )
    rows = api("focal").get("/api/v1/recommendations/queue/").json()["results"]
    assert [(r["title"], r["is_overdue"]) for r in rows] == [
        ("Late one", True),
        ("Fresh one", False),
    ]
    only = api("focal").get("/api/v1/recommendations/queue/", {"overdue": "true"}).json()
    assert [r["title"] for r in only["results"]] == ["Late one"]
    assert api("other_focal").get("/api/v1/recommendations/queue/").json()["count"] == 0
    assert api("staff").get("/api/v1/recommendations/queue/").json()["count"] == 2
    found = api("focal").get("/api/v1/recommendations/queue/", {"q": "fresh"}).json()
    assert [r["title"] for r in found["results"]] == ["Fresh one"]
    counts = api("focal").get("/api/v1/recommendations/queue/counts/")
    assert counts.json() == {"open": 2, "overdue": 1}
    assert api("member").get("/api/v1/recommendations/queue/counts/").status_code == 403
    response = api("focal").get("/api/v1/recommendations/queue/", {"status": "nonsense"})
    assert response.status_code == 400 and "status" in error_of(response)["fields"]
    # the same rows as the web's queue
    page = web(world.focal).get(reverse("recommendations:queue"))
    assert [r.pk for r in page.context["page"]] == [r["id"] for r in rows]


def test_similar_titles(world, api):
    a = public(world, title="National task force against organized crime")
    public(world, title="Support for victims of trafficking")
    url = "/api/v1/recommendations/similar/"
    params = {"party": world.party.pk, "title": "task force organized"}
    assert set(
        statuses(api, "get", f"{url}?party={world.party.pk}&title=task+force+organized").values()
    ) == {200}
    rows = api("member").get(url, params).json()
    assert [r["id"] for r in rows] == [a.pk]
    assert api("member").get(url, {**params, "exclude": a.pk}).json() == []
    assert api("member").get(url, {**params, "party": world.other_party.pk}).json() == []
    for bad, field in [({"party": "x", "title": "task"}, "party"), ({"party": 1}, "title")]:
        response = api("member").get(url, bad)
        assert response.status_code == 400 and field in error_of(response)["fields"]


def test_timeline_hides_the_drafting_history_from_outsiders(world, api):
    rec = public(world)
    url = f"/api/v1/recommendations/{rec.pk}/timeline/"
    assert set(statuses(api, "get", url).values()) == {200}
    outsider = [e["kind"] for e in api("anonymous").get(url).json()["results"]]
    insider = [e["kind"] for e in api("member").get(url).json()["results"]]
    assert "recommendation.submitted" in outsider and "recommendation.created" not in outsider
    assert insider[0] == "recommendation.created"
    entry = api("focal").get(url).json()["results"][0]
    assert set(entry) == {"kind", "label", "occurred_at", "actor", "note"}
    assert entry["label"] == "Draft created"
    draft = world.draft(title="A draft")
    assert statuses(
        api,
        "get",
        f"/api/v1/recommendations/{draft.pk}/timeline/",
        roles=("anonymous", "member", "focal"),
    ) == {"anonymous": 404, "member": 200, "focal": 404}


def test_detail_links_to_every_sub_list(world, api):
    """The detail's numbers and the sub-lists agree (versions, comments)."""
    rec = public(world)
    talk.comment_create(actor=fresh(world.other_member), recommendation=rec, text="Agreed")
    detail = api("other_member").get(f"/api/v1/recommendations/{rec.pk}/").json()
    versions = api("other_member").get(f"/api/v1/recommendations/{rec.pk}/versions/").json()
    assert [v["number"] for v in detail["versions"]] == [v["number"] for v in versions["results"]]
    comments = api("other_member").get(f"/api/v1/recommendations/{rec.pk}/comments/").json()
    assert comments["count"] == 1 and comments["results"][0]["text"] == "Agreed"


def test_permissions_say_what_each_role_may_do_as_the_web_does(world, api):
    rec = world.submitted()
    url = f"/api/v1/recommendations/{rec.pk}/"
    flags = (
        "correct",
        "consider",
        "set_deadline",
        "notes",
        "moderate_comments",
        "attach",
        "approve_response",
    )
    got = {
        role: {f for f in flags if api(role).get(url).json()["permissions"][f]}
        for role in ("member", "coordinator", "focal", "agency", "staff")
    }
    assert got == {
        "member": {"correct"},
        "coordinator": {"correct"},
        "focal": {"consider", "notes"},
        "agency": {"notes"},
        "staff": {"set_deadline", "notes", "moderate_comments"},
    }
    draft = world.draft(title="A draft")
    assert (
        api("member").get(f"/api/v1/recommendations/{draft.pk}/").json()["permissions"]["attach"]
        is True
    )
    # the web's detail page offers the same actions, under the same names, for every role
    for role, user in (("member", world.member), ("focal", world.focal), ("staff", world.staff)):
        page = web(user).get(reverse("recommendations:detail", args=[rec.pk]))
        can = {
            k: v for k, v in page.context["can"].items() if k not in ("is_filer", "is_author")
        }  # facts about the reader, not actions
        assert can == api(role).get(url).json()["permissions"], role
