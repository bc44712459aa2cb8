"""A double click on a form that creates something, in Chromium without JavaScript (so
that nothing but the form's one-time token stands between the two posts): the focal
person's answer is recorded once and the page shows it."""

import pytest
from django.urls import reverse

from recommendations.models import Response
from tests.recommendations.filing_support import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_double_click_on_publish_the_response_records_one_answer(new_page, problems, settings):
    settings.MFA_ENFORCE = False  # the focal person's second factor is tested elsewhere
    w = make_world()
    rec = w.submitted()
    page = new_page(w.focal, javascript=False)
    page.goto(reverse("recommendations:respond", args=[rec.pk]))
    page.get_by_label("Supported", exact=True).check()
    page.get_by_role("button", name="Publish the response").dblclick()
    page.get_by_text("Your response was published.").wait_for()
    assert "already been answered" not in page.inner_text("main")
    assert Response.objects.filter(recommendation=rec).count() == 1
    assert problems.errors == []
