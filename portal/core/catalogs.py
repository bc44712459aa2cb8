"""The translation catalogs: where they are, how texts are extracted, what is missing.

One place for the extraction options, so that ``manage.py catalogs extract`` (which
updates the .po files) and ``manage.py catalogs check`` (which only reads, and fails
when a message of the code is missing from a catalog, or is empty or fuzzy) agree.
Reading uses Python only (portal/core/po.py); extracting needs GNU gettext.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from portal.core.po import Message, read_po

ROOT = Path(settings.BASE_DIR)
LOCALE_DIR = ROOT / "locale"
# The five translated languages (English is the source), with the number of plural forms
# gettext's header gives each: Russian one/few/many plus fractions, Arabic six, Chinese
# one; Spanish has a separate form for millions.
LANGUAGES = {"ar": 6, "zh_Hans": 1, "fr": 2, "ru": 4, "es": 3}
DOMAINS = {"django": ["html", "txt", "py"], "djangojs": ["js"]}
IGNORE = [".venv", "node_modules", "bench", "var", ".ci"]
# Locations name the file only: line numbers would change every catalog on every
# edit, and branches that add strings in parallel would conflict on them.
ADD_LOCATION = "file"


def gettext_available() -> bool:
    return all(shutil.which(tool) for tool in ("xgettext", "msguniq", "msgmerge"))


def makemessages_options(domain: str) -> dict:
    return {
        "domain": domain,
        "extensions": DOMAINS[domain],
        "ignore_patterns": list(IGNORE),
        "add_location": ADD_LOCATION,
        "no_obsolete": True,
        "verbosity": 0,
    }


def catalog_path(language: str, domain: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def key(message: Message) -> tuple[str | None, str]:
    return (message.msgctxt, message.msgid)


def label(message_key: tuple[str | None, str]) -> str:
    context, msgid = message_key
    return repr(msgid) + (f" (context {context!r})" if context else "")


@dataclass
class Report:
    """What one catalog lacks."""

    path: Path
    not_extracted: list[str] = field(default_factory=list)  # in the code, not the catalog
    stale: list[str] = field(default_factory=list)  # in the catalog, no longer in the code
    untranslated: list[str] = field(default_factory=list)  # empty or fuzzy

    @property
    def ok(self) -> bool:
        return not (self.not_extracted or self.stale or self.untranslated)


def untranslated(messages: list[Message]) -> list[str]:
    found = []
    for m in messages:
        if m.obsolete:
            continue
        forms = m.msgstr_plural if m.msgid_plural is not None else {0: m.msgstr}
        if "fuzzy" in m.flags:
            found.append(f"fuzzy: {label(key(m))}")
        elif not forms or any(not text.strip() for text in forms.values()):
            found.append(f"empty: {label(key(m))}")
    return found


def compare(path: Path, extracted: set[tuple[str | None, str]] | None) -> Report:
    """The catalog at ``path`` against the messages extracted from the code (None: the
    extraction is not compared, only empty and fuzzy messages are reported)."""
    report = Report(path)
    if not path.exists():
        report.not_extracted = ["the whole catalog: run `make messages`"]
        return report
    _header, messages = read_po(path)
    report.untranslated = untranslated(messages)
    if extracted is not None:
        present = {key(m) for m in messages if not m.obsolete}
        report.not_extracted = [label(k) for k in sorted(extracted - present, key=str)]
        report.stale = [label(k) for k in sorted(present - extracted, key=str)]
    return report


def plural_forms(path: Path) -> int:
    header, _messages = read_po(path)
    return int(re.search(r"nplurals=(\d+)", header["Plural-Forms"])[1])
