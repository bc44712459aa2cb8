"""Staff-editable taxonomies seeded once: themes and SDG targets."""

from __future__ import annotations

from django.apps import apps as global_apps
from django.utils.text import slugify

THEMES = [
    "Research and data", "Institutional coordination", "Cybercrime",
    "Victims and human rights", "Gender", "Ratification", "Border management",
    "Legal reform",
]

SDG_TARGETS = [
    ("16.1", "Significantly reduce all forms of violence and related death rates everywhere"),
    ("16.2", "End abuse, exploitation, trafficking and all forms of violence against and "
             "torture of children"),
    ("16.3", "Promote the rule of law at the national and international levels and ensure "
             "equal access to justice for all"),
    ("16.4", "Significantly reduce illicit financial and arms flows, strengthen the recovery "
             "and return of stolen assets and combat all forms of organized crime"),
    ("17.16", "Enhance the Global Partnership for Sustainable Development, complemented by "
              "multi-stakeholder partnerships"),
    ("17.17", "Encourage and promote effective public, public-private and civil society "
              "partnerships"),
]


def load_taxonomies(apps=global_apps) -> None:
    Theme = apps.get_model("recommendations", "Theme")
    SdgTarget = apps.get_model("recommendations", "SdgTarget")
    for name in THEMES:
        Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    for code, title in SDG_TARGETS:
        SdgTarget.objects.get_or_create(code=code, defaults={"title": title})
