"""The fault drill's simulated users (``bench/drill.py``): each its own session, reading
pages and filing and submitting recommendations through the web forms, with a tally of
what was asked and what failed. Also the repository scripts the drill reuses (the
newcomer's browser and mail reader, the stack's commands), loaded once here."""

from __future__ import annotations

import importlib.util
import random
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str, path: Path):
    """A script of the repository that is not in a package, as a module."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


newcomer = _load("newcomer", ROOT / ".ci" / "newcomer.py")  # its browser and mail reader
stack_run = _load("stack_run", ROOT / "deploy" / "stack" / "run.py")
Browser, Failed = newcomer.Browser, newcomer.Failed

READ_PATHS = [
    "/",
    "/recommendations/",
    "/pilots/",
    "/events/",
    "/states/",
    "/notifications/",
    "/dashboard/",
    "/health/live",
]


def say(message: str) -> None:
    print(f"drill: {message}", flush=True)


@dataclass
class Tally:
    gets: int = 0
    get_failures: list[str] = field(default_factory=list)
    posts: int = 0
    post_errors: int = 0  # answers with an error status or no answer (then retried)
    writes_started: int = 0
    writes_given_up: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class User:
    """One signed-in person: reads pages, and files and submits recommendations."""

    def __init__(self, base: str, tally: Tally, run: str, index: int):
        self.browser = Browser(base)
        self.tally, self.run, self.index = tally, run, index
        self.count = 0

    def get(self, path: str) -> tuple[int, str, str]:
        with self.tally.lock:
            self.tally.gets += 1
        try:
            status, url, html = self.browser.open(path)
        except OSError as exc:
            status, url, html = 0, path, str(exc)
        if status >= 500 or status == 0:
            with self.tally.lock:
                self.tally.get_failures.append(f"GET {path}: {status or html[:80]}")
        return status, url, html

    def post(self, path: str, data) -> tuple[int, str, str]:
        """A POST, sent again (same fields, same one-time token) after an error: at most
        three tries."""
        for attempt in range(3):
            with self.tally.lock:
                self.tally.posts += 1
            try:
                status, url, html = self.browser.open(path, data)
            except OSError as exc:
                status, url, html = 0, path, str(exc)
            if status and status < 500:
                return status, url, html
            with self.tally.lock:
                self.tally.post_errors += 1
            time.sleep(1 + attempt)
        return status, url, html

    def sign_in(self) -> None:
        for _ in range(10):
            try:
                newcomer.sign_in(self.browser)
                return
            except (Failed, OSError):
                time.sleep(2)
        raise Failed(f"user {self.index} could not sign in")

    def form(self, path: str, containing: str) -> dict:
        status, _url, html = self.get(path)
        if status != 200:
            raise Failed(f"GET {path} answered {status}")
        parser = newcomer.FormParser()
        parser.feed(html)
        for form in parser.forms:
            if containing in form["fields"] or containing in form["choices"]:
                form["labels"] = parser.labels
                return form
        raise Failed(f"{path} has no form with {containing!r}")

    def file_and_submit(self) -> None:
        self.count += 1
        title = f"Drill {self.run} u{self.index}-{self.count}: a national task force"
        with self.tally.lock:
            self.tally.writes_started += 1
        try:
            form = self.form("/recommendations/new/", "title")
            pairs = list(dict(form["fields"], title=title, text="Drill text.").items())
            for name, label in {
                "organization": "Civil Society Alliance",
                "party": "Pakistan",
            }.items():
                options = [v for v, _s in form["choices"].get(name, []) if v]
                pairs += [(name, v) for v in options if label in form["labels"].get((name, v), "")][
                    :1
                ]
            pairs += [("instruments", form["choices"]["instruments"][0][0]), ("action", "preview")]
            status, url, _html = self.post("/recommendations/new/", pairs)
            match = re.search(r"/recommendations/(\d+)/preview/", url)
            if not match:
                raise Failed(f"filing answered {status} at {url}")
            pk = match.group(1)
            submit = self.form(f"/recommendations/{pk}/preview/", "csrfmiddlewaretoken")
            status, url, _html = self.post(f"/recommendations/{pk}/submit/", submit["fields"])
            if status >= 500 or status == 0:
                raise Failed(f"submitting answered {status}")
            with self.tally.lock:
                self.tally.titles.append(title)
        except (Failed, KeyError, IndexError) as exc:
            with self.tally.lock:
                self.tally.writes_given_up.append(f"{title}: {exc}")

    def loop(self, until: float, stop: threading.Event) -> None:
        self.sign_in()
        while time.monotonic() < until and not stop.is_set():
            for path in random.sample(READ_PATHS, 3):
                self.get(path)
            if random.random() < 0.5:
                self.file_and_submit()
            time.sleep(0.3)
