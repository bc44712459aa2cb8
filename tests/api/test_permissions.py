"""Per-endpoint permission matrix, role by role, mirroring the web: an object a user may
not see is a 404, a visible object with a refused action is a 403, anonymous writes are
401."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from consultations.models import Event, Organization
from portal.notifications.models import Notification
from recommendations.models import CoSignature, Recommendation
from recommendations.services import recommendations as rec_services
from tests.api.conftest import ANON_WRITE, ROLES, error_of, expect, statuses
from tests.factories import EventFactory, FollowUpActionFactory, OrganizationFactory
from tests.recommendations.filing_support import fresh

pytestmark = pytest.mark.django_db


# --- recommendations: reading -----------------------------------------------------------------


def test_draft_is_visible_to_its_organization_only(world, api):
    draft = world.draft()
    assert statuses(api, "get", f"/api/v1/recommendations/{draft.pk}/") == expect(
        anonymous=404, member=200, coordinator=200, other_member=404, focal=404,
        other_focal=404, agency=404, staff=404)


def test_submitted_recommendation_visible_to_the_states_officials_and_staff(world, api):
    rec = world.submitted()
    assert statuses(api, "get", f"/api/v1/recommendations/{rec.pk}/") == expect(
        anonymous=404, member=200, coordinator=200, other_member=404, focal=200,
        other_focal=404, agency=200, staff=200)
    listed = {role: [r["id"] for r in api(role).get("/api/v1/recommendations/")
                     .json()["results"]] for role in ROLES}
    assert listed["focal"] == [rec.pk] and listed["other_focal"] == []
    assert listed["anonymous"] == [] and listed["other_member"] == []


def test_public_recommendation_visible_to_everybody(world, api):
    rec = world.submitted()
    rec_services.recommendation_publish(actor=fresh(world.member), recommendation=rec)
    assert set(statuses(api, "get", f"/api/v1/recommendations/{rec.pk}/").values()) == {200}
    assert set(statuses(api, "get", f"/api/v1/recommendations/{rec.pk}/comments/")
               .values()) == {200}


# --- recommendations: writing -----------------------------------------------------------------


def test_create_draft_for_own_verified_organization_only(world, api):
    data = {"organization": world.org.pk, "party": world.party.pk, "title": "Research",
            "instruments": [world.untoc.pk]}
    assert statuses(api, "post", "/api/v1/recommendations/", data) == expect(
        anonymous=ANON_WRITE, member=201, coordinator=201, other_member=403, focal=403,
        other_focal=403, agency=403, staff=403)
    assert Recommendation.objects.filter(title="Research").count() == 2


def test_update_submit_and_delete_draft(world, api):
    draft = world.draft()
    url = f"/api/v1/recommendations/{draft.pk}/"
    assert statuses(api, "patch", url, {"title": "Better title"}) == expect(
        anonymous=ANON_WRITE, member=200, coordinator=200, other_member=404, focal=404,
        other_focal=404, agency=404, staff=404)
    response = api("member").post(url + "submit/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "submitted" and body["reference"].startswith("PKL-")
    # submitted: the text is frozen
    response = api("member").patch(url, {"title": "Again"}, format="json")
    assert response.status_code == 409 and error_of(response)["code"] == "conflict"
    other = world.draft(title="To delete")
    assert api("other_member").delete(f"/api/v1/recommendations/{other.pk}/").status_code \
        == 404
    assert api("member").delete(f"/api/v1/recommendations/{other.pk}/").status_code == 204
    assert not Recommendation.objects.filter(pk=other.pk).exists()


def test_withdraw(world, api):
    rec = world.submitted()
    url = f"/api/v1/recommendations/{rec.pk}/withdraw/"
    got = statuses(api, "post", url, {"note": "Superseded"},
                   roles=("anonymous", "other_member", "focal", "other_focal", "agency",
                          "staff"))
    assert got == {"anonymous": ANON_WRITE, "other_member": 404, "focal": 403,
                   "other_focal": 404, "agency": 403, "staff": 403}
    response = api("member").post(url, {"note": "Superseded"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


def test_respond_only_the_states_focal_person(world, api):
    rec = world.submitted()
    url = f"/api/v1/recommendations/{rec.pk}/response/"
    data = {"expected_version": rec.version, "position": "supported",
            "commitments": [{"lead_body": world.gov_body.pk, "action": "Create the task force",
                             "due_on": str(timezone.localdate() + dt.timedelta(days=60))}]}
    got = statuses(api, "post", url, data, roles=("anonymous", "member", "other_member",
                                                  "other_focal", "agency", "staff"))
    assert got == {"anonymous": ANON_WRITE, "member": 403, "other_member": 404,
                   "other_focal": 404, "agency": 403, "staff": 403}
    response = api("focal").post(url, data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "responded" and body["response"]["position"] == "supported"
    assert rec.actions.count() == 1
    # a second answer (two answers at once) is a conflict
    response = api("focal").post(url, data, format="json")
    assert response.status_code == 409 and error_of(response)["code"] == "conflict"


def test_noted_needs_a_justification(world, api):
    rec = world.submitted()
    response = api("focal").post(f"/api/v1/recommendations/{rec.pk}/response/",
                                 {"expected_version": rec.version, "position": "noted"},
                                 format="json")
    assert response.status_code == 400
    assert "justification" in error_of(response)["fields"]


def test_endorse_and_comment_on_a_public_recommendation(world, api):
    rec = world.submitted()
    rec_services.recommendation_publish(actor=fresh(world.member), recommendation=rec)
    url = f"/api/v1/recommendations/{rec.pk}/endorsements/"
    assert api("member").post(url, {"organization": world.org.pk},
                              format="json").status_code == 403
    assert api("focal").post(url, {"organization": world.other_org.pk},
                             format="json").status_code == 403
    response = api("other_member").post(url, {"organization": world.other_org.pk},
                                        format="json")
    assert response.status_code == 201
    again = api("other_member").post(url, {"organization": world.other_org.pk},
                                     format="json")
    assert again.status_code == 409
    comments = f"/api/v1/recommendations/{rec.pk}/comments/"
    got = statuses(api, "post", comments, {"text": "We support this."})
    assert got == expect(anonymous=ANON_WRITE, member=201, coordinator=201, other_member=201,
                         focal=201, other_focal=201, agency=201, staff=201)
    assert api("anonymous").get(comments).json()["count"] == 7


def test_cosign_invite_and_decide(world, api):
    draft = world.draft()
    url = f"/api/v1/recommendations/{draft.pk}/cosignatures/"
    assert api("other_member").post(url, {"organization": world.other_org.pk},
                                    format="json").status_code == 404
    response = api("member").post(url, {"organization": world.other_org.pk}, format="json")
    assert response.status_code == 201
    cosig = CoSignature.objects.get(pk=response.json()["id"])
    decide = f"/api/v1/cosignatures/{cosig.pk}/decide/"
    # the invited organization now sees the draft; only its coordinators decide
    assert api("other_member").get(f"/api/v1/recommendations/{draft.pk}/").status_code == 200
    assert api("other_member").post(decide, {"accept": True}, format="json").status_code == 403
    assert api("focal").post(decide, {"accept": True}, format="json").status_code == 404
    from tests.api.conftest import token_client

    coordinator = token_client(world.other_coordinator)
    response = coordinator.post(decide, {"accept": True}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"


# --- organizations and memberships -------------------------------------------------------


def test_pending_organization_visible_to_staff_and_its_members(world, api):
    url = f"/api/v1/organizations/{world.pending_org.pk}/"
    assert statuses(api, "get", url) == expect(
        anonymous=404, member=404, coordinator=404, other_member=404, focal=404,
        other_focal=404, agency=404, staff=200)
    got = statuses(api, "post", url + "verify/", {},
                   roles=("member", "focal", "staff"))
    assert got == {"member": 404, "focal": 404, "staff": 200}
    world.pending_org.refresh_from_db()
    assert world.pending_org.status == Organization.Status.VERIFIED


def test_register_and_change_organization(world, api):
    data = {"name": "New Research Network", "category": "academia",
            "country": world.party.pk}
    response = api("member").post("/api/v1/organizations/", data, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert api("anonymous").post("/api/v1/organizations/", data,
                                 format="json").status_code == ANON_WRITE
    url = f"/api/v1/organizations/{world.org.pk}/"
    got = statuses(api, "patch", url, {"acronym": "GRC"},
                   roles=("anonymous", "member", "coordinator", "other_member", "staff"))
    assert got == {"anonymous": ANON_WRITE, "member": 403, "coordinator": 200,
                   "other_member": 403, "staff": 200}


def test_memberships_for_those_allowed(world, api):
    listed = {role: {m["organization"] for m in api(role).get("/api/v1/memberships/")
                     .json()["results"]} for role in ROLES}
    assert listed["member"] == {world.org.pk}
    assert listed["anonymous"] == set() and listed["focal"] == set()
    assert world.org.pk in listed["staff"] and world.other_org.pk in listed["staff"]
    membership = world.member.memberships.get()
    url = f"/api/v1/memberships/{membership.pk}/"
    assert statuses(api, "patch", url, {"role": "coordinator"},
                    roles=("other_member", "member", "coordinator")) == {
        "other_member": 404, "member": 403, "coordinator": 200}


def test_join_request(world, api):
    url = f"/api/v1/organizations/{world.other_org.pk}/join-requests/"
    assert api("member").post(url, {"message": "Hello"}, format="json").status_code == 201
    assert api("member").post(url, {"message": "Again"}, format="json").status_code == 409
    assert api("other_member").post(url, {}, format="json").status_code == 409


# --- events and registrations ---------------------------------------------------------------


def test_draft_events_visible_to_their_managers(world, api):
    event = EventFactory(party=world.party, status=Event.Status.DRAFT)
    assert statuses(api, "get", f"/api/v1/events/{event.pk}/") == expect(
        anonymous=404, member=404, coordinator=404, other_member=404, focal=200,
        other_focal=404, agency=404, staff=200)


def test_create_event_staff_and_the_states_focal_person(world, api):
    start = timezone.now() + dt.timedelta(days=30)
    data = {"kind": "workshop", "title": "Follow-up workshop", "party": world.party.pk,
            "starts_at": start.isoformat(), "ends_at": (start + dt.timedelta(hours=3))
            .isoformat(), "venue": "Islamabad"}
    assert statuses(api, "post", "/api/v1/events/", data) == expect(
        anonymous=ANON_WRITE, member=403, coordinator=403, other_member=403, focal=201,
        other_focal=403, agency=403, staff=201)
    bad = {**data, "ends_at": (start - dt.timedelta(hours=3)).isoformat()}
    response = api("staff").post("/api/v1/events/", bad, format="json")
    assert response.status_code == 400 and "ends_at" in error_of(response)["fields"]


@pytest.mark.parametrize("change, field", [
    ({"mode": "online"}, "online_url"),
    ({"mode": "hybrid", "online_url": "https://meet.example.org/x", "venue": ""}, "venue"),
    ({"venue": ""}, "venue"),
])
def test_the_api_obeys_the_event_place_rule_of_the_web_form(world, api, change, field):
    """An online or hybrid event needs a link, an in-person or hybrid one a venue: the
    model's rule, so the API refuses what the web form refuses (test_events_views)."""
    start = timezone.now() + dt.timedelta(days=30)
    data = {"kind": "workshop", "title": "Workshop", "party": world.party.pk,
            "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=3)).isoformat(), "venue": "Islamabad",
            **change}
    response = api("staff").post("/api/v1/events/", data, format="json")
    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    assert not Event.objects.filter(title="Workshop").exists()


