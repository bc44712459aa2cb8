"""The follow-up tests' world (followup_support.make_world) and their uploads, kept in a
folder of their own."""

from __future__ import annotations

import pytest

from tests.recommendations.followup_support import fast_passwords, make_world  # noqa: F401


@pytest.fixture
def world():
    return make_world()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
