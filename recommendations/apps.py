from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.core.cache import data_generation_bump


def _reference_data_changed(**kwargs) -> None:
    """A State, instrument, article, cluster or theme changed (the admin writes them
    without a domain event): retire the read models that list them, such as the list
    filter's cached options."""
    data_generation_bump()


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from consultations.models import Article, Cluster, Instrument, Party
        from portal.core.events import event_sentences_register
        from portal.core.read_models import read_model_register
        from portal.core.response_cache import anonymous_cache_register
        from portal.imports.kinds import kind_register
        from recommendations.events import SENTENCES
        from recommendations.imports import KINDS
        from recommendations.models import Theme
        from recommendations.selectors.dashboard import dashboard_numbers, scorecard_numbers
        from recommendations.selectors.pilots import pilot_counts_numbers
        from recommendations.selectors.states import states_overview_numbers

        event_sentences_register(SENTENCES)
        read_model_register("dashboard", dashboard_numbers)
        read_model_register("scorecard", scorecard_numbers)
        read_model_register("pilot-counts", pilot_counts_numbers)
        read_model_register("states-overview", states_overview_numbers)
        # The public pages and API reads whose anonymous answer is every visitor's.
        anonymous_cache_register(
            "home", "recommendations:list", "recommendations:detail", "followup:list",
            "followup:detail", "dashboard:public", "dashboard:public_scorecard",
            "states:list", "states:detail",
            "api-recommendation-list", "api-recommendation-detail", "api-action-list",
            "api-action-detail", "api-dashboard-public", "api-scorecard-public",
            "api-state-profile",
        )
        for kind in KINDS:
            kind_register(kind)
        for model in (Party, Instrument, Article, Cluster, Theme):
            for signal in (post_save, post_delete):
                signal.connect(_reference_data_changed, sender=model,
                               dispatch_uid=f"reference-changed-{model.__name__}")
