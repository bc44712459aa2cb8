import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from portal.core.models import DomainEvent
from portal.notifications.models import Notification
from recommendations.models import FollowUpAction, Recommendation, Response
from recommendations.services import cosignatures as cosign
from recommendations.services import recommendations as svc
from recommendations.services import responses as rsvc
from tests.factories import OrganizationFactory
from tests.recommendations.filing_support import fresh, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


def answer(w, rec, user=None, position="supported", justification="", commitments=(),
           version=None):
    rec.refresh_from_db()
    return rsvc.response_create(actor=fresh(user or w.focal), recommendation=rec,
                                expected_version=rec.version if version is None else version,
                                position=position, justification=justification,
                                commitments=commitments)


def test_a_response_is_published_with_commitments_as_follow_up_actions(w):
    rec = w.submitted()
    cosign.endorsement_create(actor=fresh(w.other_member), recommendation=rec,
                           organization=w.other_org) if rec.is_public else None
    due = timezone.localdate() + dt.timedelta(days=200)
    response = answer(w, rec, position="supported_in_part", justification="Partly.",
                      commitments=[rsvc.Commitment(w.gov_body, "Create a task force", due)])
    rec.refresh_from_db()
    assert response.status == "published" and response.published_at
    assert rec.status == "responded" and rec.position == "supported_in_part"
    assert rec.is_public  # the State publishes with the response (its setting)
    action = FollowUpAction.objects.get()
    assert (action.title, action.lead_body, action.due_on, action.status) == (
        "Create a task force", w.gov_body, due, "planned")
    assert list(action.recommendations.all()) == [rec]
    assert DomainEvent.objects.filter(kind="recommendation.responded", target_id=rec.pk,
                                      actor=w.focal).exists()
    assert Notification.objects.filter(recipient=w.member,
                                       kind="recommendation.responded").exists()


def test_endorsers_follow_the_recommendation(w):
    rec = w.submitted()
    svc.recommendation_publish(actor=fresh(w.member), recommendation=rec)
    cosign.endorsement_create(actor=fresh(w.other_member), recommendation=rec,
                           organization=w.other_org)
    answer(w, rec)
    assert Notification.objects.filter(recipient=w.other_member,
                                       kind="recommendation.responded").exists()


def test_the_state_setting_can_keep_it_private_until_the_filer_publishes(w):
    w.party.publish_on_response = False
    w.party.save()
    rec = w.submitted()
    answer(w, rec)
    rec.refresh_from_db()
    assert rec.status == "responded" and not rec.is_public


@pytest.mark.parametrize("position", ["supported_in_part", "noted"])
def test_justification_is_required_for_partial_support_and_noted(w, position):
    rec = w.submitted()
    with pytest.raises(ValidationError) as exc:
        answer(w, rec, position=position, justification="  ")
    assert "justification" in exc.value.message_dict
    assert not Response.objects.exists()
    rec.refresh_from_db()
    assert rec.status == "submitted"


def test_a_commitment_needs_a_government_body_of_the_state(w):
    rec = w.submitted()
    foreign = OrganizationFactory(country=w.other_party, category="governmental")
    with pytest.raises(ValidationError):
        answer(w, rec, commitments=[rsvc.Commitment(foreign, "Act")])
    with pytest.raises(ValidationError):
        answer(w, rec, commitments=[rsvc.Commitment(w.org, "Act")])  # not governmental
    assert not Response.objects.exists() and not FollowUpAction.objects.exists()


def test_a_withdrawn_recommendation_cannot_be_answered(w):
    rec = w.submitted()
    svc.recommendation_withdraw(actor=fresh(w.member), recommendation=rec)
    with pytest.raises(ValidationError, match="withdrawn"):
        answer(w, rec)
    assert not Response.objects.exists()


def test_only_the_states_focal_person_answers(w):
    rec = w.submitted()
    for user in (w.other_focal, w.agency, w.staff, w.member):
        with pytest.raises(PermissionDenied):
            answer(w, rec, user=user)


