"""The e-mail of a notification: subject, plain text and HTML in the recipient's language.

``notification_render`` renders one notification's templates. A batch of deliveries uses
a ``MessageRenderer``, which renders the templates once per kind, language and payload
and gives each recipient a copy with their name and link put in: the e-mails of one
change to many people differ only there, and rendering (three templates and the
translations) is the largest part of an e-mail's cost in the worker. A copy is exactly
what ``notification_render`` gives (tests compare them). A name that urlize would make
a link of (the address that stands for a person without a name) goes into the text the
same way, and the HTML is that text made into HTML within the shared wrapper; a
notification whose name or link could not be put in is rendered on its own.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.signals import setting_changed
from django.template.loader import render_to_string, select_template
from django.utils import translation
from django.utils.html import escape
from django.utils.html import urlize as _urlize

from portal.notifications.messages import render_message
from portal.notifications.mime import Serialized, serialized
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


def _render_with(notification: Notification, *, recipient=None, url: str | None = None,
                 body: str | None = None) -> tuple[str, str, str, str | None]:
    """Subject, text and HTML; and with ``body``, the HTML wrapper around that body."""
    base = _template_base(notification.kind)
    wrapper = "notifications/email/wrapper.html"
    with translation.override(_language(notification)):
        context = _context(notification, recipient=recipient, url=url)
        subject = " ".join(select_template(
            [f"{base}_subject.txt", "notifications/email/default_subject.txt"]
        ).render(context).split())
        text = select_template([f"{base}.txt", "notifications/email/default.txt"]).render(context)
        html = render_to_string(wrapper, {**context, "body": text, "subject": subject})
        wrapped = None if body is None else render_to_string(
            wrapper, {**context, "body": body, "subject": subject})
    return subject, text, html, wrapped


def _render(notification: Notification) -> tuple[str, str, str]:
    subject, text, html, _wrapped = _render_with(notification)
    return subject, text, html


def _html_body(text: str) -> str:
    """The text as the HTML wrapper shows it (``body|force_escape|urlize``)."""
    return _urlize(escape(text), nofollow=True, autoescape=True)


def notification_render(notification: Notification) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the e-mail, in the recipient's language."""
    return _render(notification)


# Stand-ins for the recipient's name and the link while the shared part is rendered:
# letters only, so that escaping and urlize leave them as they are.
_NAME = "zqxrecipientnamezqx"
_LINK = "zqxnotificationlinkzqx"
_LINK_WORD = re.compile(rf"(?:^|\s){_LINK}(?=\s|$)")
_BODY = "zqxmessagebodyzqx"
# A name that urlize could turn into a link (or part of one), such as the address that
# stands for a person without a name, is not put into the HTML by substitution: it has
# a character of an address, or a word that begins like one. The HTML of such an e-mail
# is its text made into HTML as the wrapper does, within the shared wrapper.
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
    """Renders e-mails, each kind, language and payload once (see the module's
    docstring); it also keeps the frames their messages are serialized in (mime.py).
    What it keeps is bounded: past ``MAX_SHARED`` kinds, languages and payloads, it
    starts again."""

    MAX_SHARED = 500

    def __init__(self) -> None:
        self._shared: dict[tuple, tuple[str, str, str] | None] = {}
        self._around: dict[tuple, tuple[str, str]] = {}  # the HTML around the body
        self.frames: dict = {}  # the serialized frames of its e-mails (mime.py)

    def _key(self, notification: Notification) -> tuple | None:
        try:
            payload = json.dumps(notification.payload, sort_keys=True)
        except (TypeError, ValueError):
            return None
        return (notification.kind, _language(notification), payload, settings.SITE_URL)

    def _shared_part(self, notification: Notification, key: tuple):
        # Read and written once each: a worker's threads may share the renderer.
        shared = self._shared.get(key, False)
        if shared is not False:
            return shared
        if len(self._shared) >= self.MAX_SHARED:
            self._shared.clear()
            self._around.clear()
            self.frames.clear()
        recipient = _StandIn(notification.recipient.language)
        subject, text, html, wrapped = _render_with(notification, recipient=recipient,
                                                    url=_LINK, body=_BODY)
        links = len(_LINK_WORD.findall(text))
        usable = (not recipient.touched and _NAME not in subject and _LINK not in subject
                  and html.count(_NAME) == text.count(_NAME)
                  and html.count(_LINK) == text.count(_LINK) == links)
        shared = (subject, text, html) if usable else None
        around = (wrapped or "").split(_BODY)
        if usable and len(around) == 2 and around[0] + _html_body(text) + around[1] == html:
            self._around[key] = (around[0], around[1])
        self._shared[key] = shared
        return shared

    def render(self, notification: Notification) -> tuple[str, str, str]:
        """What ``notification_render`` gives for this notification."""
        key = self._key(notification)
        name = notification.recipient.get_full_name()
        shared = self._shared_part(notification, key) if key else None
        if shared is None or _NAME in name or _LINK in name or _BODY in name:
            return _render(notification)
        subject, text, html = shared
        url = _url(notification)
        text = text.replace(_NAME, name).replace(_LINK, url)
        if _LINKISH_NAME.search(name):
            around = self._around.get(key)
            if around is None:
                return _render(notification)
            return subject, text, around[0] + _html_body(text) + around[1]
        html = html.replace(_NAME, escape(name)).replace(_LINK, _html_body(url))
        return subject, text, html


WORKER_RENDERER_SECONDS = 300
_worker_renderer: tuple[float, MessageRenderer] | None = None


def worker_renderer() -> MessageRenderer:
    """The delivery worker's renderer, shared by the batches it runs for a few minutes:
    the tasks that carry one change to many people, or one reminder to its recipients,
    render it once per language between them, not once per task. What it renders depends
    only on its key, the templates, the translations and the settings: it is replaced
    after ``WORKER_RENDERER_SECONDS`` (templates edited in development) and as soon as a
    setting changes."""
    global _worker_renderer
    now = time.monotonic()
    if _worker_renderer is None or now - _worker_renderer[0] > WORKER_RENDERER_SECONDS:
        _worker_renderer = (now, MessageRenderer())
    return _worker_renderer[1]


def _forget_worker_renderer(**kwargs) -> None:
    global _worker_renderer
    _worker_renderer = None


setting_changed.connect(_forget_worker_renderer, dispatch_uid="notifications-renderer")


def notification_message_id(*, notification_id: int) -> str:
    """The Message-ID of every copy of a notification's e-mail: a resend after an attempt
    whose result is unknown carries the same id, so mail clients show one message."""
    host = urlsplit(settings.SITE_URL).hostname or "untoc-portal"
    return f"<notification-{notification_id}@{host}>"


class NotificationEmail(EmailMultiAlternatives):
    """An e-mail whose MIME boundary is chosen up front: left to the standard library,
    a random boundary is compiled into a new regular expression for every message to
    check that no part contains it (a fifth of building the message). A random token
    is as safe, and it is checked against the texts here.

    ``serialized`` gives the bytes the SMTP backend would send, from a frame shared with
    the batch's e-mails of the same subject (``portal/notifications/mime.py``)."""

    frames: dict | None = None  # set for the e-mails of a batch

    def serialized(self) -> Serialized | None:
        """Sender, recipient and bytes as Django's SMTP backend would send this e-mail,
        or None: send it through the backend (no batch, or a shape frames do not
        reproduce)."""
        return None if self.frames is None else serialized(self, self.frames)

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
    if renderer is not None:
        message.frames = renderer.frames
    return message
