"""A small reader of gettext .po files, so tests need no gettext binary nor package."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Message:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def _unquote(text: str) -> str:
    # A .po string is a C string: Python's literal syntax reads it for the escapes
    # the tools write (\n, \t, \", \\).
    return ast.literal_eval(text.strip())


def read_po(path: Path) -> tuple[dict[str, str], list[Message]]:
    """The header (as a dict) and the messages of a .po file, obsolete ones marked."""
    messages: list[Message] = []
    current: Message | None = None
    key: tuple[str, int | None] | None = None

    def finish():
        nonlocal current
        if current is not None:
            messages.append(current)
        current = None

    def append(target: tuple[str, int | None], text: str) -> None:
        name, index = target
        if index is None:
            setattr(current, name, (getattr(current, name) or "") + text)
        else:
            current.msgstr_plural[index] = current.msgstr_plural.get(index, "") + text

    pending_flags: set[str] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            continue
        if line.startswith("#,"):
            pending_flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            append(key, _unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in {"msgctxt", "msgid"} and (current is None or key[0] not in {"msgctxt"}
                                                or keyword == "msgctxt"):
            if keyword == "msgctxt" or current is None or key[0] != "msgctxt":
                finish()
                current = Message(flags=pending_flags, obsolete=obsolete)
                pending_flags = set()
        if keyword.startswith("msgstr["):
            key = ("msgstr", int(keyword[7:-1]))
            current.msgstr_plural.setdefault(key[1], "")
        else:
            key = (keyword, None)
            if keyword in {"msgctxt", "msgid_plural"}:
                setattr(current, keyword, "")
        append(key, _unquote(rest))
    finish()
    header: dict[str, str] = {}
    body = []
    for m in messages:
        if m.msgid == "" and m.msgctxt is None and not m.obsolete:
            for entry in m.msgstr.splitlines():
                name, _, value = entry.partition(":")
                header[name.strip()] = value.strip()
        else:
            body.append(m)
    return header, body
