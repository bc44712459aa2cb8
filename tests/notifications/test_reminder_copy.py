"""Outside a transaction, on PostgreSQL, a scan writes each batch of new reminders with
one COPY: the rows are exactly those the multi-row INSERT writes, and a key that a
concurrent scan inserted after the check makes the batch fall back to the INSERT's
ON CONFLICT, each reminder still stored once."""

import datetime as dt

import pytest
from django.db import transaction

from portal.notifications import reminders
from portal.notifications.models import Reminder
from recommendations.models import FollowUpAction
from recommendations.reminders import reminders_scan_all
from tests.factories import FocalPersonFactory, OrganizationFactory, RecommendationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
TODAY = dt.date(2026, 3, 10)
# Characters COPY's text format escapes, quotes, and letters outside ASCII.
TITLE = 'Courts\t& "police"\\ referral\nplan: évaluation, 评估, تقييم'


def stored() -> list[dict]:
    fields = [
        f.attname for f in Reminder._meta.concrete_fields if f.attname not in ("id", "created_at")
    ]
    return list(Reminder.objects.order_by("key").values(*fields))


@pytest.fixture
def copies(monkeypatch):
    """The outcome of each COPY the scans attempt."""
    outcomes: list[bool] = []
    copy = reminders._reminders_copy

    def spy(rows):
        outcomes.append(copy(rows))
        return outcomes[-1]

    monkeypatch.setattr(reminders, "_reminders_copy", spy)
    return outcomes


def test_copied_reminders_are_the_rows_the_insert_writes(postgres, copies):
    focal = FocalPersonFactory()
    org = OrganizationFactory(country=focal.party)
    for n in range(30):
        RecommendationFactory(
            organization=org, response_due_on=TODAY - dt.timedelta(days=n), title=f"{TITLE} {n}"
        )
        FollowUpAction.objects.create(
            party=focal.party, title=f"{TITLE} {n}", due_on=TODAY + dt.timedelta(days=n % 9 - 4)
        )
    reminders_scan_all(today=TODAY)
    assert copies and all(copies)
    copied = stored()
    assert any(row["payload"].get("title", "").startswith(TITLE) for row in copied)
    Reminder.objects.all().delete()
    tried = len(copies)
    with transaction.atomic():  # inside a transaction: the multi-row INSERT
        reminders_scan_all(today=TODAY)
    assert len(copies) == tried
    assert stored() == copied


def test_a_key_inserted_after_the_check_sends_the_batch_to_on_conflict(postgres, monkeypatch):
    focal = FocalPersonFactory()
    org = OrganizationFactory(country=focal.party)
    for n in range(5):
        RecommendationFactory(organization=org, response_due_on=TODAY - dt.timedelta(days=n))
    copy = reminders._reminders_copy
    outcomes = []

    def concurrent_scan_first(rows):
        Reminder.objects.create(**rows[2])  # another scan stores one of them meanwhile
        outcomes.append(copy(rows))
        return outcomes[-1]

    monkeypatch.setattr(reminders, "_reminders_copy", concurrent_scan_first)
    reminders_scan_all(today=TODAY)
    assert outcomes == [False]
    keys = list(Reminder.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 5
