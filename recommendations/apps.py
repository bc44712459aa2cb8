from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self):
        from portal.core.events import event_sentences_register
        from recommendations.events import SENTENCES

        event_sentences_register(SENTENCES)
