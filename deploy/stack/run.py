"""`make stack`: the production topology on one host, without containers.

    nginx :8080  ->  gunicorn node 1 :8081, gunicorn node 2 :8082
    two Celery workers, one beat; PostgreSQL and Redis (the running ones, or started here)

Production settings (DEBUG off, manifest static files through WhiteNoise, sessions in
the database, cache in Redis) over plain HTTP on the loopback, so the HTTPS-only
settings are turned off explicitly. The proxy sends requests only to nodes whose
``/health/ready`` answers 200 while at least one does (when none does, a shared part
is down and the nodes degrade, so all stay in); a refused or broken connection, or a
502/503/504, sends an idempotent request to the other node. A process that dies is
started again. One Ctrl-C (SIGINT or SIGTERM) stops everything this script started:
the nodes finish their requests, the workers their tasks (warm shutdown).

Environment: STACK_PORT (8080), STACK_WEB_PORTS (8081,8082), STACK_WORKERS (2),
STACK_DEMO (true: load the demo accounts), DATABASE_URL, REDIS_URL, SECRET_KEY (one is
made and kept under var/stack/ when unset); any portal variable passes through. The
state of the run is in var/stack/stack.json (processes and their ids, the environment),
the logs in var/stack/logs/.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:  # a script has its folder there; a module loaded by path not
    sys.path.insert(0, _HERE)
from stack_parts import (  # noqa: E402
    ensure_postgres,
    env_bool,
    live,
    nginx_binary,
    nodes_taken_out,
    port_open,
    ready,
    redis_command,
    say,
)

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
STATE = Path(os.environ.get("STACK_DIR") or ROOT / "var" / "stack").resolve()
LOGS = STATE / "logs"
RUN = STATE / "nginx"
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
GRACE_SECONDS = 40  # longer than gunicorn's graceful timeout and a delivery batch


@dataclass
class Proc:
    name: str
    argv: list[str]
    env: dict[str, str]
    restart: bool = True
    popen: subprocess.Popen | None = None
    restarts: int = 0
    next_start: float = 0.0
    log: Path = field(init=False)

    def __post_init__(self):
        self.log = LOGS / f"{self.name}.log"

    def start(self) -> None:
        out = self.log.open("ab")
        # Its own process group: a terminal's Ctrl-C reaches this script only, which
        # stops the children in order; a drill can kill a whole node (group) at once.
        self.popen = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        out.close()

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal(self, sig: int) -> None:
        """A graceful stop goes to the main process only (gunicorn's master, Celery's
        main process, nginx's master stop their children in order); SIGKILL to the
        whole group, so that nothing is left."""
        if self.popen is None:
            return
        try:
            if sig == signal.SIGKILL:
                os.killpg(self.popen.pid, sig)
            elif self.alive():
                self.popen.send_signal(sig)
        except ProcessLookupError:
            pass


# --- PostgreSQL, Redis, nginx --------------------------------------------------------------


def redis_process(url: str) -> Proc | None:
    """A Redis server for the stack when none answers at a local REDIS_URL."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 6379
    if port_open(host, port) or host not in ("127.0.0.1", "localhost"):
        return None
    if not shutil.which("redis-server"):
        raise SystemExit(
            "stack: no Redis answers at REDIS_URL and redis-server is missing "
            "(apt-get install redis-server)"
        )
    data = STATE / "redis"
    data.mkdir(parents=True, exist_ok=True)
    return Proc("redis", redis_command(host, port, data), dict(os.environ))


def nginx_config(port: int, client_max_body_size: str) -> Path:
    RUN.mkdir(parents=True, exist_ok=True)
    user_line = ""
    if os.geteuid() == 0:  # the master runs as root: its workers as www-data, not root
        try:
            entry = pwd.getpwnam("www-data")
            user_line = "user www-data;"
        except KeyError:
            entry = None
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (RUN / sub).mkdir(exist_ok=True)
            if entry:
                os.chown(RUN / sub, entry.pw_uid, entry.pw_gid)
    values = {
        "user_line": user_line,
        "run_dir": str(RUN),
        "log_dir": str(LOGS),
        "mime_types": "/etc/nginx/mime.types",
        "listen": f"127.0.0.1:{port}",
        "client_max_body_size": client_max_body_size,
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    path = RUN / "nginx.conf"
    path.write_text(text)
    return path


def write_upstream(ports: list[int], down: set[int]) -> None:
    lines = ["upstream portal {"]
    for port in ports:
        mark = " down" if port in down else ""
        lines.append(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=3s{mark};")
    lines.append("}")
    (RUN / "upstream.conf").write_text("\n".join(lines) + "\n")


def beat_command(schedule: Path) -> list[str]:
    return [
        str(BIN / "celery"),
        "-A",
        "config",
        "beat",
        "--loglevel",
        "INFO",
        "--schedule",
        str(schedule),
    ]


# --- The stack -----------------------------------------------------------------------------------


class Stack:
    def __init__(self):
        self.port = int(os.environ.get("STACK_PORT", "8080"))
        self.web_ports = [int(p) for p in os.environ.get("STACK_WEB_PORTS", "8081,8082").split(",")]
        self.worker_count = int(os.environ.get("STACK_WORKERS", "2"))
        self.procs: dict[str, Proc] = {}
        self.stopping = False
        self.interrupted = False
        self.started_postgres = False
        self.down: set[int] = set()
        STATE.mkdir(parents=True, exist_ok=True)
        LOGS.mkdir(parents=True, exist_ok=True)
        self.env = self._environment()

    def _secret_key(self) -> str:
        if os.environ.get("SECRET_KEY"):
            return os.environ["SECRET_KEY"]
        path = STATE / "secret_key"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        return path.read_text().strip()

    def _environment(self) -> dict[str, str]:
        origin = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        env.update(
            {
                "DEBUG": "false",
                "DATABASE_URL": os.environ.get(
                    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/untoc_portal_stack"
                ),
                "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
                "SECRET_KEY": self._secret_key(),
                "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost"),
                "CSRF_TRUSTED_ORIGINS": f"{origin},http://localhost:{self.port}",
                "SITE_URL": os.environ.get("SITE_URL", origin),
                # Plain HTTP on the loopback: the HTTPS-only settings are off, by choice.
                "SECURE_SSL_REDIRECT": "false",
                "SESSION_COOKIE_SECURE": "false",
                "CSRF_COOKIE_SECURE": "false",
                "SECURE_HSTS_SECONDS": "0",
                "DEMO_DATA_ALLOWED": "true"
                if env_bool("STACK_DEMO", True)
                else os.environ.get("DEMO_DATA_ALLOWED", "false"),
                "PORTAL_VAR_DIR": os.environ.get("PORTAL_VAR_DIR", str(STATE / "shared")),
                "PYTHONUNBUFFERED": "1",
                "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
            }
        )
        return env

    def manage(self, *args: str) -> None:
        result = subprocess.run(
            [str(BIN / "python"), "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
            raise SystemExit(f"stack: manage.py {args[0]} failed")
        if args[0] == "load_demo":
            print(result.stdout, end="")

    def static_stale(self) -> bool:
        """Whether collectstatic must run: no manifest yet, or a file of static/ is newer
        (the installed packages' files change when `make install` reinstalls them)."""
        root = Path(self.env.get("STATIC_ROOT") or Path(self.env["PORTAL_VAR_DIR"]) / "static")
        manifest = root / "staticfiles.json"
        if not manifest.exists():
            return True
        built = manifest.stat().st_mtime
        sources = [ROOT / "static", BIN.parent / ".installed"]
        newest = max(
            (
                f.stat().st_mtime
                for src in sources
                for f in ([src] if not src.is_dir() else src.rglob("*"))
                if f.is_file()
            ),
            default=0,
        )
        return newest > built

    def add(self, proc: Proc) -> None:
        self.procs[proc.name] = proc
        proc.start()

    def web(self, index: int, port: int) -> Proc:
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        return Proc(
            f"web{index}",
            [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi:application"],
            env,
        )

    def worker(self, index: int) -> Proc:
        return Proc(
            f"worker{index}",
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "-n",
                f"worker{index}@%h",
                "--concurrency",
                "2",
                "--loglevel",
                "INFO",
            ],
            self.env,
        )

    def beat(self) -> Proc:
        schedule = Path(self.env["PORTAL_VAR_DIR"]) / "celerybeat-schedule"
        return Proc("beat", beat_command(schedule), self.env)

    def write_state(self) -> None:
        state = {
            "proxy": f"http://127.0.0.1:{self.port}",
            "web_ports": self.web_ports,
            "supervisor_pid": os.getpid(),
            "processes": {
                name: {"pid": p.pid, "restarts": p.restarts} for name, p in self.procs.items()
            },
            "env": {
                k: v
                for k, v in self.env.items()
                if k
                in (
                    "DATABASE_URL",
                    "REDIS_URL",
                    "SECRET_KEY",
                    "PORTAL_VAR_DIR",
                    "SITE_URL",
                    "ALLOWED_HOSTS",
                    "CSRF_TRUSTED_ORIGINS",
                    "DEBUG",
                    "DEMO_DATA_ALLOWED",
                    "SECURE_SSL_REDIRECT",
                    "PATH",
                    "SESSION_COOKIE_SECURE",
                    "CSRF_COOKIE_SECURE",
                    "SECURE_HSTS_SECONDS",
                    "PYTHONUNBUFFERED",
                )
                or k.startswith(("CELERY_", "NOTIFICATION_", "HEARTBEAT_", "CACHE_"))
            },
        }
        tmp = STATE / "stack.json.tmp"
        tmp.write_text(json.dumps(state, indent=2))
        tmp.replace(STATE / "stack.json")

    def start(self) -> None:
        self.started_postgres = ensure_postgres(self.env["DATABASE_URL"])
        redis = redis_process(self.env["REDIS_URL"])
        if redis is not None:
            say("starting Redis")
            self.add(redis)
            host = urlsplit(self.env["REDIS_URL"])
            for _ in range(30):
                if port_open(host.hostname or "127.0.0.1", host.port or 6379):
                    break
                time.sleep(0.5)
        nginx = nginx_binary()
        say("migrating, collecting static files")
        self.manage("migrate", "--no-input")
        if self.static_stale():
            self.manage("collectstatic", "--no-input", "--verbosity", "0")
        if self.env["DEMO_DATA_ALLOWED"] == "true" and env_bool("STACK_DEMO", True):
            self.manage("load_demo")
        for index, port in enumerate(self.web_ports, start=1):
            self.add(self.web(index, port))
        for index in range(1, self.worker_count + 1):
            self.add(self.worker(index))
        self.add(self.beat())
        max_body = int(self.env.get("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)) // (1024 * 1024) + 2
        config = nginx_config(self.port, f"{max_body}m")
        write_upstream(self.web_ports, set())
        self.add(
            Proc("nginx", [nginx, "-p", str(RUN), "-c", str(config), "-g", "daemon off;"], self.env)
        )
        self.write_state()
        proxy = f"http://127.0.0.1:{self.port}/"
        for _ in range(120):
            if live(proxy + "health/live") or self.interrupted:
                break
            self.watch()
            time.sleep(0.5)
        else:
            raise SystemExit(f"stack: the proxy did not answer at {proxy}; see {LOGS}")
        say("")
        say(
            f"The portal is serving at {proxy} (nginx -> gunicorn on "
            f"{', '.join(map(str, self.web_ports))}; {self.worker_count} workers, one beat)"
        )
        say(f"Logs: {LOGS}/. Mail: {self.env['PORTAL_VAR_DIR']}/mail/. Ctrl-C stops all.")
        say("")

    def watch(self) -> None:
        """Start again what died (after a second, then backing off)."""
        now = time.monotonic()
        for proc in self.procs.values():
            if self.stopping or proc.alive() or not proc.restart:
                continue
            if proc.next_start == 0.0:
                code = proc.popen.returncode if proc.popen else None
                say(f"{proc.name} exited ({code}): starting it again")
                proc.next_start = now + min(1 + proc.restarts, 10)
            elif now >= proc.next_start:
                proc.restarts += 1
                proc.next_start = 0.0
                proc.start()
                self.write_state()

    def route(self) -> None:
        """The proxy sends to the ready nodes; all of them when none is ready."""
        down = nodes_taken_out(self.web_ports, {p for p in self.web_ports if not ready(p)})
        if down != self.down:
            self.down = down
            write_upstream(self.web_ports, down)
            self.procs["nginx"].popen.send_signal(signal.SIGHUP)  # graceful reload
            say("nodes taken out (not ready): " + (", ".join(map(str, sorted(down))) or "none"))

    def run(self) -> None:
        last_route = 0.0
        while not self.interrupted:
            self.watch()
            if time.monotonic() - last_route > 2 and self.procs["nginx"].alive():
                last_route = time.monotonic()
                self.route()
            time.sleep(0.5)

    def stop(self) -> None:
        self.stopping = True
        say("stopping: nodes finish their requests, workers their tasks")
        # nginx: SIGQUIT is its graceful stop; the others take SIGTERM (gunicorn and
        # Celery: graceful / warm shutdown).
        for proc in self.procs.values():
            proc.signal(signal.SIGQUIT if proc.name == "nginx" else signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        while time.monotonic() < deadline and any(p.alive() for p in self.procs.values()):
            time.sleep(0.2)
        for proc in self.procs.values():
            if proc.alive():
                say(f"{proc.name} did not stop in {GRACE_SECONDS} s: killing it")
            proc.signal(signal.SIGKILL)
        if self.started_postgres:
            versions = sorted(os.listdir("/etc/postgresql"))
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "stop"],
                check=False,
            )
        say("stopped")


def main() -> int:
    stack = Stack()
    signal.signal(signal.SIGINT, lambda *a: setattr(stack, "interrupted", True))
    signal.signal(signal.SIGTERM, lambda *a: setattr(stack, "interrupted", True))
    try:
        stack.start()
        if not stack.interrupted:
            stack.run()
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