def test_register_and_cancel(world, api):
    event = EventFactory(party=world.party, status=Event.Status.REGISTRATION_OPEN, capacity=10)
    url = f"/api/v1/events/{event.pk}/registrations/"
    response = api("member").post(url, {"organization": world.org.pk}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "confirmed"
    assert api("focal").post(url, {}, format="json").status_code == 409
    assert statuses(api, "get", url, roles=("member", "focal", "other_focal", "staff")) == {
        "member": 403, "focal": 200, "other_focal": 403, "staff": 200}
    mine = api("member").get("/api/v1/registrations/").json()["results"]
    assert [r["event"] for r in mine] == [event.pk]
    cancel = f"/api/v1/registrations/{mine[0]['id']}/cancel/"
    assert api("other_member").post(cancel).status_code == 404
    response = api("member").post(cancel)
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


# --- follow-up actions and progress reports ---------------------------------------------------


def test_actions_visibility_and_progress(world, api):
    rec = world.submitted()
    action = FollowUpActionFactory(party=world.party, recommendations=[rec],
                                   responsible=world.agency)
    url = f"/api/v1/actions/{action.pk}/"
    assert statuses(api, "get", url) == expect(
        anonymous=404, member=200, coordinator=200, other_member=404, focal=200,
        other_focal=404, agency=200, staff=200)
    report = {"reported_on": str(timezone.localdate()), "text": "Draft law tabled.",
              "status": "in_progress", "percent": 40,
              "evidence": [{"url": "https://example.org/bill", "is_public": True}]}
    assert statuses(api, "post", url + "progress-reports/", report) == expect(
        anonymous=ANON_WRITE, member=403, coordinator=403, other_member=404, focal=201,
        other_focal=404, agency=201, staff=403)
    action.refresh_from_db()
    assert action.percent == 40
    assert api("agency").get(url + "progress-reports/").json()["count"] == 2


def test_create_and_change_actions(world, api):
    rec = world.submitted()
    data = {"party": world.party.pk, "title": "Task force terms of reference",
            "recommendations": [rec.pk], "lead_body": world.gov_body.pk,
            "responsible": world.agency.pk, "status": "planned", "percent": 0}
    assert statuses(api, "post", "/api/v1/actions/", data) == expect(
        anonymous=ANON_WRITE, member=403, coordinator=403, other_member=403, focal=201,
        other_focal=403, agency=403, staff=201)
    action_id = api("focal").get("/api/v1/actions/").json()["results"][0]["id"]
    url = f"/api/v1/actions/{action_id}/"
    got = statuses(api, "patch", url, {"percent": 10, "status": "in_progress"},
                   roles=("member", "other_focal", "agency", "focal"))
    assert got == {"member": 403, "other_focal": 404, "agency": 403, "focal": 200}
    # unknown or invisible recommendations cannot be linked
    response = api("focal").patch(url, {"recommendations": [rec.pk + 1000]}, format="json")
    assert response.status_code == 400


# --- notifications -------------------------------------------------------------------------------


def test_notifications_are_ones_own(world, api):
    world.submitted()  # notifies the State's focal persons and the filer's members
    assert api("anonymous").get("/api/v1/notifications/").status_code == ANON_WRITE
    mine = api("focal").get("/api/v1/notifications/").json()["results"]
    assert mine and all(n["is_read"] is False for n in mine)
    assert api("other_focal").get("/api/v1/notifications/").json()["results"] == []
    pk = mine[0]["id"]
    assert api("other_focal").post(f"/api/v1/notifications/{pk}/read/").status_code == 404
    response = api("focal").post(f"/api/v1/notifications/{pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    unread = api("member").get("/api/v1/notifications/?unread=true").json()["results"]
    assert unread
    assert api("member").post("/api/v1/notifications/read-all/").json()["marked"] == len(
        unread)
    assert not Notification.objects.filter(recipient=world.member, read_at__isnull=True)


def test_reference_data_is_public(world, api):
    party = OrganizationFactory  # noqa: F841 - reference data needs nothing more
    for url in ["/api/v1/instruments/", "/api/v1/clusters/", "/api/v1/parties/",
                f"/api/v1/parties/{world.party.pk}/", "/api/v1/instruments/?code=tip"]:
        assert set(statuses(api, "get", url).values()) == {200}


def test_second_official_approves_the_response(world, api):
    world.party.requires_second_approval = True
    world.party.save()
    rec = world.submitted()
    response = api("focal").post(f"/api/v1/recommendations/{rec.pk}/response/",
                                 {"expected_version": rec.version, "position": "supported"},
                                 format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "under_consideration"
    assert body["response"]["status"] == "pending_approval"
    assert api("member").get(f"/api/v1/recommendations/{rec.pk}/").json()["response"] is None
    approve = f"/api/v1/recommendations/{rec.pk}/response/approve/"
    data = {"expected_version": body["version"]}
    assert api("other_focal").post(approve, data, format="json").status_code == 404
    assert api("member").post(approve, data, format="json").status_code == 403
    assert api("focal").post(approve, data, format="json").status_code == 409  # own answer
    from tests.api.conftest import token_client

    response = token_client(world.second_focal).post(approve, data, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "responded"


def test_assessment_and_validation(world, api):
    rec = world.submitted(organization=world.org)
    action = FollowUpActionFactory(party=world.party, recommendations=[rec])
    url = f"/api/v1/actions/{action.pk}/"
    data = {"organization": world.org.pk, "verdict": "disagree", "comment": "Not yet."}
    got = statuses(api, "post", url + "assessment/", data,
                   roles=("anonymous", "member", "coordinator", "other_member", "focal"))
    assert got == {"anonymous": ANON_WRITE, "member": 403, "coordinator": 201,
                   "other_member": 404, "focal": 403}
    data = {"status": "in_progress", "percent": 20, "comment": "Checked."}
    got = statuses(api, "post", url + "validation/", data,
                   roles=("coordinator", "focal", "other_focal", "staff"))
    assert got == {"coordinator": 403, "focal": 403, "other_focal": 404, "staff": 201}
    detail = api("member").get(url).json()
    assert detail["validated_status"] == "in_progress" and detail["in_disagreement"] is True


def test_join_request_decided_by_coordinators(world, api):
    from tests.factories import UserFactory

    joiner = UserFactory()
    from tests.api.conftest import token_client

    joiner_api = token_client(joiner)
    response = joiner_api.post(f"/api/v1/organizations/{world.org.pk}/join-requests/",
                               {"message": "I work on victims' rights."}, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    listed = {role: [j["id"] for j in api(role).get("/api/v1/join-requests/")
                     .json()["results"]] for role in ("member", "coordinator", "other_member")}
    assert listed == {"member": [pk], "coordinator": [pk], "other_member": []}
    decide = f"/api/v1/join-requests/{pk}/decide/"
    got = statuses(api, "post", decide, {"approve": True},
                   roles=("anonymous", "other_member", "member"))
    assert got == {"anonymous": ANON_WRITE, "other_member": 404, "member": 403}
    response = api("coordinator").post(decide, {"approve": True}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert joiner.memberships.filter(organization=world.org).exists()
