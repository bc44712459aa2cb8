"""Over SMTP, a batch's e-mails are put together from a frame shared by those of one
subject (portal/notifications/mime.py): each is byte for byte what Django's SMTP backend
would have sent for it, and carries its own recipient's name, link, address, Message-ID
and language only. What a frame cannot reproduce goes the ordinary way; a recipient the
server refuses fails alone."""

from __future__ import annotations

import email
import re
import socket
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.core.mail.message import sanitize_address

from portal.notifications import services
from portal.notifications.messages import msg
from portal.notifications.mime import MessageFrame
from portal.notifications.models import Category, Notification
from portal.notifications.rendering import (
    MessageRenderer,
    NotificationEmail,
    notification_message,
    notification_message_id,
    notification_render,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
S = Notification.EmailStatus

PAYLOAD = {
    "subject": msg("New recommendation %(ref)s for %(state)s", ref="PAK-1", state="Pakistan"),
    "summary": "A recommendation addressed to your State was submitted.",
}
# Names with markup, letters outside ASCII, and names urlize would make a link of (a
# person without a name is greeted by their address).
PEOPLE = [
    ("Amina Diallo", "en"),
    ("Zoë O'Brien & <Sons>", "fr"),
    ("张伟", "zh-hans"),
    ("أمينة الحسن", "ar"),
    ("ana@example.org", "es"),
    ("", "ru"),
    ("Dr. No", "en"),
]


def notification(user, *, payload=PAYLOAD, url=None) -> Notification:
    row = Notification.objects.create(
        recipient=user,
        category=Category.SUBMISSION,
        kind="recommendation.submitted",
        payload=payload,
        url=url if url is not None else f"/recommendations/{user.pk}/",
        email_status=S.PENDING,
    )
    return Notification.objects.select_related("recipient").get(pk=row.pk)


def normalized(data: bytes) -> bytes:
    """The bytes without what differs from one serialization to the next: the Date and
    the random MIME boundary."""
    boundary = email.message_from_bytes(data).get_boundary()
    data = data.replace(boundary.encode(), b"BOUNDARY")
    return re.sub(rb"\r\nDate: [^\r]*\r\n", b"\r\nDate: DATE\r\n", data)


@pytest.mark.parametrize(("name", "language"), PEOPLE)
def test_a_framed_e_mail_is_what_the_smtp_backend_would_send(name, language):
    user = UserFactory(full_name=name, language=language)
    long_subject = {**PAYLOAD, "subject": "A rather long subject line " * 5}
    renderer = MessageRenderer()
    for payload in (PAYLOAD, long_subject):
        message = notification_message(notification(user, payload=payload), renderer)
        prepared = message.serialized()
        assert prepared is not None
        django_bytes = message.message().as_bytes(linesep="\r\n")
        assert normalized(prepared.data) == normalized(django_bytes)
        assert prepared.sender == sanitize_address(message.from_email, "utf-8")
        assert prepared.recipient == sanitize_address(user.email, "utf-8")


@pytest.mark.parametrize("case", ["address", "long line"])
def test_what_a_frame_cannot_reproduce_is_left_to_the_ordinary_way(case):
    user = UserFactory(**({"email": "jose@bücher.example"} if case == "address" else {}))
    payload = {**PAYLOAD, "summary": "x" * 1200} if case == "long line" else PAYLOAD
    message = notification_message(notification(user, payload=payload), MessageRenderer())
    assert message.serialized() is None


def test_a_body_with_the_frame_s_boundary_is_left_to_the_ordinary_way():
    user = UserFactory()
    message = notification_message(notification(user), MessageRenderer())
    frame = MessageFrame.of(message)
    html = message.alternatives[0][0]
    fill = {"to": user.email, "message_id": "<n-1@example.org>", "html": html}
    assert frame.fill(text=message.body, **fill) is not None
    assert frame.fill(text=f"{message.body}\n--{frame.boundary}\n", **fill) is None


class Sink:
    """An SMTP server that keeps what it accepts; each address in ``refuse`` is answered
    with its reply at RCPT."""

    def __init__(self) -> None:
        self.messages: list = []
        self.refuse: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(envelope)
        return "250 OK"

    def received(self) -> dict[str, email.message.EmailMessage]:
        return {
            env.rcpt_tos[0]: email.message_from_bytes(env.content, policy=default_policy)
            for env in self.messages
        }


@pytest.fixture
def sink(settings):
    handler = Sink()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    services._mail.drop()
    yield handler
    services._mail.drop()
    controller.stop()


def parts(message) -> tuple[str, str]:
    text, html = (part.get_content() for part in message.iter_parts())
    return text.replace("\r\n", "\n"), html.replace("\r\n", "\n")


def test_each_recipient_of_a_batch_gets_only_their_own_name_link_and_language(sink, monkeypatch):
    people = PEOPLE + [(f"Reader {k}", "en") for k in range(5)]
    users = [
        UserFactory(full_name=name, language=language, email=f"person{k}@example.org")
        for k, (name, language) in enumerate(people)
    ]
    rows = [notification(user) for user in users]
    built = []
    django_message = NotificationEmail.message

    def message(self, *args, **kwargs):
        built.append(self.to)
        return django_message(self, *args, **kwargs)

    monkeypatch.setattr(NotificationEmail, "message", message)
    assert services.notifications_deliver_batch(notification_ids=[row.pk for row in rows]) == {
        "sent": len(rows)
    }
    # Django built a message per subject (a frame), not one per e-mail.
    assert len(built) <= len({language for _name, language in people}) < len(rows)
    received = sink.received()
    assert sorted(received) == sorted(user.email for user in users)
    for row in rows:
        user, message = row.recipient, received[row.recipient.email]
        subject, text, html = notification_render(row)
        assert message["To"] == user.email and message["Subject"].endswith(subject)
        assert message["Message-ID"] == notification_message_id(notification_id=row.pk)
        assert parts(message) == (text, html)  # the e-mail rendered alone, in its language
        assert f'<html lang="{user.language}">' in html
        raw = message.as_bytes()
        for other in rows:
            if other.pk == row.pk:
                continue
            them = other.recipient
            assert them.email.encode() not in raw
            assert f"/recommendations/{them.pk}/".encode() not in raw
            assert f"notification-{other.pk}@".encode() not in raw
            if them.full_name:
                assert them.full_name not in text and them.full_name not in html


@pytest.mark.parametrize(
    ("reply", "outcomes", "after"),
    [
        ("550 5.1.1 No such user", {"sent": 2, "failed": 1}, S.SENT),
        ("451 4.2.0 Mailbox busy", {"sent": 1, "retry": 1, "deferred": 1}, S.PENDING),
    ],
)
def test_a_recipient_the_server_refuses_fails_alone(sink, reply, outcomes, after):
    users = [UserFactory(email=f"r{k}@example.org") for k in range(3)]
    first, refused, last = rows = [notification(user) for user in users]
    sink.refuse = {"r1@example.org": reply}
    assert (
        services.notifications_deliver_batch(notification_ids=[row.pk for row in rows]) == outcomes
    )
    for row in rows:
        row.refresh_from_db()
    assert first.email_status == S.SENT and reply[:3] in refused.last_error
    if reply.startswith("5"):  # permanent: failed at once, the batch goes on
        assert refused.email_status == S.FAILED
    else:  # the server is in trouble: a retry later, the rest waits in the queue
        assert refused.email_status == S.PENDING and refused.next_attempt_at
        assert last.email_attempts == 0
    assert last.email_status == after
    assert sorted(sink.received()) == sorted(
        row.recipient.email for row in rows if row.email_status == S.SENT
    )


def test_e_mails_a_frame_cannot_reproduce_arrive_the_ordinary_way(sink):
    odd = UserFactory(email="jose@bücher.example", full_name="José")
    long = UserFactory(email="long@example.org", full_name="Long")
    rows = [notification(odd), notification(long, payload={**PAYLOAD, "summary": "y" * 1200})]
    assert services.notifications_deliver_batch(notification_ids=[row.pk for row in rows]) == {
        "sent": 2
    }
    assert len(sink.messages) == 2
    by_content = {env.rcpt_tos[0]: env.content for env in sink.messages}
    assert b"quoted-printable" in by_content["long@example.org"]
    assert b"To: jose@xn--bcher-kva.example" in by_content["jose@xn--bcher-kva.example"]
