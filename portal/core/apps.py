from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("Portal core")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from portal.core import ids
        from portal.core.i18n import language_on_login

        ids.register()
        user_logged_in.connect(language_on_login, dispatch_uid="portal.core.language_on_login")
