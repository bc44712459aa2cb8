"""The embedded default's mail: without a mail server, every message is a file."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

from django.core.mail.backends.filebased import EmailBackend


class FileEmailBackend(EmailBackend):
    """One ``.eml`` file per message under EMAIL_FILE_PATH (var/mail), written under a
    temporary name and renamed, so whoever reads the folder sees whole messages only and
    counts one file per e-mail sent (Django's own file backend appends every message of
    a connection to one file)."""

    def open(self) -> bool:
        return False

    def close(self) -> None:
        return None

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            path = os.path.join(self.file_path, f"{stamp}-{uuid.uuid4().hex[:12]}.eml")
            with open(path + ".part", "wb") as out:
                out.write(message.message().as_bytes())
            os.replace(path + ".part", path)
            sent += 1
        return sent
