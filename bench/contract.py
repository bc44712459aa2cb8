"""The API contract run: the schemathesis command line, with every check and every phase
(examples, coverage, fuzzing, stateful), against the portal served as in production, once
anonymously and once per role of tests/api/conftest.py, on a seeded world.

    python -m bench.contract                       # every role, the default sizes
    python -m bench.contract --roles member,staff --max-examples 5
    make api-contract CONTRACT_ARGS="--roles anonymous --phases coverage"

What it does:

1. Drops and recreates the database ``contract_seed`` (every database this script touches
   has a name starting with ``contract``), migrates it and seeds it
   (bench/contract_world.py: the API tests' world, the in-suite fuzz tests' objects, a
   token per role).
2. Per role: copies the seeded database to ``contract_run`` (a PostgreSQL template copy:
   each role starts from the same world, whatever the previous role deleted), starts
   gunicorn on a free loopback port with production settings (``DEBUG`` off, the
   response cache on, Redis cache under a key prefix of its own, the broker in files so
   that no task is queued in Redis), and runs ``st run`` with that role's token.
3. Prints a table: per role, the test cases generated, then the failures by kind: server
   errors, schema violations (responses outside the schema: body, status, headers,
   content type), negative data accepted, and the other checks. The full text of each
   role's run is in ``var/contract/<role>.txt``, its JSON report in
   ``var/contract/<role>.json``. The exit status is non-zero when any role has a failure.

The generated path ids are aimed at the seeded objects half of the time (a dictionary per
path parameter, see ``operation_blocks``), otherwise they are random (mostly 404s).

Environment: ``CONTRACT_PG`` (server, default ``postgres://postgres@127.0.0.1:5432``),
``CONTRACT_DB`` (the prefix, default ``contract``; must start with ``contract``),
``CONTRACT_REDIS`` (default ``redis://127.0.0.1:6379/10``), ``CONTRACT_PORT`` (default:
a free port)."""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.contract_checks import EXCLUDED_CHECKS, SELF_ENDING, classify, config_toml

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var" / "contract"
PY = sys.executable
ST = str(Path(sys.executable).parent / "st")
PHASES = "examples,coverage,fuzzing,stateful"
KINDS = ("server errors", "schema violations", "negative data accepted", "other")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Run:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.pg = os.environ.get("CONTRACT_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
        self.prefix = os.environ.get("CONTRACT_DB", "contract")
        if not self.prefix.startswith("contract"):
            raise SystemExit("CONTRACT_DB must start with 'contract': this script drops it")
        self.seed_db, self.run_db = f"{self.prefix}_seed", f"{self.prefix}_run"
        self.redis = os.environ.get("CONTRACT_REDIS", "redis://127.0.0.1:6379/10")
        self.port = int(os.environ.get("CONTRACT_PORT") or free_port())
        self.cache_prefix = f"contract-{os.getpid()}-{int(time.time())}"

    def env(self, db: str) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": f"{self.pg}/{db}",
            "REDIS_URL": self.redis,
            "CACHE_KEY_PREFIX": self.cache_prefix,
            "CELERY_BROKER_URL": "filesystem://",
            "DEBUG": "false",
            "SECRET_KEY": "contract-run-only-secret-key-not-for-production-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_MANIFEST": "false",
            "PORTAL_VAR_DIR": str(VAR / "portal"),
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            # the throttles run (and answer their headers) but never refuse the run
            "API_THROTTLE_ANON": "100000000/hour",
            "API_THROTTLE_USER": "100000000/hour",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "ERROR",
        }

    # --- the database -------------------------------------------------------------------

    def sql(self, *statements: str) -> None:
        import psycopg2

        conn = psycopg2.connect(f"{self.pg}/postgres")
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                for statement in statements:
                    cur.execute(statement)
        finally:
            conn.close()

    def seed(self) -> dict:
        world = VAR / "world.json"
        if self.args.reuse and world.exists():
            log(f"reusing {self.seed_db} and {world}")
            return json.loads(world.read_text())
        log(f"creating {self.seed_db}, migrating, seeding")
        self.sql(
            f'DROP DATABASE IF EXISTS "{self.seed_db}" WITH (FORCE)',
            f'CREATE DATABASE "{self.seed_db}"',
        )
        env = self.env(self.seed_db)
        subprocess.run(
            [PY, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run(
            [PY, "-m", "bench.contract_world", str(world)], cwd=ROOT, env=env, check=True
        )
        return json.loads(world.read_text())

    def copy(self) -> None:
        self.sql(
            f'DROP DATABASE IF EXISTS "{self.run_db}" WITH (FORCE)',
            f'CREATE DATABASE "{self.run_db}" TEMPLATE "{self.seed_db}"',
        )

    # --- the server ---------------------------------------------------------------------

    def serve(self) -> subprocess.Popen:
        out = (VAR / "gunicorn.log").open("a")
        proc = subprocess.Popen(
            [
                PY,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--workers",
                str(self.args.server_workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--worker-class",
                "sync",
                "--timeout",
                "120",
                "--log-level",
                "warning",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=self.env(self.run_db),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {VAR / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(self.url("/health/live"), timeout=5):
                    return proc
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.5)
        proc.terminate()
        raise SystemExit(f"gunicorn did not answer; see {VAR / 'gunicorn.log'}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    # --- one role -------------------------------------------------------------------------

    def st(self, role: str, token: str) -> dict:
        config = VAR / "schemathesis.toml"
        report = VAR / f"{role}.json"
        report.unlink(missing_ok=True)
        command = [
            ST,
            "--config-file",
            str(config),
            "run",
            self.url("/api/schema/"),
            "--checks",
            "all",
            "--phases",
            self.args.phases,
            "--max-examples",
            str(self.args.max_examples),
            "--workers",
            str(self.args.workers),
            "--seed",
            str(self.args.seed),
            "--generation-deterministic",
            "--no-color",
            "--suppress-health-check",
            "all",
            "--request-timeout",
            "60",
            "--report",
            "json",
            "--report-json-path",
            str(report),
            "--output-truncate",
            "false",
            "--exclude-checks",
            ",".join(sorted(EXCLUDED_CHECKS)),
            *[arg for op in sorted(SELF_ENDING) for arg in ("--exclude-operation-id", op)],
        ]
        if token:
            command += ["-H", f"Authorization: Bearer {token}"]
        if self.args.include_path_regex:
            command += ["--include-path-regex", self.args.include_path_regex]
        log(f"{role}: st run ({self.args.phases}, max-examples {self.args.max_examples})")
        with (VAR / f"{role}.txt").open("w") as out:
            subprocess.run(
                command,
                cwd=VAR,
                env={**os.environ, "NO_COLOR": "1"},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        if not report.exists():
            return {"error": f"no report; see {VAR / f'{role}.txt'}"}
        return json.loads(report.read_text())

    def role(self, role: str, token: str) -> dict:
        self.copy()
        server = self.serve()
        try:
            return self.st(role, token)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()

    def main(self) -> int:
        VAR.mkdir(parents=True, exist_ok=True)
        (VAR / "gunicorn.log").write_text("")
        world = self.seed()
        (VAR / "schemathesis.toml").write_text(config_toml(world["ids"]))
        roles = self.args.roles.split(",") if self.args.roles else world["roles"]
        results = {}
        for role in roles:
            results[role] = summary(self.role(role, world["tokens"][role]))
            print_row(role, results[role])
        if not self.args.keep_db:
            self.sql(f'DROP DATABASE IF EXISTS "{self.run_db}" WITH (FORCE)')
        (VAR / "summary.json").write_text(json.dumps(results, indent=1))
        print_table(results)
        return 1 if any(r.get("failures") or r.get("error") for r in results.values()) else 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def summary(report: dict) -> dict:
    if "error" in report:
        return {"error": report["error"]}
    by_kind = dict.fromkeys(KINDS, 0)
    by_check: dict[str, int] = {}
    for group in report["failures"]:
        by_kind[classify(group["type"])] += group["count"]
        by_check[group["type"]] = by_check.get(group["type"], 0) + group["count"]
    return {
        "cases": report["test_cases"]["generated"],
        "operations": report["operations"]["tested"] if report["operations"] else 0,
        "failures": sum(by_kind.values()),
        "errors": sum(e["count"] for e in report["errors"]),
        "by_kind": by_kind,
        "by_check": by_check,
        "seconds": round(report["running_time"] or 0),
        "complete": report["complete"],
    }


def print_row(role: str, row: dict) -> None:
    if "error" in row:
        log(f"{role}: {row['error']}")
        return
    kinds = ", ".join(f"{kind} {row['by_kind'][kind]}" for kind in KINDS)
    log(
        f"{role}: {row['cases']} cases on {row['operations']} operations in "
        f"{row['seconds']} s: {kinds}; errors {row['errors']}"
        + (f" ({row['by_check']})" if row["by_check"] else "")
    )


def print_table(results: dict) -> None:
    print()
    head = (
        f"{'role':<14}{'cases':>8}{'5xx':>6}{'schema':>8}{'negative':>10}{'other':>7}{'errors':>8}"
    )
    print(head)
    print("-" * len(head))
    for role, row in results.items():
        if "error" in row:
            print(f"{role:<14}  {row['error']}")
            continue
        k = row["by_kind"]
        print(
            f"{role:<14}{row['cases']:>8}{k['server errors']:>6}{k['schema violations']:>8}"
            f"{k['negative data accepted']:>10}{k['other']:>7}{row['errors']:>8}"
        )
    print(f"\nDetails: {VAR}/<role>.txt (every failure with its curl command), <role>.json")


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--roles", default="", help="comma-separated (default: every role)")
    p.add_argument("--phases", default=PHASES)
    p.add_argument(
        "--max-examples", type=int, default=int(os.environ.get("CONTRACT_EXAMPLES", "25"))
    )
    p.add_argument("--workers", type=int, default=1, help="schemathesis workers")
    p.add_argument("--server-workers", type=int, default=2, help="gunicorn workers")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--include-path-regex", default="", help="only these operations")
    p.add_argument(
        "--reuse", action="store_true", help="keep the seeded database of the previous run"
    )
    p.add_argument("--keep-db", action="store_true", help="keep the last role's database")
    return p.parse_args(argv)


if __name__ == "__main__":
    sys.exit(Run(parse()).main())
