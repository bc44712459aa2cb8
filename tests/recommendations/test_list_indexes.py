"""The partial indexes that keep the queue and a State's list flat as the data grows are
used only while their conditions are the selectors' own: a change to one without the
other would silently bring back a scan of every recommendation of the State."""

from __future__ import annotations

import pytest
from django.db.models import Q

from recommendations.models import Recommendation
from recommendations.selectors.recommendations import QUEUE_STATUSES


def _index(name: str):
    return next(i for i in Recommendation._meta.indexes if i.name == name)


def test_the_queue_index_holds_the_open_statuses_the_queue_reads():
    index = _index("recommendation_queue_open")
    assert index.condition == Q(status__in=list(QUEUE_STATUSES["open"]))
    assert index.fields[0] == "party"


@pytest.mark.django_db
def test_the_public_index_holds_what_an_anonymous_reader_sees():
    from django.contrib.auth.models import AnonymousUser

    from recommendations.selectors.recommendations import recommendations_visible_to

    index = _index("recommendation_public_party")
    visible = recommendations_visible_to(AnonymousUser())
    indexed = Recommendation.objects.filter(index.condition)
    assert str(visible.query) == str(indexed.query)  # the same WHERE clause
