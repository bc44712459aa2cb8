"""Helpers of the API tests of recommendations: a PDF upload, a public recommendation, a
web client for comparing with the pages, and a private folder for the uploads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from recommendations.models import Recommendation
from recommendations.services import recommendations as rec_services
from tests.recommendations.filing_support import fresh

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def public(world, **kwargs) -> Recommendation:
    """A submitted recommendation of the world's member, made public by its filer."""
    rec = world.submitted(**kwargs)
    return rec_services.recommendation_publish(actor=fresh(world.member), recommendation=rec)


def web(user) -> Client:
    """A web client signed in as the user (anonymous when None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
