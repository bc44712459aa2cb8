import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from consultations.models import Instrument, Party, TreatyAction
from consultations.treaty_import import (
    ImportResult,
    ParsedAction,
    TreatyImportError,
    parse_untc_csv,
    treaty_actions_import,
)

CONSENT = "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)"
HEADER = f'Participant,Signature,"{CONSENT}"\n'
Kind = TreatyAction.Kind

STATUS_TABLE = HEADER + (
    'Pakistan 3,14 Dec 2000,13 Jan 2010\n'
    'Mexico,13 Dec 2000,4 Mar 2003\n'
    'Kenya,,5 Jan 2005 a\n'
)


@pytest.fixture
def instrument():
    # A code of its own, so that reference data loaded by migrations cannot interfere.
    instrument, _ = Instrument.objects.get_or_create(
        code="test-untoc",
        defaults={"short_title": "Test UNTOC", "title": "Test convention",
                  "adopted_on": dt.date(2000, 11, 15), "in_force_on": dt.date(2003, 9, 29),
                  "article_count": 41},
    )
    return instrument


@pytest.fixture
def parties():
    rows = [("PAK", "PK", "Pakistan", "APG"), ("MEX", "MX", "Mexico", "GRULAC"),
            ("KEN", "KE", "Kenya", "AFR")]
    return {
        iso3: Party.objects.get_or_create(
            iso3=iso3, defaults={"iso2": iso2, "name": name, "regional_group": group})[0]
        for iso3, iso2, name, group in rows
    }


# --- Parsing ---------------------------------------------------------------------


@pytest.mark.parametrize(("cell", "kind"), [
    ("12 Dec 2000", Kind.RATIFICATION),
    ("12 Dec 2000 a", Kind.ACCESSION),
    ("12 Dec 2000 A", Kind.ACCEPTANCE),
    ("12 Dec 2000 AA", Kind.APPROVAL),
    ("12 Dec 2000 d", Kind.SUCCESSION),
])
def test_parse_consent_suffixes(cell, kind):
    actions = parse_untc_csv(HEADER + f"Kenya,,{cell}\n")
    assert actions == [ParsedAction(participant="Kenya", kind=kind, date=dt.date(2000, 12, 12))]


def test_parse_signature_and_consent_in_file_order():
    assert parse_untc_csv(STATUS_TABLE)[:2] == [
        ParsedAction("Pakistan", Kind.SIGNATURE, dt.date(2000, 12, 14)),
        ParsedAction("Pakistan", Kind.RATIFICATION, dt.date(2010, 1, 13)),
    ]


@pytest.mark.parametrize("name", ["Pakistan 3", "Pakistan3", "Pakistan 3, 4", " Pakistan 12 "])
def test_parse_strips_footnote_numbers(name):
    (action,) = parse_untc_csv(HEADER + f'"{name}",14 Dec 2000,\n')
    assert action.participant == "Pakistan"


def test_parse_tolerates_header_case_and_whitespace_and_skips_empty_cells():
    text = f' PARTICIPANT , signature ,"  {CONSENT.lower()} "\nKenya, , \nMexico,,4 Mar 2003\n'
    assert parse_untc_csv(text) == [
        ParsedAction("Mexico", Kind.RATIFICATION, dt.date(2003, 3, 4)),
    ]


def test_parse_bad_date_names_the_line():
    with pytest.raises(TreatyImportError, match=r"^line 3: .*31 Foo 2000") as error:
        parse_untc_csv(HEADER + "Mexico,13 Dec 2000,\nKenya,31 Foo 2000,\n")
    assert error.value.line == 3


def test_parse_impossible_date_is_an_error():
    with pytest.raises(TreatyImportError, match=r"^line 2: "):
        parse_untc_csv(HEADER + "Kenya,31 Feb 2000,\n")


def test_parse_unknown_suffix_is_an_error():
    with pytest.raises(TreatyImportError, match=r"^line 2: .*suffix.*\bx\b"):
        parse_untc_csv(HEADER + "Kenya,,5 Jan 2005 x\n")