def test_the_second_answer_is_a_conflict_showing_the_winner(w):
    rec = w.submitted()
    seen = rec.version
    answer(w, rec, position="supported", version=seen)
    with pytest.raises(svc.ConflictError) as exc:
        answer(w, rec, user=w.second_focal, position="noted", justification="No.",
               version=seen)
    assert exc.value.response.position == "supported"
    assert exc.value.response.responded_by == w.focal
    assert Response.objects.count() == 1


def test_a_change_since_the_official_loaded_the_page_is_a_conflict(w):
    rec = w.submitted()
    seen = rec.version
    svc.recommendation_correct(actor=fresh(w.member), recommendation=rec,
                               expected_version=seen, title="New", text="New", note="n")
    with pytest.raises(svc.ConflictError):
        answer(w, rec, version=seen)
    assert not Response.objects.exists()


def test_second_official_approval(w):
    w.party.requires_second_approval = True
    w.party.save()
    rec = w.submitted()
    response = answer(w, rec, position="noted", justification="Not now.",
                      commitments=[])
    rec.refresh_from_db()
    assert response.status == "pending_approval"
    assert rec.status == "under_consideration" and not rec.is_public
    assert Notification.objects.filter(recipient=w.second_focal,
                                       kind="response.drafted").exists()
    with pytest.raises(ValidationError):  # not one's own response
        rsvc.response_approve(actor=fresh(w.focal), recommendation=rec,
                              expected_version=rec.version)
    with pytest.raises(svc.ConflictError):  # a stale page
        rsvc.response_approve(actor=fresh(w.second_focal), recommendation=rec,
                              expected_version=rec.version - 1)
    rsvc.response_approve(actor=fresh(w.second_focal), recommendation=rec,
                          expected_version=rec.version)
    rec.refresh_from_db()
    response.refresh_from_db()
    assert rec.status == "responded" and rec.position == "noted"
    assert response.status == "published" and response.approved_by == w.second_focal


def test_second_official_sends_a_response_back(w):
    w.party.requires_second_approval = True
    w.party.save()
    rec = w.submitted()
    answer(w, rec)
    rec.refresh_from_db()
    rsvc.response_reject(actor=fresh(w.second_focal), recommendation=rec,
                         expected_version=rec.version, note="Consult the ministry")
    assert not Response.objects.exists()
    answer(w, rec, user=w.second_focal)
    rec.refresh_from_db()
    assert rec.response.status == "pending_approval"


def test_consideration_and_its_notification(w):
    rec = w.submitted()
    svc.recommendation_consider(actor=fresh(w.focal), recommendation=rec)
    rec.refresh_from_db()
    assert rec.status == "under_consideration"
    assert Notification.objects.filter(recipient=w.member,
                                       kind="recommendation.under_consideration").exists()
    with pytest.raises(PermissionDenied):
        svc.recommendation_consider(actor=fresh(w.other_focal), recommendation=rec)


def test_answered_recommendations_cannot_be_withdrawn_or_corrected(w):
    rec = w.submitted()
    answer(w, rec)
    with pytest.raises(ValidationError):
        svc.recommendation_withdraw(actor=fresh(w.member), recommendation=rec)
    with pytest.raises(ValidationError):
        svc.recommendation_correct(actor=fresh(w.member), recommendation=rec,
                                   expected_version=None, title="x", text="y", note="z")


@pytest.mark.django_db(transaction=True)
def test_two_officials_at_once_on_postgres_one_wins(postgres):
    w = make_world()
    rec = w.submitted()
    seen = rec.version
    results: dict[str, str] = {}
    barrier = threading.Barrier(2)

    def run(name, user, position):
        try:
            barrier.wait(timeout=10)
            rsvc.response_create(actor=fresh(user), recommendation=Recommendation(pk=rec.pk),
                                 expected_version=seen, position=position,
                                 justification="Because.")
            results[name] = "ok"
        except svc.ConflictError:
            results[name] = "conflict"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=("a", w.focal, "supported")),
               threading.Thread(target=run, args=("b", w.second_focal, "noted"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results.values()) == ["conflict", "ok"]
    assert Response.objects.filter(recommendation_id=rec.pk).count() == 1
