"""The API operations that match the web's profile, roles, outbox, calendars, State
profile and action-item pages: same policy, same services, same results."""

from __future__ import annotations

from consultations.models import ActionItem, Event, OfficialAssignment
from portal.accounts.models import ApiToken
from portal.notifications.models import Notification, NotificationPreference
from tests.api.conftest import error_of, token_client
from tests.factories import EventFactory, UserFactory
from tests.recommendations.filing_support import with_totp

# --- the user's own account ---------------------------------------------------------------


def test_profile_read_and_change(world, api):
    client = api("member")
    assert client.get("/api/v1/me/profile/").json()["email"] == world.member.email
    response = client.patch(
        "/api/v1/me/profile/", {"language": "fr", "timezone": "Europe/Vienna"}, format="json"
    )
    assert response.status_code == 200
    world.member.refresh_from_db()
    assert (world.member.language, world.member.timezone) == ("fr", "Europe/Vienna")
    bad = client.patch("/api/v1/me/profile/", {"timezone": "Mars/Olympus"}, format="json")
    assert bad.status_code == 400 and "timezone" in error_of(bad)["fields"]
    assert api("anonymous").get("/api/v1/me/profile/").status_code == 401


def test_personal_data_download(world, api):
    response = api("member").get("/api/v1/me/personal-data/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response.json()["account"]["email"] == world.member.email


def test_close_account_needs_password_and_confirmation(world):
    user = UserFactory()
    client = token_client(user)
    missing = client.post("/api/v1/me/close/", {"password": "x"})  # form-encoded
    assert missing.status_code == 400 and "confirm" in error_of(missing)["fields"]
    wrong = client.post("/api/v1/me/close/", {"password": "nope", "confirm": True}, format="json")
    assert wrong.status_code == 400 and "password" in error_of(wrong)["fields"]
    ok = client.post(
        "/api/v1/me/close/",
        {"password": "correct horse battery staple", "confirm": True},
        format="json",
    )
    assert ok.status_code == 204
    user.refresh_from_db()
    assert user.is_active is False
    assert client.get("/api/v1/me/").status_code == 401  # its tokens stop working


def test_tokens_list_create_revoke(world, api):
    client = api("member")
    created = client.post("/api/v1/me/tokens/", {"name": "report script"}, format="json")
    assert created.status_code == 201 and created["Cache-Control"] == "no-store"
    raw, pk = created.json()["token"], created.json()["id"]
    assert created["Location"].endswith("/api/v1/me/tokens/")
    listed = client.get("/api/v1/me/tokens/").json()
    assert pk in [t["id"] for t in listed] and all("token" not in t for t in listed)
    other = token_client(world.other_member)
    assert other.post(f"/api/v1/me/tokens/{pk}/revoke/").status_code == 404
    revoked = client.post(f"/api/v1/me/tokens/{pk}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    new = token_client(None)
    new.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert new.get("/api/v1/me/").status_code == 401
    assert ApiToken.objects.get(pk=pk).revoked_at is not None


def test_notification_preferences(world, api):
    client = api("member")
    rows = client.get("/api/v1/me/notification-preferences/").json()
    assert {"category", "channel", "mode"} <= set(rows[0])
    category = rows[0]["category"]
    response = client.put(
        "/api/v1/me/notification-preferences/",
        [{"category": category, "channel": "email", "mode": "digest"}],
        format="json",
    )
    assert response.status_code == 200
    assert (
        NotificationPreference.objects.get(
            user=world.member, category=category, channel="email"
        ).mode
        == "digest"
    )
    bad = client.put(
        "/api/v1/me/notification-preferences/",
        [{"category": category, "channel": "in_app", "mode": "digest"}],
        format="json",
    )
    assert bad.status_code == 400
    unchanged = client.put("/api/v1/me/notification-preferences/", [], format="json")
    assert unchanged.status_code == 200 and unchanged.json() == response.json()


# --- staff: outbox, roles ------------------------------------------------------------------


def test_outbox_and_retry_staff_only(world, api):
    failed = Notification.objects.create(
        recipient=world.member, category="membership", kind="test", email_status="failed"
    )
    sent = Notification.objects.create(
        recipient=world.member, category="membership", kind="test", email_status="sent"
    )
    for role in ("member", "focal", "coordinator"):
        assert api(role).get("/api/v1/outbox/").status_code == 403
        assert api(role).post(f"/api/v1/outbox/{failed.pk}/retry/").status_code == 403
    listed = api("staff").get("/api/v1/outbox/?status=failed").json()["results"]
    assert [n["id"] for n in listed] == [failed.pk]
    assert api("staff").post(f"/api/v1/outbox/{sent.pk}/retry/").status_code == 409
    retried = api("staff").post(f"/api/v1/outbox/{failed.pk}/retry/")
    assert retried.status_code == 200 and retried.json()["email_status"] == "pending"


def test_official_roles_assigned_and_revoked_by_staff(world, api):
    person = UserFactory()
    data = {"email": person.email, "role": "focal_person", "party": world.party.pk}
    for role in ("member", "focal", "coordinator", "anonymous"):
        assert api(role).post("/api/v1/official-roles/", data, format="json").status_code in {
            401,
            403,
        }
    created = api("staff").post("/api/v1/official-roles/", data, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created["Location"].endswith(f"/api/v1/official-roles/{pk}/")
    assert OfficialAssignment.objects.filter(user=person, party=world.party).exists()
    again = api("staff").post("/api/v1/official-roles/", data, format="json")
    assert again.status_code == 409 and "email" in error_of(again)["fields"]
    listed = api("staff").get("/api/v1/official-roles/").json()["results"]
    assert pk in [a["id"] for a in listed]
    unknown = api("staff").post(
        "/api/v1/official-roles/", {**data, "email": "nobody@example.org"}, format="json"
    )
    assert unknown.status_code == 400 and "email" in error_of(unknown)["fields"]
    assert api("staff").post(f"/api/v1/official-roles/{pk}/revoke/").status_code == 204
    assert not OfficialAssignment.objects.filter(pk=pk).exists()


def test_unodc_staff_assigned_and_revoked(world, api):
    person = UserFactory()
    created = api("staff").post("/api/v1/unodc-staff/", {"email": person.email}, format="json")
    assert created.status_code == 201 and created["Location"]
    person.refresh_from_db()
    assert person.is_unodc_staff
    own = api("staff").post(f"/api/v1/unodc-staff/{world.staff.pk}/revoke/")
    assert own.status_code == 409
    with_totp(person)
    assert api("focal").post(f"/api/v1/unodc-staff/{person.pk}/revoke/").status_code == 403
    assert api("staff").post(f"/api/v1/unodc-staff/{person.pk}/revoke/").status_code == 204
    person.refresh_from_db()
    assert not person.is_unodc_staff


# --- calendars, State profile, action items -------------------------------------------------


def test_calendars(world, api):
    event = EventFactory(party=world.party, title="Vienna workshop")
    draft = EventFactory(party=world.party, status=Event.Status.DRAFT)
    one = api("anonymous").get(f"/api/v1/events/{event.pk}/event.ics")
    assert one.status_code == 200 and one["Content-Type"].startswith("text/calendar")
    assert b"Vienna workshop" in one.content
    assert api("anonymous").get(f"/api/v1/events/{draft.pk}/event.ics").status_code == 404
    feed = api("anonymous").get("/api/v1/events/calendar.ics")
    assert feed.status_code == 200 and b"BEGIN:VCALENDAR" in feed.content


def test_state_profile(world, api):
    world.submitted(title="Visible filing")
    response = api("member").get(f"/api/v1/states/{world.party.iso3}/")
    assert response.status_code == 200
    body = response.json()
    assert body["party"]["iso3"] == world.party.iso3
    assert {row["instrument"] for row in body["treaty"]} >= {"untoc", "tip"}
    assert api("anonymous").get("/api/v1/states/ZZZ/").status_code == 404


def test_action_from_an_event_action_item(world, api):
    event = EventFactory(party=world.party)
    item = ActionItem.objects.create(
        event=event,
        title="Train prosecutors",
        due_on="2029-06-30",
        owner_organization=world.gov_body,
    )
    url = f"/api/v1/events/{event.pk}/action-items/{item.pk}/follow-up-action/"
    assert api("member").post(url, {}, format="json").status_code == 403
    assert api("other_focal").post(url, {}, format="json").status_code == 403
    created = api("focal").post(url, {"due_on": "2030-01-31"}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["title"] == "Train prosecutors" and body["due_on"] == "2030-01-31"
    assert created["Location"].endswith(f"/api/v1/actions/{body['id']}/")
    again = api("focal").post(url, {}, format="json")
    assert again.status_code == 409
