"""Two people click "Register" for the last place at the same moment: exactly one gets
it, the other is put on the waiting list. Needs PostgreSQL's row locks."""

import threading

import pytest
from django.db import connection

from consultations.models import Registration
from consultations.services import events as services
from tests.consultations.events_support import fast_passwords, open_event
from tests.factories import MembershipFactory, OrganizationFactory, PartyFactory


def _race(event, people, action):
    barrier = threading.Barrier(len(people))
    results, errors = [], []

    def run(person):
        try:
            barrier.wait(timeout=10)
            results.append(action(person))
        except Exception as exc:  # collected and asserted on in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_registrations_for_the_last_place(postgres, settings):
    fast_passwords(settings)
    party = PartyFactory()
    event = open_event(party, capacity=1)
    people = [MembershipFactory(organization=OrganizationFactory(country=party))
              for _ in range(2)]
    results, errors = _race(event, people, lambda m: services.registration_create(
        actor=m.user, event=event, organization=m.organization).status)
    assert errors == []
    assert sorted(results) == ["confirmed", "waitlisted"]
    rows = Registration.objects.filter(event=event)
    assert rows.filter(status="confirmed").count() == 1
    assert rows.filter(status="waitlisted").count() == 1


@pytest.mark.django_db(transaction=True)
def test_cancellation_racing_a_registration_never_exceeds_capacity(postgres, settings):
    fast_passwords(settings)
    party = PartyFactory()
    event = open_event(party, capacity=1)
    holder, waiting, late = (MembershipFactory(organization=OrganizationFactory(country=party))
                             for _ in range(3))
    held = services.registration_create(actor=holder.user, event=event,
                                        organization=holder.organization)
    services.registration_create(actor=waiting.user, event=event,
                                 organization=waiting.organization)

    def act(who):
        if who is holder:
            return services.registration_cancel(actor=holder.user, registration=held).status
        return services.registration_create(actor=late.user, event=event,
                                             organization=late.organization).status

    results, errors = _race(event, [holder, late], act)
    assert errors == []
    confirmed = Registration.objects.filter(event=event, status="confirmed")
    assert confirmed.count() == 1
    assert confirmed.get().user == waiting.user  # first on the waiting list got the place


@pytest.mark.django_db(transaction=True)
def test_the_same_person_registering_twice_at_once(postgres, settings):
    fast_passwords(settings)
    party = PartyFactory()
    event = open_event(party, capacity=5)
    member = MembershipFactory(organization=OrganizationFactory(country=party))
    results, errors = _race(event, [member, member], lambda m: services.registration_create(
        actor=m.user, event=event, organization=m.organization).status)
    assert results == ["confirmed"]
    assert len(errors) == 1 and "already registered" in str(errors[0])
    assert Registration.objects.filter(event=event).count() == 1
