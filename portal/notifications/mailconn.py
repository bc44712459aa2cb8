"""The worker's mail connection, reused from one e-mail to the next, how an e-mail goes
over it, and which mail server errors are permanent."""

from __future__ import annotations

import logging
import smtplib
import time

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

logger = logging.getLogger(__name__)


def is_permanent(exc: Exception) -> bool:
    """A 5xx answer (or refused recipients) will not get better by retrying."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


class MailConnection:
    """One open mail connection per worker process, reused from one e-mail to the next
    (opening an SMTP session costs more than sending a message). It is checked with a
    NOOP when it has been idle, and dropped after any error, so the next e-mail opens a
    new one; a message is never resent on a connection that failed while sending it."""

    IDLE_CHECK_SECONDS = 20

    def __init__(self) -> None:
        self.backend = None
        self.signature: tuple = ()
        self.used_at = 0.0

    @staticmethod
    def _signature() -> tuple:
        return (settings.EMAIL_BACKEND, getattr(settings, "EMAIL_HOST", ""),
                getattr(settings, "EMAIL_PORT", 0), getattr(settings, "EMAIL_HOST_USER", ""))

    def get(self):
        signature = self._signature()
        if self.backend is not None and (
                signature != self.signature
                or (time.monotonic() - self.used_at > self.IDLE_CHECK_SECONDS
                    and not self._alive())):
            self.drop()
        if self.backend is None:
            backend = get_connection(fail_silently=False)
            backend.open()
            self.backend, self.signature = backend, signature
        self.used_at = time.monotonic()
        return self.backend

    def send(self, message) -> None:
        """Send one e-mail over the open connection. On Django's SMTP backend, an e-mail
        that can give its bytes (``serialized()``: exactly what the backend would make of
        it) is handed to the backend's SMTP session as they are, which saves building and
        serializing a MIME message per e-mail. Any other e-mail or backend (a test's
        outbox, the console, a provider's API, a subclass that signs or rewrites
        messages) goes through the backend's ``send_messages``. Errors are raised, as the
        backend raises them."""
        backend = self.get()
        smtp = backend.connection if type(backend) is SMTPBackend else None
        prepared = getattr(message, "serialized", lambda: None)() if smtp else None
        if smtp is None or prepared is None:
            message.connection = backend
            message.send()
            return
        with backend._lock:  # as send_messages: one SMTP dialogue at a time
            smtp.sendmail(prepared.sender, [prepared.recipient], prepared.data)

    def _alive(self) -> bool:
        smtp = getattr(self.backend, "connection", None)
        if smtp is None or not hasattr(smtp, "noop"):
            return True  # not an SMTP session (console, file, memory): nothing to check
        try:
            return smtp.noop()[0] == 250
        except (smtplib.SMTPException, OSError):
            return False

    def drop(self) -> None:
        backend, self.backend = self.backend, None
        if backend is not None:
            try:
                backend.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close
                logger.debug("closing the mail connection failed", exc_info=True)


worker_mail = MailConnection()
