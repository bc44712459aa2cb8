from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from portal.accounts.events import SENTENCES
        from portal.core.events import event_sentences_register

        event_sentences_register(SENTENCES)
