"""The list's rows (``{% recommendation_row %}``, written in Python) are what the row
template they replace writes, for every attribution, status and reader, in English and
in French (dates, labels and translations), markup in names escaped."""

from __future__ import annotations

import itertools
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone, translation

from recommendations.models import Endorsement, RecommendationTranslation, Theme
from recommendations.selectors.recommendations import (
    RecommendationFilters,
    recommendation_rows,
    recommendation_rows_for,
    recommendations_matching,
)
from recommendations.selectors.translations import shown_row_title
from tests.factories import OrganizationFactory, RecommendationFactory
from tests.recommendations.filing_support import make_world

pytestmark = pytest.mark.django_db

# the row as list.html wrote it before the tag
TEMPLATE_ROW = """{% load i18n portal_content_language recommendations_tags %}
{% for rec in rows %}<tr>
      <th scope="row">{% get_current_language as reader_language %}{% with shown=rec|shown_for:reader_language %}<a href="{% url 'recommendations:detail' rec.pk %}" lang="{{ shown.language }}" dir="auto">{{ shown.title }}</a>{% if shown.translation %} <span class="hint-inline">({% translate "translation" %})</span>{% endif %}{% endwith %}<br>
        <span class="hint-inline">{% if rec.reference %}<bdi>{{ rec.reference }}</bdi>{% else %}{% translate "Draft" %}{% endif %}{% for i in rec.instruments.all %} · {{ i.code|upper }}{% endfor %}{% for t in rec.themes.all %} · <bdi>{{ t }}</bdi>{% endfor %}{% if rec.submitted_at %} · <time datetime="{{ rec.submitted_at|date:'Y-m-d\\TH:i:sO' }}">{{ rec.submitted_at|date:"SHORT_DATE_FORMAT" }}</time>{% endif %}</span></th>
      <td>{{ rec.party.local_name }}</td>
      <td dir="auto">{% filer_name rec %}</td>
      <td>{% include "recommendations/_status.html" %}</td>
      <td class="num">{{ rec.endorsement_count }}</td>
    </tr>{% endfor %}"""  # noqa: E501
TAG_ROW = (
    "{% load recommendation_rows %}{% for rec in rows %}{% recommendation_row rec %}{% endfor %}"
)
LEGACY_STATUS = (
    '<span class="badge tag--{{ rec.status }}">{{ rec.get_status_display }}</span>'
    '{% if rec.position %} <span class="badge tag--{{ rec.position }}">'
    "{{ rec.get_position_display }}</span>{% endif %}"
)


def _rows(world):
    theme = Theme.objects.create(
        name="Victims <&> witnesses",
        slug="victims-witnesses",
        translations={"fr": {"name": "Victimes <&> témoins"}},
    )
    recs = []
    variants = itertools.product(
        ["named", "in_state", "unodc_only"], ["submitted", "responded", "draft"]
    )
    for i, (attribution, status) in enumerate(variants):
        rec = RecommendationFactory(
            organization=world.org if i % 2 else world.other_org,
            party=world.party,
            title=f"Row <{i}> & more",
            status=status,
            reference=None if status == "draft" else f"PKL-2026-{i:04d}",
            is_public=status != "draft",
            submitted_at=None if status == "draft" else timezone.now(),
            attribution=attribution,
            position="noted" if status == "responded" else "",
        )
        rec.instruments.set([world.untoc, world.tip][: 1 + i % 2])
        if i % 3 == 0:
            rec.themes.add(theme)
        recs.append(rec)
    RecommendationTranslation.objects.create(
        recommendation=recs[0], language="fr", title="Titre traduit <fr>", text="Texte"
    )
    Endorsement.objects.create(
        recommendation=recs[1], organization=OrganizationFactory(country=world.party)
    )
    return recs


def _normalized(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("role", ["anonymous", "member", "focal", "staff"])
def test_the_tag_writes_what_the_template_wrote(language, role):
    world = make_world()
    _rows(world)
    user = getattr(world, role) if role != "anonymous" else AnonymousUser()
    request = RequestFactory().get("/recommendations/")
    request.user = user
    matching = recommendations_matching(user, RecommendationFilters())
    engine = engines["django"]
    with translation.override(language):
        rows = recommendation_rows(matching[:20])
        assert rows
        context = {"rows": rows}
        expected = engine.from_string(
            TEMPLATE_ROW.replace('{% include "recommendations/_status.html" %}', LEGACY_STATUS)
        )
        got = engine.from_string(TAG_ROW)
        assert _normalized(got.render(context, request=request)) == _normalized(
            expected.render(context, request=request)
        )


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_rows_read_the_readers_translation_in_their_own_query(
    language, django_assert_num_queries
):
    """A row shows no more of the translations than the title in the reader's language:
    an annotation of the rows' query, no prefetch of every translation (the rows, their
    instruments and their themes: three statements whatever the translations)."""
    world = make_world()
    recs = _rows(world)
    RecommendationTranslation.objects.create(
        recommendation=recs[1], language="es", title="Título <es>", text="Texto"
    )
    matching = recommendations_matching(AnonymousUser(), RecommendationFilters())
    with translation.override(language), django_assert_num_queries(3):
        rows = recommendation_rows(matching[:20])
    with django_assert_num_queries(3):
        ranked = recommendation_rows_for([rec.pk for rec in rows], language=language)
    assert [rec.pk for rec in ranked] == [rec.pk for rec in rows]
    expected = {recs[0].pk: "Titre traduit <fr>"} if language == "fr" else {}
    if language == "es":
        expected = {recs[1].pk: "Título <es>"}
    for got in (rows, ranked):
        assert {rec.pk: rec.row_translated_title for rec in got
                if rec.row_translated_title is not None} == expected


def test_a_translation_into_the_original_language_is_not_shown():
    """As ``shown_text``: the original in its own language, whatever is stored."""
    rec = RecommendationFactory(title="Original", language="fr")
    assert shown_row_title(rec, language="fr", translated="Autre") == ("Original", "fr", False)
    assert shown_row_title(rec, language="en", translated=None) == ("Original", "fr", False)
    assert shown_row_title(rec, language="en", translated="Other") == ("Other", "en", True)
