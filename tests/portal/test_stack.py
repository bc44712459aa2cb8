"""`make stack`'s pieces that can be checked without starting it: the proxy's
configuration (nginx -t when nginx is installed), the readiness routing, gunicorn's
settings."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path, monkeypatch, **env):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)
    spec.loader.exec_module(module)
    return module


def test_the_proxy_skips_unready_nodes_but_never_all_of_them(monkeypatch, tmp_path):
    run = _load("stack_run", ROOT / "deploy/stack/run.py", monkeypatch, STACK_DIR=str(tmp_path))
    assert run.nodes_taken_out([8081, 8082], set()) == set()
    assert run.nodes_taken_out([8081, 8082], {8082}) == {8082}
    assert run.nodes_taken_out([8081, 8082], {8081, 8082}) == set()  # Redis down: degrade


def test_the_nginx_configuration_is_valid_and_retries_only_idempotent_requests(
    monkeypatch, tmp_path
):
    run = _load("stack_run", ROOT / "deploy/stack/run.py", monkeypatch, STACK_DIR=str(tmp_path))
    run.LOGS.mkdir(parents=True)
    config = run.nginx_config(18999, "12m")
    run.write_upstream([18998, 18997], {18997})
    text = config.read_text()
    assert not re.search(r"@\w+@", text)  # every placeholder filled
    assert "proxy_next_upstream error timeout http_502 http_504;" in text
    assert "http_503" not in text.split("proxy_next_upstream ", 1)[1].split(";", 1)[0]
    assert not re.search(r"^\s*proxy_next_upstream .*non_idempotent", text, re.M)
    assert "proxy_set_header X-Request-ID $portal_request_id;" in text
    upstream = (run.RUN / "upstream.conf").read_text()
    assert "server 127.0.0.1:18998 max_fails=1 fail_timeout=3s;" in upstream
    assert "server 127.0.0.1:18997 max_fails=1 fail_timeout=3s down;" in upstream
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx is None:
        pytest.skip("nginx is not installed (make stack installs it)")
    result = subprocess.run(
        [nginx, "-t", "-p", str(run.RUN), "-c", str(config)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_gunicorn_stops_gracefully_and_logs_request_ids(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9999")
    settings = {}
    exec((ROOT / "deploy/gunicorn.conf.py").read_text(), settings)
    assert settings["bind"] == "127.0.0.1:9999"
    assert 0 < settings["graceful_timeout"] <= settings["timeout"]
    assert "x-request-id" in settings["access_log_format"]
