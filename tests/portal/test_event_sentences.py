"""Every domain event kind the code records has a sentence in the viewer's language, and
every timeline and history shows sentences, never codes (issue 16)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from portal.core.events import UnknownEventKind, event_kinds, event_record, event_sentence
from portal.core.models import DomainEvent

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [p for folder in ("portal", "consultations", "recommendations")
           for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts]

# kind="a.b" (or kind="a.b" if … else "a.c") in a call of event_record, f"recommendation.{to}"
# in transitions, and the kinds of a mapping such as STATUS_EVENT_KIND.
RECORD = re.compile(r"event_record\(\s*kind=([^,]+),", re.S)
LITERAL = re.compile(r"\"([a-z_]+\.[a-z_]+)\"")


def recorded_kinds() -> set[str]:
    kinds: set[str] = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for expression in RECORD.findall(text):
            kinds |= set(LITERAL.findall(expression))
        if "event_record(kind=kind" in text:  # kind chosen from a mapping in the module
            for mapping in re.findall(r"^[A-Z_]+KIND[A-Z_]* = \{(.*?)^\}", text, re.S | re.M):
                kinds |= set(LITERAL.findall(mapping))
            kinds |= {k for k in LITERAL.findall(text) if re.search(
                rf"kind = \"{re.escape(k)}\"|else \"{re.escape(k)}\"", text)}
        if 'kind=f"recommendation.{to}"' in text:
            from recommendations.models import Recommendation

            kinds |= {f"recommendation.{s}" for s in Recommendation.Status.values}
    return kinds


def test_the_scan_finds_the_kinds():
    kinds = recorded_kinds()
    assert {"action.progress_reported", "event.held", "join_request.approved",
            "membership.removed", "recommendation.withdrawn", "comment.restored"} <= kinds
    assert len(kinds) > 50


def test_every_recorded_kind_has_a_sentence():
    missing = sorted(recorded_kinds() - event_kinds())
    assert missing == [], f"event kinds without a sentence: {missing}"


@pytest.mark.django_db
@override_settings(DOMAIN_EVENTS_STRICT=True)
def test_the_recorder_refuses_a_kind_without_a_sentence():
    from tests.factories import PartyFactory

    party = PartyFactory()
    with pytest.raises(UnknownEventKind):
        event_record(kind="party.renamed_by_magic", target=party)
    assert not DomainEvent.objects.exists()


@pytest.mark.django_db
def test_a_sentence_names_the_actor_and_translates():
    from tests.factories import PartyFactory, UserFactory

    user = UserFactory(full_name="Amina Khan")
    event = event_record(kind="action.progress_reported", target=PartyFactory(), actor=user,
                         payload={"percent": 30, "status": "in_progress"})
    event = DomainEvent.objects.select_related("actor").get(pk=event.pk)
    assert event_sentence(event) == "Progress reported (30%) by Amina Khan"
    old = DomainEvent(kind="recommendation.cosigned", payload={})  # an older payload
    assert event_sentence(old) == "Co-signed by –"
    with translation.override("fr"):
        assert "action.progress_reported" not in event_sentence(event)


@pytest.mark.django_db
def test_the_action_history_shows_sentences_not_codes(client):
    from recommendations.services import followup as services
    from tests.recommendations.followup_support import make_world

    world = make_world()
    services.progress_report_create(actor=world.contact, action=world.action,
                                    reported_on=world.action.created_at.date(),
                                    text="Bill drafted.", status="in_progress", percent=30)
    client.force_login(world.staff)
    html = client.get(reverse("followup:detail", args=[world.action.pk])).content.decode()
    assert "Progress reported (30%) by" in html
    assert "action.progress_reported" not in html


@pytest.mark.django_db
def test_the_recommendation_timeline_says_who_did_what(client):
    from tests.recommendations.filing_support import make_world

    w = make_world()
    w.member.full_name = "Sana Malik"
    w.member.save()
    rec = w.submitted()
    client.force_login(w.member)
    html = client.get(reverse("recommendations:detail", args=[rec.pk])).content.decode()
    assert "Submitted to the State by Sana Malik" in html
    assert "recommendation.submitted" not in html
