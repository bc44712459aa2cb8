"""What a newcomer meets, checked from the outside: `make run` in a fresh clone with no
DATABASE_URL or REDIS_URL, then the portal as a person uses it.

    python3 .ci/newcomer.py            # clones the current commit into a temporary folder

1. `make run PORT=<free port>` in a fresh clone, as the README's first command;
2. wait for the URL it prints and fetch the home page;
3. sign in as the demo alliance coordinator, file a recommendation through the web form
   and submit it;
4. wait until the focal person's e-mail appears under var/mail/ exactly once (and stays
   once through a sweep of the outbox), with links to the address `make run` served;
5. stop everything with one SIGINT to `make run`'s process group and check that no
   process of the clone is left running.

Standard library only: it runs before anything is installed. Exits non-zero with the
reason on the first step that does not hold; the log of `make run` is printed then.
"""

from __future__ import annotations

import email
import email.policy
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COORDINATOR = "coordinator.cgr@demo.untoc.test"
FOCAL_PERSON = "focal.pakistan@demo.untoc.test"
PASSWORD = "demo-portal-2022"
START_TIMEOUT = 900  # a fresh clone installs its virtual environment first
SWEEP_WAIT = 75  # beat sweeps the outbox every 60 s: a duplicate would show by then


class Failed(Exception):
    pass


