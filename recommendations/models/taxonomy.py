"""What recommendations are classified by: themes and SDG targets."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core.translated import Translated, translations_field


class Theme(Translated, models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    translations = translations_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.translated("name")


class SdgTarget(Translated, models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    title = models.CharField(_("title"), max_length=300)
    translations = translations_field()

    class Meta:
        ordering = ["code"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return gettext("SDG %(code)s") % {"code": self.code}

    @property
    def local_title(self) -> str:
        return self.translated("title")
