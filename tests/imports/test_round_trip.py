"""The CSV and XLSX exports of recommendations import again unchanged, whatever language
they were downloaded in (headers, States, instruments and statuses in the reader's
language): every row is found (by reference, or a draft by its title) and nothing
changes."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from consultations.models import Instrument
from portal.imports.kinds import normalize
from portal.imports.services import (
    import_job_confirm,
    import_job_create,
    import_job_run,
)
from recommendations.columns import COLUMNS
from recommendations.exports import export_response
from recommendations.models import Recommendation
from tests.factories import OrganizationFactory, RecommendationFactory
from tests.imports.support import map_and_check, pakistan_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The import's report is read in English, whatever an earlier test left active."""
    with translation.override("en"):
        yield


def _content(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(
            part if isinstance(part, bytes) else part.encode()
            for part in response.streaming_content
        )
    return response.content


HEADERS = {  # the first columns of the export, as each reader gets them
    "en": ["Reference", "Title", "State", "Filed by", "Status"],
    "fr": ["Référence", "Titre", "État", "Déposée par", "Statut"],
    "ar": ["المرجع", "العنوان", "الدولة", "مقدَّمة من", "الحالة"],
}
VALUES = {  # the State and an instrument of a row, in the reader's language
    "en": ("Pakistan", "UNTOC"),
    "fr": ("Pakistan", "Convention contre la criminalité organisée"),
    "ar": ("باكستان", None),
}


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("fmt", "language"),
    [("csv", "en"), ("xlsx", "en"), ("csv", "fr"), ("xlsx", "fr"), ("csv", "ar"), ("xlsx", "ar")],
)
def test_export_reimports_unchanged(fmt, language):
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

    with translation.override(language):
        data = _content(export_response(coordinator, "recommendations", fmt, {}))
    if fmt == "csv":
        rows = _csv_rows(data)
        assert rows[0][:5] == HEADERS[language]
        state, instrument = VALUES[language]
        assert rows[1][2] == state
        assert instrument is None or instrument in rows[1][6]
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


@pytest.mark.parametrize("dataset", sorted(COLUMNS))
def test_no_two_columns_of_an_export_read_the_same_in_any_language(dataset):
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names = [normalize(str(label)) for label in COLUMNS[dataset].values()]
        assert len(set(names)) == len(names), (code, names)
