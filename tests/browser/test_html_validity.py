"""Every key page is valid HTML according to the Nu HTML Checker (vnu.jar from npm)."""

import json
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.test import Client

from tests.browser.pages import demo_user, key_pages
from tests.browser.support import ARTIFACTS, VNU, need

pytestmark = pytest.mark.django_db


def test_key_pages_are_valid_html(tmp_path):
    need(VNU.exists(), "the Nu HTML Checker is not installed (npm install)")
    need(shutil.which("java") is not None, "Java is needed to run the Nu HTML Checker")
    call_command("load_demo", stdout=open("/dev/null", "w"))
    files = {}
    for name, role, url in key_pages():
        client = Client()
        user = demo_user(role)
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, f"{name}: HTTP {response.status_code}"
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files[str(path)] = name
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--stdout", *files],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stdout or "{}").get("messages", [])
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages if m.get("type") == "error"
    ]
    (ARTIFACTS).mkdir(exist_ok=True)
    (ARTIFACTS / "vnu.json").write_text(json.dumps(messages, indent=1))
    assert not errors, "\n".join(errors)
