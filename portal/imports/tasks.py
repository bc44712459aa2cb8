"""Celery tasks of imports: thin wrappers of the services."""

from __future__ import annotations

import logging

from celery import shared_task

from portal.imports.checking import import_checks_sweep, import_job_check, import_job_check_fail
from portal.imports.retention import import_uploads_sweep
from portal.imports.services import import_job_fail, import_job_run, import_jobs_sweep

logger = logging.getLogger(__name__)


def _or_fail(job_id: int, work, fail) -> str:
    """Do a job's work; on an unexpected error, say so on the job (and re-raise)."""
    try:
        return work(job_id=job_id).status
    except Exception:
        logger.exception("import %s stopped", job_id)
        fail(job_id=job_id)
        raise


@shared_task(name="imports.check", acks_late=True, time_limit=1800, soft_time_limit=1700)
def check_import(job_id: int) -> str:
    return _or_fail(job_id, import_job_check, import_job_check_fail)


@shared_task(name="imports.run", acks_late=True, time_limit=3600, soft_time_limit=3500)
def run_import(job_id: int) -> str:
    return _or_fail(job_id, import_job_run, import_job_fail)


@shared_task(name="imports.sweep")
def sweep_imports() -> int:
    return import_jobs_sweep() + import_checks_sweep()


@shared_task(name="imports.uploads_sweep")
def sweep_import_uploads() -> dict[str, int]:
    return import_uploads_sweep()
