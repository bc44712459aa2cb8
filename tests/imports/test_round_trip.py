"""The CSV and XLSX exports of recommendations import again unchanged: every row is
found (by reference, or a draft by its title) and nothing changes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.models import Instrument
from portal.imports.services import (
    import_job_confirm,
    import_job_create,
    import_job_run,
)
from recommendations.exports import export_response
from recommendations.models import Recommendation
from tests.factories import OrganizationFactory, RecommendationFactory
from tests.imports.support import map_and_check, pakistan_world

pytestmark = pytest.mark.django_db


def _content(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(
            part if isinstance(part, bytes) else part.encode()
            for part in response.streaming_content
        )
    return response.content


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_reimports_unchanged(fmt):
    world = pakistan_world()
    alliance, coordinator = world["alliance"], world["coordinator"]
    untoc = Instrument.objects.get(code="untoc")
    for n in range(3):
        rec = RecommendationFactory(
            organization=alliance, reference=f"PAK-2022-{n + 1:04d}", title=f"Submitted {n}"
        )
        rec.instruments.set([untoc])
    draft = RecommendationFactory(
        organization=alliance,
        status="draft",
        submitted_at=None,
        title="A draft in progress",
        is_public=False,
    )
    draft.instruments.set([untoc])
    other = OrganizationFactory(country=world["pakistan"], name="Another CSO")
    RecommendationFactory(organization=other, reference="PAK-2022-0009", title="Theirs")
    before = {r.pk: (r.title, r.text, r.version, r.status) for r in Recommendation.objects.all()}

    data = _content(export_response(coordinator, "recommendations", fmt, {}))
    job = import_job_create(
        actor=coordinator,
        kind="recommendations",
        file=SimpleUploadedFile(f"recommendations.{fmt}", data),
        scope_id=alliance.pk,
    )
    assert {"reference", "title", "state", "status", "instruments", "text"} <= set(
        job.mapping.values()
    )
    job = map_and_check(coordinator, job, job.mapping)
    assert job.preview["failing"] == 0, job.preview["problems"]
    import_job_confirm(actor=coordinator, job=job, all_or_nothing=True)
    job = import_job_run(job_id=job.pk)
    assert (job.status, job.created, job.updated, job.failed) == ("done", 0, 0, 0)
    assert job.skipped == 5
    assert [p["message"] for p in job.report] == ["filed by Another CSO: left as it is"]
    after = {r.pk: (r.title, r.text, r.version, r.status) for r in Recommendation.objects.all()}
    assert after == before
