"""The pieces of `make stack` (deploy/stack/run.py) that hold no state of the run:
messages, PostgreSQL and the readiness probes, the Redis and nginx commands."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit


def say(message: str) -> None:
    print(f"stack: {message}", flush=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def ensure_postgres(url: str) -> bool:
    """The database server answers (started like CI does when it is local and down),
    and the database exists. True when this script started the server."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 5432
    started = False
    if not port_open(host, port) and host in ("127.0.0.1", "localhost"):
        versions = sorted(os.listdir("/etc/postgresql")) if Path("/etc/postgresql").is_dir() else []
        if versions:
            say(f"starting PostgreSQL {versions[-1]}")
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"],
                check=False,
            )
            started = True
    for _ in range(60):
        if port_open(host, port):
            break
        time.sleep(1)
    else:
        raise SystemExit(f"stack: PostgreSQL does not answer at {host}:{port}")
    import psycopg2

    name = parts.path.lstrip("/")
    dsn = dict(
        host=host,
        port=port,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    for _ in range(30):
        try:
            connection = psycopg2.connect(**{k: v for k, v in dsn.items() if v})
            break
        except psycopg2.OperationalError:
            time.sleep(1)
    else:
        raise SystemExit("stack: PostgreSQL does not accept connections")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            say(f"creating the database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return started


def redis_command(host: str, port: int, data: Path) -> list[str]:
    """A Redis server without persistence (a cache and a broker whose loss the portal
    survives: the outbox is in the database)."""
    return [
        "redis-server",
        "--bind",
        host,
        "--port",
        str(port),
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(data),
    ]


def nginx_binary() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found:
        return found
    say("nginx is missing: installing Debian's package")
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [*prefix, "apt-get", "install", "-y", "-qq", "nginx"]
    if subprocess.run(install, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run([*prefix, "apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(install, env=env, stdout=subprocess.DEVNULL, check=False)
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if not found:
        raise SystemExit("stack: nginx could not be installed (apt-get install nginx)")
    return found


def nodes_taken_out(ports: list[int], unready: set[int]) -> set[int]:
    """The nodes the proxy skips: the unready ones, unless none is ready (then a shared
    part is down, the nodes degrade, and all stay in)."""
    return set() if unready >= set(ports) else unready & set(ports)


def ready(port: int) -> bool:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/health/ready", headers={"Host": "127.0.0.1"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def live(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False
