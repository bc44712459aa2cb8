"""A receipt is sent at once, but it is not urgent: no "Urgent" badge (issue 16)."""

import pytest
from django.urls import reverse

from tests.recommendations.filing_support import make_world

pytestmark = pytest.mark.django_db


def test_a_receipt_is_not_badged_urgent(client):
    w = make_world()
    w.submitted()
    client.force_login(w.member)
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert "Receipt: recommendation" in html
    assert "Urgent" not in html
