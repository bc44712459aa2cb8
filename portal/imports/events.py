"""The sentences of the domain events recorded by imports (see portal.core.events)."""

from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "import.completed": _(
        "Spreadsheet import: %(created)s created, %(updated)s updated, "
        "%(skipped)s unchanged, %(failed)s failed"
    ),
    "import.cancelled": _("Spreadsheet import cancelled before it ran: nothing imported"),
}
