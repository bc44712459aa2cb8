"""Importing treaty actions from a status table of the UN Treaty Collection (UNTC).

The UNTC layout has the columns ``Participant``, ``Signature`` and
``Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)``. Dates
read like ``12 Dec 2000``; a consent date may end with a letter naming the kind of
consent (none means ratification). Participant names may end with footnote numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from consultations.events import treaty_actions_imported_event
from consultations.models import Instrument, Party, TreatyAction

Kind = TreatyAction.Kind

CONSENT_SUFFIXES = {
    "": Kind.RATIFICATION,
    "A": Kind.ACCEPTANCE,
    "AA": Kind.APPROVAL,
    "a": Kind.ACCESSION,
    "d": Kind.SUCCESSION,
}
MONTHS = {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}

_DATE = re.compile(r"^(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3})[a-z]*\.?\s+(?P<year>\d{4})"
                   r"(?:\s+(?P<suffix>\S+))?$")
_FOOTNOTES = re.compile(r"[\s,]*\d+(?:\s*,\s*\d+)*\s*$")


class TreatyImportError(ValueError):
    """The file cannot be imported; ``line`` is its line number when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(_("line %(line)d: %(message)s") % {"line": line, "message": message}
                         if line else message)


@dataclass(frozen=True)
class ParsedAction:
    participant: str
    kind: str
    date: dt.date


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _parse_date(value: str, *, line: int, consent: bool) -> tuple[dt.date, str]:
    match = _DATE.match(value.strip())
    month = MONTHS.get(match["month"].lower()) if match else None
    if not match or not month:
        raise TreatyImportError(_("unreadable date “%(value)s”.") % {"value": value}, line)
    suffix = match["suffix"] or ""
    if suffix not in (CONSENT_SUFFIXES if consent else {""}):
        raise TreatyImportError(_("unknown suffix “%(suffix)s” in “%(value)s”.")
                                % {"suffix": suffix, "value": value}, line)
    try:
        date = dt.date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        raise TreatyImportError(_("unreadable date “%(value)s”.") % {"value": value},
                                line) from None
    return date, CONSENT_SUFFIXES[suffix] if consent else Kind.SIGNATURE


def parse_untc_csv(text: str) -> list[ParsedAction]:
    """The treaty actions of a UNTC status table, in file order."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = {" ".join((name or "").split()).lower(): name for name in reader.fieldnames or []}
    participant_column = columns.get("participant")
    if participant_column is None:
        raise TreatyImportError(_("the “Participant” column is missing."), 1)
    signature_column = columns.get("signature")
    consent_column = next((name for key, name in columns.items()
                           if key.startswith("ratification")), None)

    actions = []
    for row in reader:
        participant = _FOOTNOTES.sub("", (row.get(participant_column) or "").strip()).strip()
        if not participant:
            continue
        for column, consent in ((signature_column, False), (consent_column, True)):
            value = (row.get(column) or "").strip() if column else ""
            if value:
                date, kind = _parse_date(value, line=reader.line_num, consent=consent)
                actions.append(ParsedAction(participant=participant, kind=kind, date=date))
    return actions


def _party_resolver(parties: list[Party]):
    by_name = {party.name: party for party in parties}
    by_folded = {party.name.casefold(): party for party in parties}
    by_iso3 = {party.iso3.upper(): party for party in parties}

    def resolve(participant: str) -> Party | None:
        return (by_name.get(participant) or by_folded.get(participant.casefold())
                or by_iso3.get(participant.upper()))

    return resolve


def treaty_actions_import(*, instrument_code: str, text: str, actor: Any = None) -> ImportResult:
    """Create or update the treaty actions listed in ``text`` for one instrument.

    All or nothing: an unreadable line or an unknown participant saves no row.
    """
    with transaction.atomic():
        instrument = Instrument.objects.filter(code__iexact=instrument_code.strip()).first()
        if instrument is None:
            raise TreatyImportError(_("unknown instrument “%(code)s”.") % {"code": instrument_code})
        actions = parse_untc_csv(text)
        resolve = _party_resolver(list(Party.objects.all()))
        unknown = sorted({action.participant for action in actions if resolve(action.participant)
                          is None})
        if unknown:
            raise TreatyImportError(_("unknown participants: %(names)s.")
                                    % {"names": ", ".join(unknown)})

        existing = {(action.party_id, action.kind): action for action in
                    TreatyAction.objects.filter(instrument=instrument)}
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for action in actions:
            party = resolve(action.participant)
            current = existing.get((party.pk, action.kind))
            if current and current.date == action.date and current.date_confirmed:
                counts["unchanged"] += 1
                continue
            existing[(party.pk, action.kind)], created = TreatyAction.objects.update_or_create(
                party=party, instrument=instrument, kind=action.kind,
                defaults={"date": action.date, "date_confirmed": True},
            )
            counts["created" if created else "updated"] += 1

        result = ImportResult(**counts)
        if result.created or result.updated:
            treaty_actions_imported_event(instrument=instrument, actor=actor,
                                          created=result.created, updated=result.updated,
                                          unchanged=result.unchanged)
        return result
