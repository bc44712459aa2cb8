from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self):
        from portal.core.events import event_sentences_register
        from portal.imports.kinds import kind_register
        from recommendations.events import SENTENCES
        from recommendations.imports import KINDS

        event_sentences_register(SENTENCES)
        for kind in KINDS:
            kind_register(kind)
