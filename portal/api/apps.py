from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The API's kernel: no models; it makes DRF read request bodies as the contract
    types them (portal.api.strict)."""

    name = "portal.api"
    label = "portal_api"
    verbose_name = "API"

    def ready(self):
        from portal.api import strict

        strict.install()
