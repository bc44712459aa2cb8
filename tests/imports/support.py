"""Helpers of the import tests: small generated files and a world (Pakistan, its focal
person, a verified alliance and its coordinator, UNODC staff)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.models import Membership, Party
from tests.factories import (
    FocalPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

FILES = Path(__file__).resolve().parent / "files"


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def fixture(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FILES / name).read_bytes())


def pakistan_world():
    pakistan = Party.objects.get(iso3="PAK")
    alliance = OrganizationFactory(
        name="Civil Society Alliance for the Pakistan UNTOC review",
        country=pakistan,
        is_alliance=True,
    )
    coordinator = UserFactory(email="coordinator@cgr.test")
    MembershipFactory(user=coordinator, organization=alliance, role=Membership.Role.COORDINATOR)
    focal = FocalPersonFactory(user=UserFactory(email="focal@pak.test"), party=pakistan).user
    staff = UserFactory(email="staff@unodc.test", is_unodc_staff=True)
    outsider = UserFactory(email="outsider@example.test")
    return {
        "pakistan": pakistan,
        "alliance": alliance,
        "coordinator": coordinator,
        "focal": focal,
        "staff": staff,
        "outsider": outsider,
    }


def map_and_check(user, job, mapping=None):
    """The mapping step as the pages and the API take it: the mapping saved in the
    request, then the rows checked by the worker's task function (called here)."""
    from portal.imports.checking import import_job_check, import_job_map

    import_job_map(actor=user, job=job, mapping=mapping or job.mapping)
    return import_job_check(job_id=job.pk)
