"""The e-mail of a notification: subject, plain text and HTML in the recipient's language.

``notification_render`` renders one notification's templates. A batch of deliveries uses
a ``MessageRenderer``, which renders the templates once per kind, language and payload
and gives each recipient a copy with their name and link put in: the e-mails of one
change to many people differ only there, and rendering (three templates and the
translations) is the largest part of an e-mail's cost in the worker. A copy is exactly
what ``notification_render`` gives (tests compare them); a notification whose name or
link could not be put in that way is rendered on its own.
"""

from __future__ import annotations

import json
import re
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string, select_template
from django.utils import translation
from django.utils.html import escape
from django.utils.html import urlize as _urlize

from portal.notifications.messages import render_message
from portal.notifications.models import Notification


def _template_base(kind: str) -> str:
    return f"notifications/email/{kind.replace('.', '_')}"


def _url(notification: Notification) -> str:
    return settings.SITE_URL + notification.url if notification.url else settings.SITE_URL


def _context(notification: Notification, *, recipient=None, url: str | None = None) -> dict:
    return {
        "notification": notification,
        "recipient": recipient if recipient is not None else notification.recipient,
        "payload": notification.payload,
        "url": _url(notification) if url is None else url,
        "preferences_url": settings.SITE_URL + "/notifications/preferences/",
        "inbox_url": settings.SITE_URL + "/notifications/",
        "SITE_URL": settings.SITE_URL,
    }


def notification_subject(notification: Notification) -> str:
    """The one-line title in the active language (the inbox renders it per viewer): the
    stored subject is a message (portal/notifications/messages.py) translated now."""
    base = _template_base(notification.kind)
    subject = select_template([f"{base}_subject.txt", "notifications/email/default_subject.txt"]
                              ).render(_context(notification))
    return " ".join(subject.split())


def notification_summary(notification: Notification) -> str:
    """The stored summary in the active language ("" when there is none)."""
    return render_message((notification.payload or {}).get("summary"))


def _language(notification: Notification) -> str:
    return notification.recipient.language or settings.LANGUAGE_CODE


def _render(notification: Notification, *, recipient=None,
            url: str | None = None) -> tuple[str, str, str]:
    base = _template_base(notification.kind)
    with translation.override(_language(notification)):
        context = _context(notification, recipient=recipient, url=url)
        subject = " ".join(select_template(
            [f"{base}_subject.txt", "notifications/email/default_subject.txt"]
        ).render(context).split())
        text = select_template([f"{base}.txt", "notifications/email/default.txt"]).render(context)
        html = render_to_string("notifications/email/wrapper.html",
                                {**context, "body": text, "subject": subject})
    return subject, text, html


def notification_render(notification: Notification) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the e-mail, in the recipient's language."""
    return _render(notification)


# Stand-ins for the recipient's name and the link while the shared part is rendered:
# letters only, so that escaping and urlize leave them as they are.
_NAME = "zqxrecipientnamezqx"
_LINK = "zqxnotificationlinkzqx"
_LINK_WORD = re.compile(rf"(?:^|\s){_LINK}(?=\s|$)")
# A name that urlize could turn into a link (or part of one) is not put into the HTML
# by substitution: it has a character of an address, or a word that begins like one.
_LINKISH_NAME = re.compile(r"[@.:/]|(?:^|\s)www", re.IGNORECASE)


class _StandIn:
    """The recipient while the shared part is rendered: its language, and the stand-in
    for its name. A template that reads anything else of the recipient makes the shared
    part unusable (``touched``), so each e-mail of that kind is rendered on its own."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.touched = False

    def get_full_name(self) -> str:
        return _NAME

    def __getattr__(self, name: str):
        if not name.startswith("__"):
            self.touched = True
        raise AttributeError(name)


class MessageRenderer:
    """Renders a batch's e-mails, each kind, language and payload once (see the module's
    docstring). Meant for one batch: nothing outlives it."""

    def __init__(self) -> None:
        self._shared: dict[tuple, tuple[str, str, str] | None] = {}

    def _key(self, notification: Notification) -> tuple | None:
        try:
            payload = json.dumps(notification.payload, sort_keys=True)
        except (TypeError, ValueError):
            return None
        return (notification.kind, _language(notification), payload, settings.SITE_URL)

    def _shared_part(self, notification: Notification, key: tuple):
        if key not in self._shared:
            recipient = _StandIn(notification.recipient.language)
            subject, text, html = _render(notification, recipient=recipient, url=_LINK)
            links = len(_LINK_WORD.findall(text))
            usable = (not recipient.touched and _NAME not in subject and _LINK not in subject
                      and html.count(_NAME) == text.count(_NAME)
                      and html.count(_LINK) == text.count(_LINK) == links)
            self._shared[key] = (subject, text, html) if usable else None
        return self._shared[key]

    def render(self, notification: Notification) -> tuple[str, str, str]:
        """What ``notification_render`` gives for this notification."""
        key = self._key(notification)
        name = notification.recipient.get_full_name()
        shared = self._shared_part(notification, key) if key else None
        if shared is None or _LINKISH_NAME.search(name) or _NAME in name or _LINK in name:
            return _render(notification)
        subject, text, html = shared
        url = _url(notification)
        text = text.replace(_NAME, name).replace(_LINK, url)
        link = _urlize(escape(url), nofollow=True, autoescape=True)  # as the wrapper does
        html = html.replace(_NAME, escape(name)).replace(_LINK, link)
        return subject, text, html


def notification_message_id(*, notification_id: int) -> str:
    """The Message-ID of every copy of a notification's e-mail: a resend after an attempt
    whose result is unknown carries the same id, so mail clients show one message."""
    host = urlsplit(settings.SITE_URL).hostname or "untoc-portal"
    return f"<notification-{notification_id}@{host}>"


class NotificationEmail(EmailMultiAlternatives):
    """An e-mail whose MIME boundary is chosen up front: left to the standard library,
    a random boundary is compiled into a new regular expression for every message to
    check that no part contains it (a fifth of building the message). A random token
    is as safe, and it is checked against the texts here."""

    def message(self, *args, **kwargs):
        msg = super().message(*args, **kwargs)
        if msg.is_multipart() and msg.get_boundary() is None:
            boundary = f"==notification-{secrets.token_hex(16)}=="
            texts = [self.body, *(str(content) for content, _type in self.alternatives)]
            if not any(boundary in text for text in texts):
                msg.set_boundary(boundary)
        return msg


def notification_message(notification: Notification,
                         renderer: MessageRenderer | None = None) -> NotificationEmail:
    """The e-mail to send for a notification (rendered by ``renderer`` when given)."""
    subject, text, html = (renderer.render(notification) if renderer
                           else notification_render(notification))
    message = NotificationEmail(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=text,
        to=[notification.recipient.email],
        headers={"Message-ID": notification_message_id(notification_id=notification.pk)},
    )
    message.attach_alternative(html, "text/html")
    return message
