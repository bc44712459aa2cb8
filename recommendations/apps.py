from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _reference_data_changed(**kwargs) -> None:
    """A State, instrument, article, cluster or theme changed (the admin writes them
    without a domain event): retire the read models that list them, such as the list
    filter's cached options."""
    from portal.core.cache import data_generation_bump

    data_generation_bump()


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from consultations.models import Article, Cluster, Instrument, Party
        from portal.core.events import event_sentences_register
        from portal.imports.kinds import kind_register
        from recommendations.events import SENTENCES
        from recommendations.imports import KINDS
        from recommendations.models import Theme

        event_sentences_register(SENTENCES)
        for kind in KINDS:
            kind_register(kind)
        for model in (Party, Instrument, Article, Cluster, Theme):
            for signal in (post_save, post_delete):
                signal.connect(_reference_data_changed, sender=model,
                               dispatch_uid=f"reference-changed-{model.__name__}")
