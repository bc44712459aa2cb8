"""A batch renders each kind, language and payload once and puts every recipient's name
and link into a copy: each copy is exactly the e-mail rendered on its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from portal.notifications import rendering
from portal.notifications.messages import msg
from portal.notifications.models import Category, Notification
from portal.notifications.rendering import MessageRenderer, notification_render, worker_renderer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KINDS = sorted(p.stem for p in (Path(settings.BASE_DIR) / "templates" / "notifications"
                                / "email").glob("*.txt") if not p.stem.endswith("_subject"))
NAMES = ["Amina Diallo", "O'Brien & <Sons>", "ana@example.org", "www example", "张伟",
         "Dr. No", "http://evil.example/", ""]
PAYLOAD = {"subject": msg("New recommendation %(ref)s for %(state)s", ref="PAK-1",
                          state="Pakistan"),
           "summary": "A recommendation addressed to your State was submitted.",
           "title": "Courts & police's <referral> plan", "party": "Pakistan",
           "reference": "PAK-2026-000001", "due_on": "2026-12-01", "days_overdue": 3,
           "days_left": 2, "count": 1, "organization": "Forum", "venue": "Vienna",
           "starts_local": "2 December 2026, 10:00", "deadline_local": "1 December 2026",
           "items": [{"subject": "One", "summary": "Two", "url": "/recommendations/1/"}]}


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar", "zh-hans", "ru"])
def test_a_batch_renders_what_each_e_mail_alone_would(language):
    users = [UserFactory(full_name=name, language=language,
                         email=f"r{k}-{language}@example.org") for k, name in enumerate(NAMES)]
    kinds = [k.replace("_", ".", 1) for k in KINDS]
    rows = [Notification.objects.create(
        recipient=user, category=Category.SUBMISSION, kind=kind, payload=PAYLOAD,
        url=f"/recommendations/{k}/?a=1&b=<2>" if k % 3 else "")
        for kind in kinds for k, user in enumerate(users)]
    renderer = MessageRenderer()
    for row in Notification.objects.filter(pk__in=[r.pk for r in rows]).select_related(
            "recipient"):
        assert renderer.render(row) == notification_render(row), (row.kind, row.recipient)
    shared = [v for v in renderer._shared.values() if v is not None]
    assert len(shared) >= len(kinds) // 2  # the shared part is used, not only the fallback


def test_the_e_mail_parses_with_its_boundary_outside_the_parts():
    import email

    from portal.notifications.rendering import notification_message

    user = UserFactory(full_name="Amina Diallo", language="fr")
    row = Notification.objects.create(recipient=user, category=Category.SUBMISSION,
                                      kind="recommendation.submitted", payload=PAYLOAD,
                                      url="/recommendations/1/")
    message = notification_message(row, MessageRenderer())
    raw = message.message().as_bytes(linesep="\r\n")
    parsed = email.message_from_bytes(raw)
    boundary = parsed.get_boundary()
    assert parsed.get_content_type() == "multipart/alternative" and boundary
    text, html = (part.get_payload(decode=True).decode() for part in parsed.get_payload())
    assert text.replace("\r\n", "\n") == message.body
    assert boundary not in message.body and boundary not in html
    assert "Amina Diallo" in text and '<a href="http' in html


def _row(user) -> Notification:
    row = Notification.objects.create(recipient=user, category=Category.SUBMISSION,
                                      kind="recommendation.submitted", payload=PAYLOAD,
                                      url=f"/recommendations/{user.pk}/")
    return Notification.objects.select_related("recipient").get(pk=row.pk)


def test_a_name_urlize_would_link_is_not_rendered_on_its_own(monkeypatch):
    rows = [
        _row(UserFactory(full_name=name))
        for name in ("ana@example.org", "www example", "http://evil.example/", "Dr. No")
    ]
    expected = [notification_render(row) for row in rows]

    def alone(notification):
        raise AssertionError(f"rendered on its own: {notification.recipient}")

    monkeypatch.setattr(rendering, "_render", alone)
    renderer = MessageRenderer()
    assert [renderer.render(row) for row in rows] == expected


def test_the_worker_keeps_its_renderer_across_batches_until_a_setting_changes(settings):
    renderer = worker_renderer()
    assert worker_renderer() is renderer
    settings.SITE_URL = "https://other.example.org"
    assert worker_renderer() is not renderer
