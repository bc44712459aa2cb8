"""The leak test (issue 15): one seeded world with a marker in every restricted thing;
every URL pattern and every OpenAPI operation fetched as every role; each marker must
appear exactly where portal/core/visibility.py (and security.md) says. The writes are
in test_refused_writes.py, the walk and the world in leaks.py and conftest.py.

A URL pattern or operation that this test does not know how to fill fails it: add a
filler to FILLERS in leaks.py (and, for a state-changing one, its allowed roles to
WRITE_ALLOWED in test_refused_writes.py).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.core.visibility import ROLES, VISIBILITY
from tests.security import combinations
from tests.security.leaks import (
    corpus_of,
)
from tests.security.walk import (
    EXCLUDED,
    response_text,
)
from tests.security.world import SENTINELS

pytestmark = pytest.mark.django_db  # the world itself is seeded once, for the package


# --- coverage ----------------------------------------------------------------------------


def test_every_url_pattern_and_operation_is_covered(seeded):
    assert not seeded.unfilled, "\n".join(
        f"tell the leak test how to fill {p} (FILLERS in tests/security/leaks.py)"
        for p in seeded.unfilled
    )
    unknown = [f"{m} {t} -> {key}" for m, t, key in seeded.operations if key not in seeded.paths]
    assert not unknown, "tell the leak test how to fill these API operations: " + ", ".join(unknown)
    fetched = sum(len(p) for p in seeded.paths.values())
    print(
        f"\nleak test: {len(seeded.patterns)} URL patterns "
        f"({len(seeded.paths)} walked, {len(seeded.patterns) - len(seeded.paths)} "
        f"excluded: {EXCLUDED}), {len(seeded.operations)} OpenAPI operations, "
        f"{fetched} URLs per role, {len(ROLES)} roles, {len(SENTINELS)} sentinels"
    )


# --- reading: each marker exactly where the table says --------------------------------------


def _where(corpus, sentinel: str) -> list[str]:
    return [where for where, text in corpus if sentinel in text]


CASES = [(role, thing) for thing in VISIBILITY if thing in SENTINELS for role in ROLES]


def test_every_row_of_the_table_is_checked():
    unchecked = set(VISIBILITY) - set(SENTINELS) - combinations.ROWS
    assert not unchecked, f"no marker checks these rows: {unchecked}"


@pytest.mark.parametrize(("role", "thing"), [pytest.param(r, t, id=f"{r}-{t}") for r, t in CASES])
def test_sentinel_visibility(seeded, role, thing):
    corpus = corpus_of(seeded, role)
    found = _where(corpus, SENTINELS[thing])
    if VISIBILITY[thing][role]:
        assert found, f"{role} should see {thing} somewhere (its own page) but sees it nowhere"
    else:
        assert not found, f"{role} must not see {thing}, but it is in:\n" + "\n".join(found)


@pytest.mark.parametrize("role", ROLES)
def test_safe_filing_combinations(seeded, role):
    """Every attribution x field visibility x publicity, co-signers and evidence: each
    marker exactly where the table's rows say (a name only where its recommendation's
    title is shown: the organization itself is public)."""
    corpus = corpus_of(seeded, role)
    problems = []
    for what, marker, may, companion in combinations.expected(role):
        texts = [(w, t) for w, t in corpus if companion is None or companion in t]
        found = _where(texts, marker)
        if may and not found:
            problems.append(f"{role} should see the {what} ({marker}) but sees it nowhere")
        if not may and found:
            problems.append(f"{role} must not see the {what} ({marker}): " + ", ".join(found))
    assert not problems, "\n".join(problems)


def test_every_sentinel_reaches_its_owner(seeded):
    """The bystander's notification is in the bystander's inbox (the seed works)."""
    from portal.notifications.models import Notification

    n = Notification.objects.get(pk=seeded.world.ids["notification"])
    assert SENTINELS["other_notification"] in str(n.payload)


# --- the Django admin --------------------------------------------------------------------


def test_admin_is_closed(seeded):
    login = reverse("admin_login_redirect")
    admin = [p for p in seeded.patterns if p.namespace == "admin"]
    for role in ROLES:
        for pattern in admin:
            path = "/" + _admin_path(pattern.route)
            response = seeded.clients[role].get(path)
            if pattern.key == "admin:logout":  # signs out and shows nothing
                assert response.status_code in (302, 405), (role, path, response.status_code)
                continue
            if response.status_code == 403:  # signed in, not Django staff: refused
                continue
            assert response.status_code == 302, (role, path, response.status_code)
            assert response.url.startswith(login) or "login" in response.url, (role, path)
    print(
        f"\nadmin: {len(admin)} URL patterns send all {len(ROLES)} roles to sign in "
        "(or refuse them)"
    )


def _admin_path(route: str) -> str:
    import re

    route = re.sub(r"\(\?P<app_label>([a-z_]+)[^)]*\)", r"\1", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    route = re.sub(r"<[^>]+>", "1", route)
    return route.replace("^", "").replace("$", "")


def test_pdf_text_is_read(seeded):
    """The country report PDF is read as text (else the PDF checks would prove nothing)."""
    url = reverse("states:report_pdf", args=[seeded.world.strs["iso3"]])
    text = response_text(seeded.clients["staff"].get(url))
    assert "Publish annual organized crime statistics" in text


def test_anonymous_home_page_counts_only_public_recommendations(seeded):
    """Counts leak too: the home page's total for the pilot's State is what anonymous may
    see (the public recommendations), not every submitted one."""
    import re

    from recommendations.models import Recommendation

    page = response_text(seeded.clients["anonymous"].get(reverse("home")))
    [total] = re.findall(r'Total</th><td class="num">(\d+)<', page)
    public = (
        Recommendation.objects.filter(party_id=seeded.world.ids["party"], is_public=True)
        .exclude(status="draft")
        .count()
    )
    assert int(total) == public
