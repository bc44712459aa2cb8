"""Safe filing in Chromium: a coordinator files unnamed (known to UNODC only, rationale
for UNODC only; then "a civil society organization in Pakistan", rationale for the
government and UNODC) and makes it public; the public, the focal person and UNODC staff
each see what the rule says, on the page, in search and in the API."""

import json

import pytest
from django.core.management import call_command

from recommendations.models import Recommendation
from tests.browser.journeys import sign_in
from tests.browser.support import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COORDINATOR = "coordinator.cgr@demo.untoc.test"
FOCAL = "focal.pakistan@demo.untoc.test"
STAFF = "unodc.staff@demo.untoc.test"
ORG_LABEL = "Centre for Governance Research (CGR)"
ORG = "Centre for Governance Research"
TITLE = "Protect informants who report human trafficking"
RATIONALE = "Two informants were threatened after the last hearing in Lahore."


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))


def _api(page, path):
    return json.loads(page.goto(path).text())


def _draft(filer, title: str, rationale: str, *, attribution: str, rationale_level: str):
    filer.goto("/recommendations/new/")
    filer.get_by_label("Filed on behalf of").select_option(label=ORG_LABEL)
    filer.get_by_label("Addressed to (State party)").select_option(label="Pakistan")
    filer.get_by_label("Title").fill(title)
    filer.locator("textarea[name=text]").fill("Adopt a confidential reporting channel.")
    filer.locator("textarea[name=rationale]").fill(rationale)
    filer.locator("input[name=instruments][value]").first.check()
    filer.locator(f"input[name=attribution][value={attribution}]").check()
    filer.locator(f"input[name=rationale_visibility][value={rationale_level}]").check()


def _submit_and_publish(filer, rec):
    filer.goto(f"/recommendations/{rec.pk}/preview/")
    filer.get_by_role("button", name="Submit the recommendation").click()
    filer.wait_for_load_state()
    filer.goto(f"/recommendations/{rec.pk}/")
    filer.get_by_role("button", name="Make public").click()
    filer.wait_for_load_state()


def test_a_coordinator_files_known_to_unodc_only(demo, new_page, problems):
    filer = new_page()
    sign_in(filer, COORDINATOR)
    _draft(filer, TITLE, RATIONALE, attribution="unodc_only", rationale_level="unodc")
    assert filer.get_by_label("Known to UNODC only", exact=False).is_checked()
    assert axe_violations(filer) == []
    screenshot(filer, "safe-filing-form")
    filer.get_by_role("button", name="Save as draft").click()
    filer.wait_for_load_state()
    rec = Recommendation.objects.get(title=TITLE)
    assert (rec.attribution, rec.rationale_visibility) == ("unodc_only", "unodc")
    _submit_and_publish(filer, rec)
    main = filer.inner_text("main")
    assert ORG in main and RATIONALE in main  # the filer always sees its own

    # The public: neither the name nor the rationale, anywhere it looks.
    public = new_page()
    public.goto(f"/recommendations/{rec.pk}/")
    main = public.inner_text("main")
    assert TITLE in main and "A civil society organization" in main
    assert ORG not in main and RATIONALE not in main
    screenshot(public, "safe-filing-public")
    public.goto(f"/recommendations/?q={TITLE.split()[1]}")
    assert TITLE in public.inner_text("main") and ORG not in public.inner_text("main")
    org_page = public.goto(f"/organizations/{rec.organization_id}/")
    assert org_page.ok and TITLE not in public.inner_text("main")
    data = _api(public, f"/api/v1/recommendations/{rec.pk}/")
    assert data["organization"] is None and data["rationale"] == ""
    assert data["filer_name"] == "A civil society organization"
    assert ORG not in json.dumps(data)

    # The focal person of Pakistan: the recommendation, but not the name nor rationale.
    focal = new_page()
    sign_in(focal, FOCAL, mfa=True)
    focal.goto("/recommendations/queue/")
    assert TITLE in focal.inner_text("main") and ORG not in focal.inner_text("main")
    focal.goto(f"/recommendations/{rec.pk}/")
    main = focal.inner_text("main")
    assert "A civil society organization" in main
    assert ORG not in main and RATIONALE not in main
    screenshot(focal, "safe-filing-focal")

    # UNODC staff: the name and the rationale.
    staff = new_page()
    sign_in(staff, STAFF, mfa=True)
    staff.goto(f"/recommendations/{rec.pk}/")
    main = staff.inner_text("main")
    assert ORG in main and RATIONALE in main
    screenshot(staff, "safe-filing-unodc")

    # The filer protects less only after a page that says what it reveals.
    filer.goto(f"/recommendations/{rec.pk}/protection/")
    filer.get_by_label("Named:", exact=False).check()
    filer.get_by_role("button", name="Save").click()
    filer.wait_for_load_state()
    assert "This shows more than now" in filer.inner_text("main")
    rec.refresh_from_db()
    assert rec.attribution == "unodc_only"
    filer.get_by_role("button", name="Yes, show it").click()
    filer.wait_for_load_state()
    rec.refresh_from_db()
    assert rec.attribution == "named"
    assert not problems.errors, problems.errors


IN_STATE_TITLE = "Fund shelters for survivors of trafficking"
IN_STATE_RATIONALE = "The Quetta shelter turned away eleven survivors in March."
IN_STATE_LABEL = "A civil society organization in Pakistan"


def test_a_coordinator_files_as_an_organization_in_the_state(demo, new_page, problems):
    """In-State attribution, rationale for the government and UNODC: the public sees
    "a civil society organization in Pakistan" and no rationale (nor finds it by a word
    of the rationale); the focal person and UNODC staff see both."""
    filer = new_page()
    sign_in(filer, COORDINATOR)
    _draft(filer, IN_STATE_TITLE, IN_STATE_RATIONALE, attribution="in_state",
           rationale_level="government")
    filer.get_by_role("button", name="Save as draft").click()
    filer.wait_for_load_state()
    rec = Recommendation.objects.get(title=IN_STATE_TITLE)
    assert (rec.attribution, rec.rationale_visibility) == ("in_state", "government")
    _submit_and_publish(filer, rec)
    assert IN_STATE_RATIONALE in filer.inner_text("main")

    public = new_page()
    public.goto(f"/recommendations/{rec.pk}/")
    main = public.inner_text("main")
    assert IN_STATE_TITLE in main and IN_STATE_LABEL in main
    assert ORG not in main and IN_STATE_RATIONALE not in main
    screenshot(public, "safe-filing-in-state-public")
    public.goto("/recommendations/?q=Quetta")  # a word of the rationale only
    assert IN_STATE_TITLE not in public.inner_text("main")
    data = _api(public, "/api/v1/recommendations/?q=Quetta")
    assert data["results"] == []
    data = _api(public, f"/api/v1/recommendations/{rec.pk}/")
    assert data["organization"] is None and data["filer_name"] == IN_STATE_LABEL
    assert data["rationale"] == ""

    for who, mfa in ((FOCAL, True), (STAFF, True)):
        reader = new_page()
        sign_in(reader, who, mfa=mfa)
        reader.goto(f"/recommendations/{rec.pk}/")
        main = reader.inner_text("main")
        assert ORG in main and IN_STATE_RATIONALE in main, who
        reader.goto("/recommendations/?q=Quetta")
        assert IN_STATE_TITLE in reader.inner_text("main"), who
    assert not problems.errors, problems.errors
