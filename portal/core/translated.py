"""Reference data in the six languages: texts kept with the row, read without a query.

A reference model (instruments, clusters, working groups, themes, SDG targets) has a
``translations`` field mapping a language code to its texts, e.g.
``{"fr": {"title": "Incrimination et compétence"}}``. English is the row's own field;
a language with no text for a field falls back to it. Staff edit them in the admin.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Case
from django.utils.translation import gettext_lazy as _

from portal.core.ordering import in_order_of, sorted_by_label
from portal.core.territories import base_language


def translations_field() -> models.JSONField:
    return models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_(
            "Texts in the other UN languages, by language code, e.g. "
            '{"fr": {"title": "…"}}; English is the field itself.'
        ),
    )


class Translated:
    """A mixin for models with a ``translations`` field."""

    def translated(self, field: str, language: str | None = None) -> str:
        code = base_language(language)
        if code != "en":
            text = (self.translations or {}).get(code, {}).get(field)
            if text:
                return text
        return getattr(self, field)

    def translated_all(self, field: str) -> list[str]:
        """The field's text in every language that has one, English first."""
        texts = [getattr(self, field)]
        for code, _name in settings.LANGUAGES:
            text = (self.translations or {}).get(code, {}).get(field)
            if text and text not in texts:
                texts.append(text)
        return texts


def translated_order(model, field: str, *, reverse: bool = False) -> Case:
    """An ``order_by()`` expression sorting a reference model's rows by ``field`` in the
    active language (one query over the model: for the small reference lists)."""
    rows = model.objects.only("pk", field, "translations").order_by()
    ordered = sorted_by_label(rows, lambda row: row.translated(field), reverse=reverse)
    return in_order_of("pk", [row.pk for row in ordered])


def fill_translations(model, key: str, texts: dict) -> int:
    """Give the rows whose ``key`` field is in ``texts`` the translations they lack
    (what staff already wrote is kept). For data migrations and load_reference."""
    changed = []
    for row in model.objects.filter(**{f"{key}__in": list(texts)}):
        current = dict(row.translations or {})
        for language, fields in texts[getattr(row, key)].items():
            merged = {**fields, **current.get(language, {})}
            if merged != current.get(language):
                current[language] = merged
        if current != row.translations:
            row.translations = current
            changed.append(row)
    model.objects.bulk_update(changed, ["translations"])
    return len(changed)


def one_field(texts: dict, field: str) -> dict:
    """``{key: {language: text}}`` as ``fill_translations`` wants it for one field."""
    return {
        key: {language: {field: text} for language, text in by_language.items()}
        for key, by_language in texts.items()
    }
