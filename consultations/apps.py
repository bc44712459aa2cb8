from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from consultations.events import SENTENCES
        from consultations.imports import KINDS
        from portal.core.events import event_sentences_register
        from portal.core.response_cache import anonymous_cache_register
        from portal.imports.kinds import kind_register

        event_sentences_register(SENTENCES)
        # The public pages of these namespaces (their detail pages are pages/' views)
        # and API reads whose anonymous answer is every visitor's.
        anonymous_cache_register(
            "events:list", "events:detail", "events:feed", "events:ical", "pilots:list",
            "pilots:detail", "organizations:directory", "organizations:detail",
            "api-event-list", "api-event-detail", "api-event-feed", "api-event-ical",
            "api-pilot-list", "api-pilot-detail", "api-organization-list",
            "api-organization-detail", "api-party-list", "api-party-detail",
            "api-instrument-list", "api-instrument-detail", "api-cluster-list",
            "api-cluster-detail",
        )
        for kind in KINDS:
            kind_register(kind)
