"""Production defaults that cannot leak: docker-compose.yml carries no secret and does not
allow the demo data (published passwords) unless .env says so."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Z_]+)(?P<op>:?[-?])?(?P<arg>[^}]*)\}")


def _services() -> dict:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return {name: service.get("environment", {})
            for name, service in compose["services"].items()}


def _portal_environments() -> dict[str, dict]:
    envs = {name: env for name, env in _services().items() if "SECRET_KEY" in env}
    assert {"web", "worker", "beat"} <= set(envs), envs.keys()
    return envs


def test_compose_has_no_default_secret_key_and_refuses_to_start_without_one():
    for name, env in _portal_environments().items():
        value = str(env["SECRET_KEY"])
        match = INTERPOLATION.fullmatch(value)
        assert match, f"{name}: SECRET_KEY is a literal in docker-compose.yml"
        assert match["name"] == "SECRET_KEY"
        # ${SECRET_KEY:?message}: unset or empty stops compose with the message
        assert match["op"] == ":?", f"{name}: SECRET_KEY has a fallback ({value})"
        assert ".env.example" in match["arg"]


def test_compose_does_not_allow_demo_data_by_default():
    for name, env in _portal_environments().items():
        value = str(env.get("DEMO_DATA_ALLOWED", "false"))
        match = INTERPOLATION.fullmatch(value)
        default = (match["arg"] if match and match["op"] in (":-", "-") else
                   "" if match else value)
        assert default.strip().lower() not in ("1", "true", "yes", "on"), (name, value)


def test_env_example_ships_no_usable_secret():
    lines = dict(line.split("=", 1) for line in
                 (ROOT / ".env.example").read_text().splitlines()
                 if "=" in line and not line.lstrip().startswith("#"))
    assert lines["SECRET_KEY"].strip() == ""
    assert lines["DEMO_DATA_ALLOWED"].split("#")[0].strip() == "false"
