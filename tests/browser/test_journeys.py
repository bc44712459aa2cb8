"""The portal as people use it, in Chromium against a live server on the test database:
file → co-sign → respond → report progress → dashboard and export; keyboard only; a phone."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from recommendations.models import FollowUpAction, Recommendation
from tests.browser.journeys import (
    confirm_cosignature,
    deliver_mail,
    invite_to_cosign,
    my_work_section,
    sign_in,
    tab_to,
)
from tests.browser.support import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "member.cso@demo.untoc.test"
COORDINATOR = "coordinator.cgr@demo.untoc.test"
FOCAL = "focal.pakistan@demo.untoc.test"
AGENCY = "fia.contact@demo.untoc.test"
STAFF = "unodc.staff@demo.untoc.test"
TITLE = "Protect witnesses in trafficking cases"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))


def _draft(page, title=TITLE):
    page.goto("/recommendations/new/")
    page.get_by_label("Filed on behalf of").select_option(label="Indus Centre for Victim Support")
    page.get_by_label("Addressed to (State party)").select_option(label="Pakistan")
    page.get_by_label("Title").fill(title)
    page.locator("textarea[name=text]").fill(
        "Adopt a witness protection programme for victims who testify against traffickers.")
    page.locator("input[name=instruments][value]").first.check()
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_load_state()


def test_file_cosign_respond_report_and_export(demo, new_page, problems, live_server):
    # A CSO member drafts, leaves, comes back and submits.
    member = new_page()
    sign_in(member, MEMBER)
    _draft(member)
    rec = Recommendation.objects.get(title=TITLE)
    assert rec.status == Recommendation.Status.DRAFT
    member.goto("/")
    member.goto(f"/recommendations/{rec.pk}/")
    member.get_by_role("link", name="Preview and submit").click()
    screenshot(member, "recommendation-preview")
    member.get_by_role("button", name="Submit the recommendation").click()
    member.wait_for_load_state()
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.SUBMITTED and rec.reference.startswith("PAK-")
    assert rec.reference in member.inner_text("main")
    screenshot(member, "recommendation-receipt")

    # The filer invites CGR to co-sign; CGR's coordinator confirms.
    invite_to_cosign(member, rec.pk, "Centre for Governance Research (CGR)")
    coordinator = new_page()
    sign_in(coordinator, COORDINATOR)
    confirm_cosignature(coordinator, rec.pk)
    assert rec.cosignatures.filter(status="confirmed").count() == 1

    # The focal person signs in with the authenticator code, finds it in the queue and
    # answers with a commitment.
    focal = new_page()
    sign_in(focal, FOCAL, mfa=True)
    focal.goto("/recommendations/queue/")
    screenshot(focal, "focal-queue")
    focal.get_by_role("link", name=TITLE).first.click()
    focal.get_by_role("link", name="Respond").click()
    focal.get_by_label("Supported", exact=True).check()
    focal.locator("textarea[name=justification]").fill("The Ministry of Interior will draft it.")
    focal.locator("select[name$='0-lead_body']").select_option(
        label="Federal Investigation Agency (FIA)")
    focal.locator("input[name$='0-action']").fill("Draft a witness protection bill")
    focal.locator("input[name$='0-due_on']").fill("2027-06-30")
    focal.get_by_role("button", name="Publish the response").click()
    focal.wait_for_load_state()
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.RESPONDED and rec.position == "supported"

    # The filer sees the answer and the notification.
    member.goto(f"/recommendations/{rec.pk}/")
    assert "Supported" in member.inner_text("main")
    member.goto("/notifications/")
    assert TITLE in member.inner_text("main") or rec.reference in member.inner_text("main")
    screenshot(member, "inbox")

    # The agency contact reports progress on the commitment.
    action = FollowUpAction.objects.get(recommendations=rec)
    agency = new_page()
    sign_in(agency, AGENCY, mfa=True)
    agency.goto(f"/follow-up/{action.pk}/report/")
    agency.locator("input[name=reported_on]").fill(timezone.localdate().isoformat())
    agency.locator("textarea[name=text]").fill("Draft bill circulated to the ministries.")
    agency.locator("select[name=status]").select_option("in_progress")
    agency.locator("input[name=percent]").fill("30")
    agency.locator("main form button[type=submit]").last.click()
    agency.wait_for_load_state()
    assert action.progress_reports.count() == 1

    # UNODC staff see it on the dashboard and download the CSV export.
    staff = new_page()
    sign_in(staff, STAFF, mfa=True)
    staff.goto("/dashboard/")
    screenshot(staff, "dashboard")
    assert "Pakistan" in staff.inner_text("main")
    with staff.expect_download() as download:
        staff.goto("/dashboard/exports/")
        staff.locator("a[href$='.csv']").first.click()
    content = open(download.value.path(), encoding="utf-8-sig").read()
    assert rec.reference in content
    assert not problems.errors, problems.errors


def test_submission_with_the_keyboard_only(demo, new_page, problems):
    page = new_page()
    sign_in(page, MEMBER)
    page.goto("/recommendations/new/")
    tab_to(page, "select[name=organization]")
    page.keyboard.type("Indus")
    tab_to(page, "select[name=party]")
    page.keyboard.type("Pakistan")
    tab_to(page, "input[name=title]")
    page.keyboard.type("Train judges on trafficking cases")
    tab_to(page, "textarea[name=text]")
    page.keyboard.type("Fund a yearly training of judges on the Trafficking in Persons Protocol.")
    tab_to(page, "input[name=instruments]")
    page.keyboard.press("Space")
    tab_to(page, "button[value=preview]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "form[action$='/submit/'] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    rec = Recommendation.objects.get(title="Train judges on trafficking cases")
    assert rec.status == Recommendation.Status.SUBMITTED
    focused = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused is not None
    assert not problems.errors, problems.errors


def test_phone_viewport_public_list_and_filing_form(demo, new_page, problems):
    phone = {"width": 375, "height": 740}
    page = new_page(viewport=phone)
    page.goto("/recommendations/")
    screenshot(page, "phone-recommendations")
    assert page.evaluate("document.documentElement.scrollWidth") <= phone["width"]
    assert axe_violations(page) == []
    sign_in(page, MEMBER)
    page.goto("/recommendations/new/")
    screenshot(page, "phone-filing-form")
    assert page.evaluate("document.documentElement.scrollWidth") <= phone["width"]
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_load_state()
    screenshot(page, "phone-filing-form-errors")
    assert page.locator(".error-summary").is_visible()
    assert axe_violations(page) == []
    assert not problems.errors, problems.errors


def test_focal_person_turns_an_event_action_item_into_a_follow_up(demo, new_page, problems):
    """From the minutes' action items on the event page to a tracked follow-up action,
    with a wrong date first (error summary, nothing saved)."""
    from consultations.models import ActionItem

    item = ActionItem.objects.get(
        title="Propose a data-sharing arrangement with academic institutions")
    focal = new_page()
    sign_in(focal, FOCAL, mfa=True)
    focal.goto(f"/events/{item.event_id}/")
    focal.get_by_role("link", name=f"Create a follow-up action for “{item.title}”").click()
    focal.wait_for_load_state()
    assert focal.get_by_label("Action", exact=True).input_value() == item.title
    assert "Carries on the action item" in focal.inner_text("main")
    before = FollowUpAction.objects.count()
    focal.get_by_label("Start date").fill("2023-06-01")
    focal.get_by_label("Due date").fill("2023-01-01")
    focal.get_by_role("button", name="Create action").click()
    focal.wait_for_load_state()
    summary = focal.locator(".error-summary")
    assert summary.is_visible() and "due date" in summary.inner_text().lower()
    assert FollowUpAction.objects.count() == before
    screenshot(focal, "follow-up-from-action-item-error")
    focal.get_by_label("Due date").fill("2023-12-31")
    focal.get_by_role("button", name="Create action").click()
    focal.wait_for_load_state()
    action = FollowUpAction.objects.get(source_action_item=item)
    assert focal.url.endswith(f"/follow-up/{action.pk}/") or str(action.pk) in focal.url
    focal.goto(f"/events/{item.event_id}/")
    assert focal.get_by_role("link", name=f"Follow-up action for “{item.title}”").is_visible()
    assert not problems.errors, problems.errors


def test_a_member_without_coordinator_cosigns_and_the_agency_hears_of_its_commitment(
        demo, new_page, problems):
    """The alliance coordinator invites Indus Centre (a member, no coordinator): the
    member is told and confirms. The focal person commits the FIA: the FIA contact's
    first notice is in the inbox at once, and /follow-up/ shows the FIA's actions."""
    from portal.notifications.models import Notification

    title = "Fund shelters for victims of trafficking"
    coordinator = new_page()
    sign_in(coordinator, COORDINATOR)
    assert coordinator.url.endswith("/my-work/")  # the landing page after sign-in
    coordinator.get_by_role("link", name="File a recommendation").first.click()
    coordinator.wait_for_load_state()
    assert coordinator.get_by_label("Addressed to (State party)").evaluate(
        "el => el.options[el.selectedIndex].text") == "Pakistan"  # preselected
    coordinator.get_by_label("Filed on behalf of").select_option(
        label="Civil Society Alliance for the Pakistan UNTOC review (CSA-PK)")
    coordinator.get_by_label("Title").fill(title)
    coordinator.locator("textarea[name=text]").fill("Fund shelters in every province.")
    coordinator.locator("input[name=instruments][value]").first.check()
    coordinator.get_by_role("button", name="Save as draft").click()
    coordinator.wait_for_load_state()
    rec = Recommendation.objects.get(title=title)

    # The invite list offers only verified organizations of Pakistan, not the filer.
    coordinator.goto(f"/recommendations/{rec.pk}/")
    options = coordinator.get_by_label("Organization to invite").inner_text()
    for absent in ("Karachi Youth Forum", "Anonymous Consulting", "Red mexicana",
                   "Civil Society Alliance for the Pakistan"):
        assert absent not in options, absent
    invite_to_cosign(coordinator, rec.pk, "Indus Centre for Victim Support")
    assert title in my_work_section(coordinator, "As coordinator")  # a draft, invitation out
    assert "Indus Centre for Victim Support" in my_work_section(coordinator, "As coordinator")

    # The member (no coordinator in Indus Centre) is told: inbox, e-mail, my work.
    member = new_page()
    sign_in(member, MEMBER)
    assert title in my_work_section(member, "Invitations to co-sign")
    member.goto("/notifications/")
    assert "invites you to co-sign" in member.inner_text("main")
    assert any(MEMBER in m.to and title in m.subject + m.body for m in deliver_mail())
    confirm_cosignature(member, rec.pk)
    assert rec.cosignatures.get().status == "confirmed"
    screenshot(member, "cosigned-by-a-member")
    assert title not in my_work_section(member, "Invitations to co-sign")
    # The coordinator sees the answer in the history.
    coordinator.goto(f"/recommendations/{rec.pk}/")
    assert "Indus Centre for Victim Support" in coordinator.inner_text("main")

    coordinator.goto(f"/recommendations/{rec.pk}/preview/")
    coordinator.get_by_role("button", name="Submit the recommendation").click()
    coordinator.wait_for_load_state()
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.SUBMITTED

    focal = new_page()
    sign_in(focal, FOCAL, mfa=True)
    assert title in my_work_section(focal, "As national focal person")
    focal.goto(f"/recommendations/{rec.pk}/respond/")
    focal.get_by_label("Supported", exact=True).check()
    focal.locator("select[name$='0-lead_body']").select_option(
        label="Federal Investigation Agency (FIA)")
    focal.locator("input[name$='0-action']").fill("Open two shelters in Sindh")
    focal.get_by_role("button", name="Publish the response").click()
    focal.wait_for_load_state()

    # The coordinator sees the answer on their work page and in the history.
    assert title in my_work_section(coordinator, "As coordinator")
    coordinator.goto(f"/recommendations/{rec.pk}/")
    assert "Supported" in coordinator.inner_text("main")

    agency = new_page()
    sign_in(agency, AGENCY, mfa=True)
    assert "Open two shelters in Sindh" in my_work_section(agency, "As agency contact")
    agency.goto("/notifications/")
    assert "Open two shelters in Sindh" in agency.inner_text("main")
    note = Notification.objects.get(recipient__email=AGENCY, kind="action.lead_assigned")
    assert note.email_status in ("pending", "sent")  # e-mailed at once, not in a digest
    assert any(AGENCY in m.to and "Open two shelters in Sindh" in m.subject + m.body
               for m in deliver_mail())
    agency.goto("/follow-up/")
    main = agency.inner_text("main")
    assert "Open two shelters in Sindh" in main
    screenshot(agency, "agency-my-actions")
    action = FollowUpAction.objects.get(title="Open two shelters in Sindh")
    agency.goto(f"/follow-up/{action.pk}/")
    assert "Follow-up action created by" in agency.inner_text("main")
    assert not problems.errors, problems.errors


