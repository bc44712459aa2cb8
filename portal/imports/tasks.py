"""Celery tasks of imports: thin wrappers of the services."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="imports.run", acks_late=True, time_limit=3600, soft_time_limit=3500)
def run_import(job_id: int) -> str:
    from portal.imports.services import import_job_fail, import_job_run

    try:
        return import_job_run(job_id=job_id).status
    except Exception:
        logger.exception("import %s stopped", job_id)
        import_job_fail(job_id=job_id)
        raise


@shared_task(name="imports.sweep")
def sweep_imports() -> int:
    from portal.imports.services import import_jobs_sweep

    return import_jobs_sweep()
