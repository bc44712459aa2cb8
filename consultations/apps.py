from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from consultations import directory
        from consultations.events import SENTENCES
        from consultations.imports import KINDS
        from portal.core.events import event_sentences_register
        from portal.imports.kinds import kind_register

        directory.register()
        event_sentences_register(SENTENCES)
        for kind in KINDS:
            kind_register(kind)