def say(message: str) -> None:
    print(f"newcomer: {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FormParser(HTMLParser):
    """The fields of every form on a page: inputs, checkboxes, selects, textareas."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self.labels: dict[tuple[str, str], str] = {}  # (select name, value) -> option text
        self._option: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}, "choices": {}})
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                form["choices"].setdefault(a["name"], []).append(
                    (a.get("value", "on"), "checked" in a))
            elif kind not in ("submit", "button", "file"):
                form["fields"][a["name"]] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            form["fields"][a["name"]] = ""
        elif tag == "select" and a.get("name"):
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
            self._option = a.get("value", "")

    def handle_data(self, data):
        if self._select is not None and self._option is not None:
            key = (self._select, self._option)
            self.labels[key] = self.labels.get(key, "") + data

    def handle_endtag(self, tag):
        if tag == "option":
            self._option = None
        if tag == "select" and self._select is not None and self.forms:
            self.forms[-1]["choices"][self._select] = self._options
            self._select = None


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, path: str, data: dict | list | None = None):
        url = urllib.parse.urljoin(self.base, path)
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, url, exc.read().decode(errors="replace")

    def form(self, path: str, *, containing: str) -> tuple[str, dict]:
        status, url, html = self.open(path)
        if status != 200:
            raise Failed(f"GET {path} answered {status}")
        parser = FormParser()
        parser.feed(html)
        for form in parser.forms:
            if containing in form["fields"] or containing in form["choices"]:
                form["labels"] = parser.labels
                return url, form
        raise Failed(f"{path} has no form with a field {containing!r}")


def wait_for_url(log: Path, process: subprocess.Popen) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace") if log.exists() else ""
        match = re.search(r"The portal is starting at (http://\S+?)/?\s", text)
        if match:
            return match.group(1) + "/"
        if process.poll() is not None:
            raise Failed(f"make run exited with {process.returncode} before printing the URL")
        time.sleep(2)
    raise Failed(f"make run printed no URL within {START_TIMEOUT} s")


def wait_for_home(browser: Browser) -> None:
    deadline = time.monotonic() + 120
    last = ""
    while time.monotonic() < deadline:
        try:
            status, _, html = browser.open("/")
            if status == 200 and "<html" in html.lower():
                return
            last = f"HTTP {status}"
        except OSError as exc:
            last = str(exc)
        time.sleep(1)
    raise Failed(f"the home page did not answer 200 within 120 s ({last})")


def sign_in(browser: Browser) -> None:
    _, form = browser.form("/accounts/login/", containing="login")
    data = dict(form["fields"], login=COORDINATOR, password=PASSWORD)
    status, url, html = browser.open("/accounts/login/", data)
    if status != 200 or "/accounts/login/" in url:
        raise Failed(f"signing in as {COORDINATOR} failed (HTTP {status}, at {url})")


def file_and_submit(browser: Browser, title: str) -> str:
    url, form = browser.form("/recommendations/new/", containing="title")
    data = dict(form["fields"], title=title,
                text="Set up a centralized national task force against organized crime.")
    pairs = list(data.items())
    # The alliance files to its own State, as the coordinator would choose.
    wanted = {"organization": "Civil Society Alliance", "party": "Pakistan"}
    for name, label in wanted.items():
        options = [v for v, _sel in form["choices"].get(name, []) if v]
        chosen = [v for v in options if label in form["labels"].get((name, v), "")]
        if not chosen:
            raise Failed(f"the filing form offers no {name} named {label!r}")
        pairs.append((name, chosen[0]))
    instruments = form["choices"].get("instruments") or []
    if not instruments:
        raise Failed("the filing form offers no instrument")
    pairs += [("instruments", instruments[0][0]), ("action", "preview")]
    status, preview_url, html = browser.open("/recommendations/new/", pairs)
    match = re.search(r"/recommendations/(\d+)/preview/", preview_url)
    if status != 200 or not match:
        errors = re.findall(r'class="[^"]*error-message[^"]*"[^>]*>(.*?)<', html, re.S)
        raise Failed(f"saving the draft failed (HTTP {status}, at {preview_url}): {errors}")
    pk = match.group(1)
    _, submit = browser.form(f"/recommendations/{pk}/preview/",
                             containing="csrfmiddlewaretoken")
    status, receipt_url, html = browser.open(f"/recommendations/{pk}/submit/",
                                             submit["fields"])
    if status != 200 or "/receipt/" not in receipt_url:
        raise Failed(f"submitting failed (HTTP {status}, at {receipt_url})")
    say(f"filed and submitted recommendation {pk} through the web form")
    return pk


def mails_to(mail_dir: Path, recipient: str, needle: str) -> list[email.message.Message]:
    """Every message in Django's mail files addressed to `recipient` that mentions
    `needle` (in its subject or any text part)."""
    found = []
    # One .eml file per message; Django's own file backend appends messages to .log files.
    paths = sorted([*mail_dir.glob("*.eml"), *mail_dir.glob("*.log")]) if mail_dir.exists() \
        else []
    for path in paths:
        for raw in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            if not raw.strip():
                continue
            message = email.message_from_string(raw.lstrip("\n"), policy=email.policy.default)
            if recipient not in str(message.get("To", "")):
                continue
            texts = [str(message.get("Subject", ""))]
            for part in message.walk():
                if part.get_content_maintype() == "text":
                    texts.append(part.get_content())
            if any(needle in t for t in texts):
                found.append(message)
    return found


def wait_for_mail(mail_dir: Path, title: str, base: str) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and not mails_to(mail_dir, FOCAL_PERSON, title):
        time.sleep(2)
    first = mails_to(mail_dir, FOCAL_PERSON, title)
    if not first:
        raise Failed(f"no e-mail to {FOCAL_PERSON} about the submission within 180 s")
    say(f"the focal person's e-mail arrived; waiting {SWEEP_WAIT} s for any duplicate")
    time.sleep(SWEEP_WAIT)
    found = mails_to(mail_dir, FOCAL_PERSON, title)
    if len(found) != 1:
        raise Failed(f"{len(found)} e-mails to {FOCAL_PERSON} about the submission, not 1")
    body = "".join(p.get_content() for p in found[0].walk()
                   if p.get_content_type() == "text/plain")
    if base.rstrip("/") not in body:
        raise Failed(f"the e-mail's links do not point to {base}: {body[:400]!r}")
    say("exactly one e-mail to the focal person, linking to the address make run served")


def processes_of(clone: Path) -> list[str]:
    """Processes whose working folder or command line is inside the clone."""
    left = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cwd = os.readlink(entry / "cwd")
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if cwd.startswith(str(clone)) or str(clone) in cmdline:
            left.append(f"{entry.name}: {cmdline.strip()[:160]}")
    return left


def stop(process: subprocess.Popen, clone: Path) -> None:
    os.killpg(process.pid, signal.SIGINT)  # one Ctrl-C, to the whole foreground group
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired as exc:
        raise Failed("make run was still running 60 s after one SIGINT") from exc
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and processes_of(clone):
        time.sleep(1)
    left = processes_of(clone)
    if left:
        raise Failed("processes left running after one SIGINT:\n  " + "\n  ".join(left))
    say("one SIGINT stopped web, worker and beat; nothing left running")


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="portal-newcomer-"))
    clone = workdir / "portal"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()
    subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", head], check=True)
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "PORTAL_VAR_DIR",
                        "SITE_URL", "SECRET_KEY", "DEBUG", "CI"}}
    log = workdir / "make-run.log"
    say(f"make run PORT={port} in a fresh clone at {clone}")
    with log.open("w") as out:
        process = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=clone, env=env,
                                   stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        base = wait_for_url(log, process)
        browser = Browser(base)
        wait_for_home(browser)
        say(f"home page served at {base}")
        sign_in(browser)
        title = f"Newcomer check {int(time.time())}: a national task force"
        file_and_submit(browser, title)
        wait_for_mail(clone / "var" / "mail", title, base)
        stop(process, clone)
    except Failed as exc:
        say(f"FAILED: {exc}")
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        for line in processes_of(clone):
            pid = int(line.split(":", 1)[0])
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        print("---- make run's output (last 150 lines) ----")
        print("\n".join(log.read_text(errors="replace").splitlines()[-150:]))
        return 1
    say("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
