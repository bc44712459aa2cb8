"""Reference data: instruments, articles, review clusters, working groups, parties.

Loaded by data migrations (with the historical app registry) and by the
``load_reference`` command. Idempotent: rows are created when missing and never
overwritten, so what staff edit in the admin stays edited.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.apps import apps as global_apps

DATA_DIR = Path(__file__).resolve().parent / "data"

INSTRUMENTS = [
    # code, short title, title, adopted, by, in force, articles, order
    ("untoc", "UNTOC", "United Nations Convention against Transnational Organized Crime",
     dt.date(2000, 11, 15), "A/RES/55/25", dt.date(2003, 9, 29), 41, 1),
    ("tip", "Trafficking in Persons Protocol",
     "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women "
     "and Children", dt.date(2000, 11, 15), "A/RES/55/25", dt.date(2003, 12, 25), 20, 2),
    ("som", "Smuggling of Migrants Protocol",
     "Protocol against the Smuggling of Migrants by Land, Sea and Air",
     dt.date(2000, 11, 15), "A/RES/55/25", dt.date(2004, 1, 28), 25, 3),
    ("firearms", "Firearms Protocol",
     "Protocol against the Illicit Manufacturing of and Trafficking in Firearms, Their Parts "
     "and Components and Ammunition", dt.date(2001, 5, 31), "A/RES/55/255",
     dt.date(2005, 7, 3), 21, 4),
]

CLUSTERS = [
    (1, "Criminalization and jurisdiction",
     {"untoc": [2, 5, 6, 8, 9, 10, 15, 23], "tip": [3, 5], "som": [3, 5, 6]}),
    (2, "Prevention, technical assistance, protection measures and other measures", {}),
    (3, "Law enforcement and the judicial system", {}),
    (4, "International cooperation, mutual legal assistance and confiscation", {}),
]

WORKING_GROUPS = [
    "Firearms", "Technical Assistance", "International Cooperation",
    "Trafficking in Persons", "Smuggling of Migrants",
]


def load_parties(apps=global_apps) -> int:
    Party = apps.get_model("consultations", "Party")
    path = DATA_DIR / "parties.csv"
    if not path.exists():
        return 0
    existing = set(Party.objects.values_list("iso3", flat=True))
    new = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["iso3"] in existing:
                continue
            new.append(Party(iso3=row["iso3"], iso2=row["iso2"], name=row["name"],
                             kind=row["kind"], regional_group=row["regional_group"]))
    Party.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def load_instruments(apps=global_apps) -> None:
    Instrument = apps.get_model("consultations", "Instrument")
    Article = apps.get_model("consultations", "Article")
    Cluster = apps.get_model("consultations", "Cluster")
    WorkingGroup = apps.get_model("consultations", "WorkingGroup")

    by_code = {}
    for code, short, title, adopted, by, in_force, count, order in INSTRUMENTS:
        instrument, _ = Instrument.objects.get_or_create(
            code=code,
            defaults=dict(short_title=short, title=title, adopted_on=adopted,
                          adoption_reference=by, in_force_on=in_force,
                          article_count=count, order=order),
        )
        by_code[code] = instrument
    untoc = by_code["untoc"]
    Instrument.objects.filter(parent__isnull=True).exclude(pk=untoc.pk).update(parent=untoc)

    for instrument in by_code.values():
        have = set(Article.objects.filter(instrument=instrument).values_list("number", flat=True))
        Article.objects.bulk_create(
            [Article(instrument=instrument, number=n)
             for n in range(1, instrument.article_count + 1) if n not in have]
        )

    for number, title, articles in CLUSTERS:
        cluster, created = Cluster.objects.get_or_create(number=number,
                                                         defaults={"title": title})
        if created:
            for code, numbers in articles.items():
                cluster.articles.add(*Article.objects.filter(instrument=by_code[code],
                                                             number__in=numbers))

    for name in WORKING_GROUPS:
        WorkingGroup.objects.get_or_create(name=name)


def load_reference(apps=global_apps) -> None:
    load_instruments(apps)
    load_parties(apps)
