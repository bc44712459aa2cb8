"""The drill's mail backend: the portal's file backend (one ``.eml`` per message), slowed
down by ``DRILL_MAIL_DELAY`` seconds per message, with a marker file naming the sending
process while it sends, so that the drill can kill a worker in the middle of a
delivery. Only the drill sets it (``EMAIL_BACKEND=bench.drill_mail.SlowFileBackend``)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings

from portal.core.mail import FileEmailBackend


def sending_dir() -> Path:
    return Path(settings.VAR_DIR) / "drill-sending"


class SlowFileBackend(FileEmailBackend):
    def send_messages(self, email_messages) -> int:
        marker = sending_dir() / str(os.getpid())
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        try:
            time.sleep(float(os.environ.get("DRILL_MAIL_DELAY", "0.5")))
            return super().send_messages(email_messages)
        finally:
            marker.unlink(missing_ok=True)
