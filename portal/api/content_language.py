"""The API's ``language`` field of user content: one of the six codes (case and
"zh"/"zh-Hans" spellings accepted), the request's language when omitted, and a field
error naming the accepted codes otherwise."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.core import content_language


class ContentLanguageField(serializers.ChoiceField):
    default_error_messages = {
        "invalid_choice": _(
            "“{input}” is not one of the portal's languages. Choose one of: ar, zh-hans, "
            "en, fr, ru, es."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            "The language the text is written in (ar, zh-hans, en, fr, ru, es). "
            "Omitted: the request's language (Accept-Language or ?lang=).",
        )
        super().__init__(choices=content_language.choices(), **kwargs)

    def to_internal_value(self, data):
        code = content_language.normalize(data if isinstance(data, str) else None)
        if code is None:
            self.fail("invalid_choice", input=data)
        return code
