"""Logging of the portal (settings.LOGGING): one plain line per record on the console,
with the request's id; the level from the environment (LOG_LEVEL)."""

from __future__ import annotations

from typing import Any

from config.env import env_str


def logging_config() -> dict[str, Any]:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "portal.core.request_id.RequestIdFilter"}},
        "formatters": {"plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                                 "filters": ["request_id"]}},
        "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        "loggers": {"django.db.backends": {"level": "WARNING"}},
    }
