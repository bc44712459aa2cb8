"""The API's documentation pages in a real browser: fully offline (no request leaves
the site) and no console error, CSP violations included."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("url", "ready"), [("/api/redoc/", "h1"), ("/api/docs/", ".swagger-ui .info")]
)
def test_docs_pages_render_offline_without_console_errors(
    new_page, live_server, problems, url, ready
):
    page = new_page()
    remote: list[str] = []
    page.on(
        "request",
        lambda request: (
            remote.append(request.url)
            if not request.url.startswith(live_server.url)
            and not request.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    response = page.goto(url)
    assert response.status == 200
    page.wait_for_selector(ready, timeout=60_000)
    page.wait_for_timeout(1500)  # late requests: images, workers
    assert "stakeholder consultation" in page.inner_text("body").lower()
    assert remote == []
    assert problems.errors == []