def test_unodc_staff_verify_an_organization_and_end_a_role(demo, new_page, problems):
    """Staff land on their work: the verification queue. A rejection without a reason is
    refused next to the field; the verification reaches the applicant (inbox, e-mail,
    history). Ending a role asks on a page of its own; on a phone the menu works without
    JavaScript."""
    from consultations.models import OfficialAssignment, Organization

    pending = Organization.objects.get(name="Karachi Youth Forum against Trafficking")
    staff = new_page()
    sign_in(staff, STAFF, mfa=True)
    assert staff.url.endswith("/my-work/")
    assert pending.name in my_work_section(staff, "As UNODC staff")
    staff.get_by_role("link", name=pending.name).click()
    staff.wait_for_load_state()
    staff.get_by_role("button", name="Reject").click()  # no reason given
    staff.wait_for_load_state()
    assert staff.locator(".error-summary").is_visible()
    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING
    staff.get_by_role("button", name="Verify").click()
    staff.wait_for_load_state()
    pending.refresh_from_db()
    assert pending.status == Organization.Status.VERIFIED
    assert pending.name not in my_work_section(staff, "As UNODC staff")

    applicant = new_page()
    sign_in(applicant, "applicant.youth@demo.untoc.test")
    applicant.goto("/notifications/")
    assert pending.name in applicant.inner_text("main")
    assert any("applicant.youth@demo.untoc.test" in m.to for m in deliver_mail())
    staff.goto("/notifications/outbox/?status=sent")
    assert "applicant.youth@demo.untoc.test" in staff.inner_text("main")
    staff.goto(f"/organizations/verification/{pending.pk}/")
    history = staff.locator("ol.timeline").inner_text()
    assert "organization.verified" not in history and "verified" in history.lower()

    # Ending the FIA contact's role: a page of its own, then the contact is told.
    fia = OfficialAssignment.objects.get(user__email=AGENCY)
    staff.goto("/organizations/roles/")
    staff.locator(f"a[href='/organizations/roles/{fia.pk}/revoke/']").click()
    staff.wait_for_load_state()
    assert OfficialAssignment.objects.filter(pk=fia.pk).exists()  # asked, not done
    staff.get_by_role("button", name="Yes, end the role").click()
    staff.wait_for_load_state()
    assert not OfficialAssignment.objects.filter(pk=fia.pk).exists()
    assert any(AGENCY in m.to for m in deliver_mail())

    # Staff pages fit a phone: wide tables scroll inside themselves.
    staff.set_viewport_size({"width": 375, "height": 740})
    for path in ("/my-work/", "/organizations/roles/", "/notifications/outbox/", "/dashboard/"):
        staff.goto(path)
        assert staff.evaluate("document.documentElement.scrollWidth") <= 375, path

    # A phone without JavaScript: the navigation folds into "Menu" and still works.
    phone = new_page(viewport={"width": 375, "height": 740}, javascript=False)
    sign_in(phone, "applicant.youth@demo.untoc.test")
    bar = phone.locator(".site-nav__bar")
    assert not bar.is_visible()
    phone.locator("summary.site-nav__toggle").click()
    assert bar.is_visible()
    assert bar.locator(":scope > li").count() <= 7
    phone.locator(".user-menu summary").click()
    phone.get_by_role("link", name="My organizations").click()
    phone.wait_for_load_state()
    assert phone.url.endswith("/organizations/mine/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert not problems.errors, problems.errors
