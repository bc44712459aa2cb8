"""A real worker (and beat) in a child process: Redis as broker, and the embedded
filesystem broker that `make run` uses."""

import uuid

import pytest
from celery import Celery

from portal.core.models import Heartbeat
from portal.core.tasks import ping
from tests.integration.workers import celery_process, child_database_url, wait_for

pytestmark = pytest.mark.integration


def test_task_round_trips_through_a_real_worker_and_redis(redis_url, tmp_path, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with celery_process("worker", "--pool=solo", "-Q", queue, "--without-mingle",
                        "--without-gossip", env={"REDIS_URL": redis_url},
                        log=tmp_path / "worker.log"):
        result = ping.apply_async(args=["hello from the test"], queue=queue)
        try:
            assert result.get(timeout=60) == "hello from the test"
        except Exception:
            print((tmp_path / "worker.log").read_text())
            raise


@pytest.mark.django_db(transaction=True)
def test_worker_and_beat_run_on_the_embedded_broker(postgres, tmp_path):
    """What `make run` starts: beat sends the heartbeat through the filesystem broker,
    a worker runs it and writes to the database."""
    env = {
        "REDIS_URL": "", "CELERY_BROKER_URL": "", "CELERY_RESULT_BACKEND": "",
        "PORTAL_VAR_DIR": str(tmp_path), "HEARTBEAT_SECONDS": "1",
        "DATABASE_URL": child_database_url(),
    }
    with celery_process("worker", "--pool=solo", "--without-mingle", "--without-gossip",
                        env=env, log=tmp_path / "worker.log"), \
         celery_process("beat", env=env, log=tmp_path / "beat.log"):
        try:
            wait_for(lambda: Heartbeat.objects.filter(name="worker").exists(), timeout=60,
                     what="a heartbeat from beat through the worker")
        except AssertionError:
            print((tmp_path / "worker.log").read_text(), (tmp_path / "beat.log").read_text())
            raise
    assert (tmp_path / "broker" / "queue").is_dir()


@pytest.mark.django_db(transaction=True)
def test_a_task_sent_to_the_embedded_broker_is_run(postgres, tmp_path):
    env = {"REDIS_URL": "", "CELERY_BROKER_URL": "", "CELERY_RESULT_BACKEND": "",
           "PORTAL_VAR_DIR": str(tmp_path), "DATABASE_URL": child_database_url()}
    folder = str(tmp_path / "broker" / "queue")
    (tmp_path / "broker" / "queue").mkdir(parents=True)
    sender = Celery("sender", broker="filesystem://", set_as_current=False)
    sender.conf.broker_transport_options = {
        "data_folder_in": folder, "data_folder_out": folder,
        "control_folder": str(tmp_path / "broker" / "control")}
    with celery_process("worker", "--pool=solo", "--without-mingle", "--without-gossip",
                        env=env, log=tmp_path / "worker.log"):
        sender.send_task("portal.core.tasks.heartbeat")
        wait_for(lambda: Heartbeat.objects.filter(name="worker").exists(), timeout=60,
                 what="the worker to run the heartbeat task")