def test_parse_missing_participant_column_is_an_error():
    with pytest.raises(TreatyImportError, match="Participant"):
        parse_untc_csv("Country,Signature\nKenya,5 Jan 2005\n")


# --- The service -----------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_then_is_idempotent(instrument, parties):
    first = treaty_actions_import(instrument_code="test-untoc", text=STATUS_TABLE)
    assert first == ImportResult(created=5, updated=0, unchanged=0)
    kenya = TreatyAction.objects.get(party=parties["KEN"], instrument=instrument)
    assert (kenya.kind, kenya.date, kenya.date_confirmed) == (
        Kind.ACCESSION, dt.date(2005, 1, 5), True)

    second = treaty_actions_import(instrument_code="TEST-UNTOC", text=STATUS_TABLE)
    assert second == ImportResult(created=0, updated=0, unchanged=5)
    assert TreatyAction.objects.filter(instrument=instrument).count() == 5


@pytest.mark.django_db
def test_import_updates_changed_or_unconfirmed_dates(instrument, parties):
    TreatyAction.objects.create(party=parties["PAK"], instrument=instrument,
                                kind=Kind.RATIFICATION, date=dt.date(2010, 1, 1),
                                date_confirmed=False)
    result = treaty_actions_import(instrument_code="test-untoc", text=STATUS_TABLE)
    assert result == ImportResult(created=4, updated=1, unchanged=0)
    ratification = TreatyAction.objects.get(party=parties["PAK"], instrument=instrument,
                                            kind=Kind.RATIFICATION)
    assert (ratification.date, ratification.date_confirmed) == (dt.date(2010, 1, 13), True)


@pytest.mark.django_db
def test_import_resolves_case_insensitive_names_and_iso3(instrument, parties):
    text = HEADER + "PAKISTAN,14 Dec 2000,\nmex,13 Dec 2000,\n"
    assert treaty_actions_import(instrument_code="test-untoc", text=text).created == 2
    assert set(TreatyAction.objects.filter(instrument=instrument)
               .values_list("party__iso3", flat=True)) == {"PAK", "MEX"}


@pytest.mark.django_db
def test_import_with_unknown_participants_writes_nothing(instrument, parties):
    before = TreatyAction.objects.count()
    text = STATUS_TABLE + "Atlantis 2,1 Jan 2001,\nLemuria,,2 Feb 2002 a\n"
    with pytest.raises(TreatyImportError, match="Atlantis, Lemuria"):
        treaty_actions_import(instrument_code="test-untoc", text=text)
    assert TreatyAction.objects.count() == before


@pytest.mark.django_db
def test_import_with_bad_line_writes_nothing(instrument, parties):
    before = TreatyAction.objects.count()
    with pytest.raises(TreatyImportError, match="^line 5: "):
        treaty_actions_import(instrument_code="test-untoc",
                              text=STATUS_TABLE + "Kenya,someday,\n")
    assert TreatyAction.objects.count() == before


@pytest.mark.django_db
def test_import_unknown_instrument_is_an_error(parties):
    with pytest.raises(TreatyImportError, match="no-such-treaty"):
        treaty_actions_import(instrument_code="no-such-treaty", text=STATUS_TABLE)


# --- The management command ------------------------------------------------------


@pytest.mark.django_db
def test_command_imports_a_file(instrument, parties, tmp_path, capsys):
    path = tmp_path / "status.csv"
    path.write_text(STATUS_TABLE, encoding="utf-8")
    before = TreatyAction.objects.count()

    call_command("import_treaty_actions", "--instrument", "TEST-UNTOC", str(path))

    assert "created 5, updated 0, unchanged 0" in capsys.readouterr().out
    assert TreatyAction.objects.count() == before + 5


@pytest.mark.django_db
def test_command_reports_import_errors(instrument, parties, tmp_path):
    path = tmp_path / "status.csv"
    path.write_text(HEADER + "Atlantis,1 Jan 2001,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Atlantis"):
        call_command("import_treaty_actions", "--instrument", "test-untoc", str(path))
    with pytest.raises(CommandError, match="unknown instrument"):
        call_command("import_treaty_actions", "--instrument", "nope", str(path))
