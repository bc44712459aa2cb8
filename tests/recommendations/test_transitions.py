from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from portal.core.models import DomainEvent
from recommendations.models import Recommendation
from recommendations.transitions import ALLOWED, transition
from tests.factories import RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db

S = Recommendation.Status
ALL = [(a, b) for a in S.values for b in S.values]


@pytest.mark.parametrize(("source", "target"), ALL)
def test_every_transition_is_allowed_or_refused_in_one_place(source, target):
    actor = UserFactory()
    rec = RecommendationFactory(status=source)
    version = rec.version
    if target in ALLOWED[source]:
        # the answer's event names the response (its position and author)
        extra = ({"response": SimpleNamespace(position="supported", responded_by_id=actor.pk)}
                 if target == S.RESPONDED else {})
        ev = transition(rec, target, actor=actor, note="why", **extra)
        rec.refresh_from_db()
        assert rec.status == target and rec.version == version + 1
        assert ev.kind == f"recommendation.{target}" and ev.actor == actor and ev.note == "why"
        assert {"from": source, "to": target}.items() <= ev.payload.items()
    else:
        with pytest.raises(ValidationError):
            transition(rec, target, actor=actor)
        rec.refresh_from_db()
        assert rec.status == source and rec.version == version
        assert not DomainEvent.objects.exists()


def test_the_allowed_transitions():
    assert ALLOWED == {
        "draft": {"submitted"},
        "submitted": {"under_consideration", "responded", "withdrawn"},
        "under_consideration": {"responded", "withdrawn"},
        "responded": set(),
        "withdrawn": set(),
    }
