import datetime as dt

import pytest
from django.core.management import call_command

from consultations.models import Article, Cluster, Instrument, Party, WorkingGroup
from recommendations.models import SdgTarget, Theme

pytestmark = pytest.mark.django_db


def test_instruments_are_present_after_migrate():
    instruments = {i.code: i for i in Instrument.objects.all()}
    assert set(instruments) == {"untoc", "tip", "som", "firearms"}
    untoc = instruments["untoc"]
    assert (untoc.adopted_on, untoc.in_force_on, untoc.article_count) == (
        dt.date(2000, 11, 15), dt.date(2003, 9, 29), 41)
    assert instruments["firearms"].adoption_reference == "A/RES/55/255"
    assert instruments["tip"].parent == untoc
    assert Article.objects.filter(instrument=untoc).count() == 41
    assert Article.objects.count() == 41 + 20 + 25 + 21


def test_clusters_and_working_groups():
    assert list(Cluster.objects.values_list("number", flat=True)) == [1, 2, 3, 4]
    cluster_one = Cluster.objects.get(number=1)
    refs = sorted((a.instrument.code, a.number) for a in cluster_one.articles.all())
    assert ("untoc", 23) in refs and ("tip", 3) in refs and ("som", 6) in refs
    assert len(refs) == 8 + 2 + 3
    assert WorkingGroup.objects.count() == 5


def test_all_parties_with_codes_and_groups():
    assert Party.objects.filter(kind=Party.Kind.MEMBER_STATE).count() == 193
    palestine = Party.objects.get(iso3="PSE")
    assert palestine.kind == Party.Kind.NON_MEMBER_STATE
    eu = Party.objects.get(iso3="EUU")
    assert eu.kind == Party.Kind.ORGANIZATION
    pakistan = Party.objects.get(iso3="PAK")
    assert (pakistan.name, pakistan.iso2, pakistan.regional_group) == ("Pakistan", "PK", "APG")
    assert Party.objects.get(iso3="MEX").regional_group == "GRULAC"


def test_taxonomies_are_seeded():
    assert Theme.objects.filter(slug="cybercrime").exists()
    assert set(SdgTarget.objects.values_list("code", flat=True)) == {
        "16.1", "16.2", "16.3", "16.4", "17.16", "17.17"}


def test_loading_again_keeps_staff_edits_and_adds_nothing():
    untoc = Instrument.objects.get(code="untoc")
    untoc.short_title = "Palermo Convention"
    untoc.save()
    counts = (Party.objects.count(), Article.objects.count(), Theme.objects.count())
    call_command("load_reference")
    assert (Party.objects.count(), Article.objects.count(), Theme.objects.count()) == counts
    assert Instrument.objects.get(code="untoc").short_title == "Palermo Convention"
