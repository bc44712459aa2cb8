"""security.md states the visibility rule with the same table as the code: they cannot
drift apart."""

from pathlib import Path

from portal.core.visibility import ROLES, THINGS, VISIBILITY

SECURITY_MD = Path(__file__).resolve().parents[2] / "security.md"
CELL = {"yes": True, "no": False}


def _table(text: str) -> tuple[list[str], dict[str, dict[str, bool]]]:
    lines = text.split("<!-- visibility-table:", 1)[1].splitlines()[1:]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    header, _rule, *body = rows
    roles = header[1:]
    return roles, {row[0]: {role: CELL[c] for role, c in zip(roles, row[1:], strict=True)}
                   for row in body}


def test_security_md_table_equals_the_code_table():
    roles, table = _table(SECURITY_MD.read_text(encoding="utf-8"))
    assert roles == list(ROLES)
    assert list(table) == list(THINGS)
    assert table == VISIBILITY


def test_security_md_names_every_role_and_thing():
    text = SECURITY_MD.read_text(encoding="utf-8")
    for name in [*ROLES, *THINGS]:
        assert f"**{name}**" in text, f"security.md does not describe {name}"
