"""Posting a create form twice in Chromium without JavaScript (so that nothing but the
form's one-time token stands between the two posts): the focal person publishes an
answer on a bad line, the server records it but the browser never hears back, and the
focal person presses the button again. One answer is recorded and the repeat shows it.

(A plain double click sends one post in Chromium, and going back re-fetches the form,
which then shows the answer: the lost response is how a repeat reaches the server.)"""

import pytest
from django.urls import reverse

from recommendations.models import Response
from tests.recommendations.filing_support import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_publishing_the_response_again_records_one_answer(new_page, problems, settings):
    settings.MFA_ENFORCE = False  # the focal person's second factor is tested elsewhere
    w = make_world()
    rec = w.submitted()
    page = new_page(w.focal, javascript=False)
    posts = []

    def lose_the_first_answer(route):
        if route.request.method == "POST" and not posts:
            posts.append(route.fetch(max_redirects=0).status)  # the server records it...
            route.fulfill(status=204)  # ...the browser hears nothing and stays on the form
        else:
            if route.request.method == "POST":
                posts.append("again")
            route.continue_()

    url = reverse("recommendations:respond", args=[rec.pk])
    page.route(f"**{url}", lose_the_first_answer)
    page.goto(url)
    page.get_by_label("Supported", exact=True).check()
    button = page.get_by_role("button", name="Publish the response")
    button.click()
    page.wait_for_timeout(300)
    assert posts == [302] and Response.objects.filter(recommendation=rec).count() == 1
    button.click()
    page.get_by_text("Your response was published.").first.wait_for()
    assert posts == [302, "again"]
    assert "already been answered" not in page.inner_text("main")
    assert Response.objects.filter(recommendation=rec).count() == 1
    assert problems.errors == []
