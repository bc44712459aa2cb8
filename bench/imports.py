"""A 10,000-row spreadsheet import, measured: time and peak memory of each step (upload
checks and header read, mapping with the preview that checks every row, the run through
the services) for a first import and for the same file again (every row unchanged).

    DEBUG=true .venv/bin/python -m bench.imports                # SQLite in a temp folder
    DEBUG=true .venv/bin/python -m bench.imports --rows 10000 --format csv
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_imports \\
        .venv/bin/python -m bench.imports                        # a database named bench*

Without DATABASE_URL the portal's var folder is a new temporary one (the SQLite file is
thrown away after). With DATABASE_URL the database's name must start with "bench"; it is
migrated, and what the run creates stays there.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import threading
import time
from urllib.parse import urlsplit


def _setup(args) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        name = urlsplit(url).path.lstrip("/")
        if not name.startswith("bench"):
            sys.exit(f"DATABASE_URL names {name!r}: the benchmark only uses a database "
                     "whose name starts with 'bench'.")
    else:
        os.environ["PORTAL_VAR_DIR"] = tempfile.mkdtemp(prefix="bench-imports-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ["IMPORT_MAX_ROWS"] = str(max(args.rows, 50_000))
    os.environ["UPLOAD_MAX_BYTES"] = str(100 * 1024 * 1024)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _file(rows: int, fmt: str) -> bytes:
    header = ["External id", "Title", "Recommendation", "Instruments", "Themes", "Status"]
    instruments = ["UNTOC", "Trafficking in Persons Protocol", "Firearms Protocol",
                   "UNTOC, Smuggling of Migrants Protocol"]
    themes = ["Research and data", "Cybercrime", "Gender", "Legal reform"]
    data = [[f"BENCH-{n:06d}", f"Benchmark recommendation {n}",
             f"Strengthen cooperation on case {n} between civil society and the State.",
             instruments[n % 4], themes[n % 4], "Draft"] for n in range(rows)]
    if fmt == "csv":
        import csv

        buffer = io.StringIO()
        csv.writer(buffer).writerows([header, *data])
        return buffer.getvalue().encode()
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Recommendations")
    sheet.append(header)
    for row in data:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _world():
    from consultations.models import Membership, Organization, Party
    from portal.accounts.models import User

    pakistan = Party.objects.get(iso3="PAK")
    organization, _created = Organization.objects.get_or_create(
        name="Benchmark alliance", defaults={
            "country": pakistan, "status": Organization.Status.VERIFIED,
            "category": Organization.Category.CIVIL_SOCIETY, "is_alliance": True})
    user, _created = User.objects.get_or_create(email="bench.coordinator@bench.test",
                                                defaults={"full_name": "Bench"})
    Membership.objects.get_or_create(user=user, organization=organization,
                                     defaults={"role": Membership.Role.COORDINATOR})
    return user, organization


def _rss_mib() -> float:
    """The process's resident memory now (Linux), in MiB."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _measure(label: str, results: list, fn):
    """Wall time and the peak resident memory during the step (sampled every 50 ms by
    a thread: unlike tracemalloc, it does not slow the step down)."""
    peak = [_rss_mib()]
    done = threading.Event()

    def sample():
        while not done.wait(0.05):
            peak[0] = max(peak[0], _rss_mib())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    try:
        value = fn()
    finally:
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
    results.append((label, seconds, max(peak[0], _rss_mib())))
    return value


def _one_import(user, organization, data: bytes, fmt: str, results: list, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.imports.checking import import_job_check, import_job_map
    from portal.imports.services import (
        import_job_confirm,
        import_job_create,
        import_job_run,
    )

    job = _measure(f"{name}: upload check + headers", results, lambda: import_job_create(
        actor=user, kind="recommendations", scope_id=organization.pk,
        file=SimpleUploadedFile(f"bench.{fmt}", data)))
    job = _measure(f"{name}: mapping (the web request)", results,
                   lambda: import_job_map(actor=user, job=job, mapping=job.mapping))
    job = _measure(f"{name}: preview (every row checked, in the worker)", results,
                   lambda: import_job_check(job_id=job.pk))
    import_job_confirm(actor=user, job=job, all_or_nothing=False)
    job = _measure(f"{name}: run (rows through the services)", results,
                   lambda: import_job_run(job_id=job.pk))
    return job


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    args = parser.parse_args(argv)
    _setup(args)
    from django.db import connection

    user, organization = _world()
    results: list[tuple[str, float, float]] = []
    data = _measure("generate the file", results, lambda: _file(args.rows, args.format))
    first = _one_import(user, organization, data, args.format, results, "first import")
    again = _one_import(user, organization, data, args.format, results, "same file again")
    print(f"\n{args.rows:,} rows, {args.format.upper()} of {len(data) / 1024 / 1024:.1f} MiB, "
          f"{connection.vendor}")
    print(f"{'step':<52} {'seconds':>9} {'peak RSS MiB':>13}")
    for label, seconds, peak in results:
        print(f"{label:<52} {seconds:>9.2f} {peak:>13.0f}")
    for name, job in (("first import", first), ("same file again", again)):
        print(f"{name}: {job.status}, created {job.created}, updated {job.updated}, "
              f"unchanged {job.skipped}, failed {job.failed}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident memory: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
