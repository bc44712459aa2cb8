"""Every domain event kind the code records has a sentence in the viewer's language, and
every timeline and history shows sentences, never codes (issue 16)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from portal.core.events import UnknownEventKind, event_kinds, event_record, event_sentence
from portal.core.models import DomainEvent
from recommendations.events import ActionEventKind, RecommendationEventKind

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [p for folder in ("portal", "consultations", "recommendations", "pages")
           for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts]

# The apps and the kernel's packages declare their kinds as TextChoices (``class
# RecommendationEventKind``) in their events.py; a kind written out, kind="a.b" in a call
# of event_record, is found too (and refused below).
KIND_CLASS = re.compile(r"^class (\w+EventKind)\(models\.TextChoices\)", re.M)
RECORD = re.compile(r"event_record\(\s*kind=([^,]+),", re.S)
LITERAL = re.compile(r"\"([a-z_]+\.[a-z_]+)\"")


def kind_classes() -> dict[str, type]:
    """Every ``…EventKind`` class in the code, by name."""
    classes = {}
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        names = KIND_CLASS.findall(text)
        if names:
            module = importlib.import_module(
                ".".join(path.relative_to(ROOT).with_suffix("").parts))
            classes |= {name: getattr(module, name) for name in names}
    return classes


def written_out_kinds() -> set[str]:
    """Kinds written as a string in a call of event_record."""
    kinds: set[str] = set()
    for path in SOURCES:
        for expression in RECORD.findall(path.read_text(encoding="utf-8")):
            kinds |= set(LITERAL.findall(expression))
    return kinds


def recorded_kinds() -> set[str]:
    kinds = written_out_kinds()
    for kind_class in kind_classes().values():
        kinds |= set(kind_class.values)
    return kinds


def test_no_kind_is_written_out():
    """Every kind is a member of its ``…EventKind``, recorded by its ``…_event()``."""
    assert written_out_kinds() == set()


def test_the_scan_finds_the_kinds():
    kinds = recorded_kinds()
    assert {"action.progress_reported", "event.held", "join_request.approved",
            "membership.removed", "recommendation.withdrawn", "comment.restored",
            "api_token.created", "import.completed"} <= kinds
    assert len(kinds) > 80


def test_every_kind_is_given_its_sentence():
    """A member declared without a label gets one made from its name, untranslated: every
    kind states its sentence, translated."""
    untold = sorted(kind.value for kind_class in kind_classes().values()
                    for kind in kind_class if not isinstance(kind.label, Promise))
    assert untold == [], f"event kinds without a sentence of their own: {untold}"


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
    event = event_record(kind=ActionEventKind.PROGRESS_REPORTED, target=PartyFactory(), actor=user,
                         payload={"percent": 30, "status": "in_progress"})
    event = DomainEvent.objects.select_related("actor").get(pk=event.pk)
    assert event_sentence(event) == "Progress reported (30%) by Amina Khan"
    old = DomainEvent(kind=RecommendationEventKind.COSIGNED, payload={})  # an older payload
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
