from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "portal.imports"
    label = "imports"
    verbose_name = _("Spreadsheet imports")

    def ready(self):
        from portal.core.events import event_sentences_register
        from portal.imports.events import SENTENCES

        event_sentences_register(SENTENCES)
