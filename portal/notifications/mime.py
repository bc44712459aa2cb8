"""Notification e-mails as the bytes Django's SMTP backend sends, put together from a frame
shared by the e-mails of one subject.

Building a MIME message with the standard library and serializing it (header encoding
and folding, the generator) costs several times what copying a batch's rendered text
does, and the e-mails of one subject differ in a few places only: To, Date, Message-ID,
and the two bodies with their transfer encoding (7bit or 8bit). A ``MessageFrame`` is one
such e-mail built and serialized by Django itself with stand-ins in those places, cut
there; ``fill`` joins the pieces with one e-mail's values. Whatever the frame could not
reproduce byte for byte (an address or a Message-ID that would be encoded or folded, a
line long enough for quoted-printable, a body that contains the boundary) gives None, and
that e-mail is built and sent the ordinary way. Tests compare the filled bytes with
Django's serialization of the same message.
"""

from __future__ import annotations

import re
from email.utils import formatdate
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address

# Stand-ins: letters (and an address) that no encoding or folding changes.
_STAND_INS = {
    "to": b"zqxframetozqx@frame.invalid",
    "date": b"zqxframedatezqx",
    "message_id": b"zqxframemessageidzqx",
    "text": b"zqxframetextzqx",
    "html": b"zqxframehtmlzqx",
}
_BODIES = ("text", "html")
_ASCII_CTE = b"7bit\r\n\r\n"
_CTE_HEADER = b"Content-Transfer-Encoding: " + _ASCII_CTE
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # each becomes one CRLF in the generator
_LINE_LIMIT = 998  # longer lines make Django encode the body as quoted-printable
_FOLD_AT = 78  # the generator may fold a longer header line
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
# An address that Django's header and envelope handling leave exactly as it is.
_PLAIN_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")
_PLAIN_VALUE = re.compile(r"[!-~]+")  # printable ASCII, no space: never encoded
_OWN_HEADERS = {"to", "cc", "reply-to", "date"}  # would be taken from extra headers


class Serialized(NamedTuple):
    """What the SMTP backend passes to ``smtplib.SMTP.sendmail`` for one e-mail."""

    sender: str
    recipient: str
    data: bytes


def _frameable(message: EmailMultiAlternatives) -> bool:
    """A message with one recipient, a plain text body and an HTML alternative, our
    Message-ID and no Cc, Reply-To, Date or attachment: the shape frames reproduce."""
    return (
        len(message.to) == 1
        and not message.cc
        and not message.bcc
        and not message.reply_to
        and not message.attachments
        and message.content_subtype == "plain"
        and len(message.alternatives) == 1
        and message.alternatives[0][1] == "text/html"
        and (message.encoding or settings.DEFAULT_CHARSET) == "utf-8"
        and "Message-ID" in message.extra_headers
        and not _OWN_HEADERS & {name.lower() for name in message.extra_headers}
    )


def frame_key(message: EmailMultiAlternatives) -> tuple | None:
    """What e-mails sharing a frame have in common (None: not framed)."""
    if not _frameable(message):
        return None
    others = tuple(
        (str(name), str(value))
        for name, value in message.extra_headers.items()
        if name != "Message-ID"
    )
    return (
        type(message),
        str(message.subject),
        str(message.from_email),
        others,
        settings.DEFAULT_CHARSET,
    )


class MessageFrame:
    """The serialized e-mail of one subject, sender and set of headers, cut where the
    per-message fields go (see the module's docstring)."""

    def __init__(
        self, *, pieces: list[bytes], fields: list[str], boundary: str, sender: str
    ) -> None:
        self.pieces, self.fields = pieces, fields
        self.boundary, self.sender = boundary, sender

    @classmethod
    def of(cls, message: EmailMultiAlternatives) -> MessageFrame | None:
        """The frame of the e-mails like ``message``: Django builds and serializes one
        with stand-ins, exactly as its SMTP backend would."""
        if not _frameable(message):
            return None
        stand_in = {name: value.decode() for name, value in _STAND_INS.items()}
        headers = {"Date": stand_in["date"]}  # where Django puts its own Date
        for name, value in message.extra_headers.items():
            headers[name] = stand_in["message_id"] if name == "Message-ID" else value
        frame = type(message)(
            subject=message.subject,
            body=stand_in["text"],
            from_email=message.from_email,
            to=[stand_in["to"]],
            headers=headers,
        )
        frame.attach_alternative(stand_in["html"], "text/html")
        mime = frame.message()
        boundary = mime.get_boundary()
        data = mime.as_bytes(linesep="\r\n")
        if boundary is None or any(data.count(value) != 1 for value in _STAND_INS.values()):
            return None
        pieces, fields, at = [], [], 0
        for position, name in sorted(
            (data.index(value), name) for name, value in _STAND_INS.items()
        ):
            piece = data[at:position]
            if name in _BODIES:  # the transfer encoding is the body's own
                if not piece.endswith(_CTE_HEADER):
                    return None
                piece = piece[: -len(_ASCII_CTE)]
            pieces.append(piece)
            fields.append(name)
            at = position + len(_STAND_INS[name])
        pieces.append(data[at:])
        sender = sanitize_address(message.from_email, settings.DEFAULT_CHARSET)
        return cls(pieces=pieces, fields=fields, boundary=boundary, sender=sender)

    def _body(self, text: str) -> bytes | None:
        """A part's transfer encoding and body as the generator writes them."""
        if self.boundary in text:
            return None
        try:
            data = _LINE_BREAK.sub("\r\n", text).encode("utf-8")
        except UnicodeEncodeError:
            return None
        if len(data) > _LINE_LIMIT and max(map(len, data.split(b"\r\n"))) > _LINE_LIMIT:
            return None
        return (b"7bit" if text.isascii() else b"8bit") + b"\r\n\r\n" + data

    def fill(self, *, to: str, message_id: str, text: str, html: str) -> Serialized | None:
        """One e-mail's bytes, or None when it must be built the ordinary way."""
        if (
            len(to) > _FOLD_AT - len("To: ")
            or not _PLAIN_ADDRESS.fullmatch(to)
            or len(message_id) > _FOLD_AT - len("Message-ID: ")
            or not _PLAIN_VALUE.fullmatch(message_id)
        ):
            return None
        text_part, html_part = self._body(text), self._body(html)
        if text_part is None or html_part is None:
            return None
        values = {
            "to": to.encode(),
            "message_id": message_id.encode(),
            "date": formatdate(localtime=settings.EMAIL_USE_LOCALTIME).encode(),
            "text": text_part,
            "html": html_part,
        }
        out = [self.pieces[0]]
        for name, piece in zip(self.fields, self.pieces[1:], strict=True):
            out += (values[name], piece)
        return Serialized(self.sender, to, b"".join(out))


def serialized(message: EmailMultiAlternatives, frames: dict) -> Serialized | None:
    """``message`` as the SMTP backend would send it, from the frame in ``frames`` (a
    cache, filled here) shared with the e-mails like it; None: send it the ordinary way."""
    key = frame_key(message)
    if key is None:
        return None
    frame = frames.get(key, False)  # read and written once: threads may share the cache
    if frame is False:
        frame = frames[key] = MessageFrame.of(message)
    if frame is None:
        return None
    return frame.fill(
        to=message.to[0],
        message_id=str(message.extra_headers["Message-ID"]),
        text=str(message.body),
        html=str(message.alternatives[0][0]),
    )
