"""The blank template of a kind: an XLSX whose first sheet has the columns (labels in
the reader's language) and whose second lists, per column, what it accepts."""

from __future__ import annotations

import io

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from portal.imports.kinds import ImportKind


def template_xlsx(kind: ImportKind) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(kind.label)[:31]
    sheet.append([capfirst(str(f.label)) for f in kind.fields])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    values = workbook.create_sheet(_("Accepted values")[:31])
    values.append([capfirst(str(f.label)) for f in kind.fields])
    values.append(
        [
            (_("required") if f.required else _("optional")) + (f" – {f.help}" if f.help else "")
            for f in kind.fields
        ]
    )
    for cell in values[1]:
        cell.font = Font(bold=True)
    columns = [list(f.accepted()) if f.accepted else [] for f in kind.fields]
    for i in range(max((len(c) for c in columns), default=0)):
        values.append([c[i] if i < len(c) else None for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
