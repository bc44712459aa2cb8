import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from consultations.models import Organization
from portal.core.models import DomainEvent
from portal.notifications.messages import render_message
from portal.notifications.models import Notification
from portal.notifications.services import notification_deliver
from recommendations.models import (
    CoSignature,
    Endorsement,
    Recommendation,
    RecommendationVersion,
    ReferenceCounter,
)
from recommendations.services import consolidation as consol
from recommendations.services import cosignatures as cosign
from recommendations.services import discussion as talk
from recommendations.services import recommendations as svc
from tests.factories import MembershipFactory, OrganizationFactory, RecommendationFactory
from tests.recommendations.filing_support import fresh, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


def test_a_draft_can_be_saved_incomplete_and_is_private(w):
    rec = svc.recommendation_create(actor=w.member, organization=w.org, party=w.party,
                                    title="Only a title")
    assert rec.status == "draft" and rec.reference is None and not rec.is_public
    assert DomainEvent.objects.filter(kind="recommendation.created", target_id=rec.pk).exists()


def test_submission_gives_a_reference_freezes_the_text_and_notifies(w, mailoutbox):
    rec = w.draft()
    rec = svc.recommendation_submit(actor=fresh(w.member), recommendation=rec)
    year = timezone.now().year
    assert rec.reference == f"PKL-{year}-0001"
    assert rec.status == "submitted" and rec.submitted_at
    assert rec.response_due_on == timezone.localdate() + dt.timedelta(days=90)
    version = RecommendationVersion.objects.get(recommendation=rec)
    assert version.number == 1 and version.text == rec.text
    focal_notes = Notification.objects.filter(recipient__in=[w.focal, w.second_focal],
                                              kind="recommendation.submitted")
    assert focal_notes.count() == 2
    receipt = Notification.objects.get(recipient=w.member, kind="recommendation.submitted")
    assert receipt.payload["receipt"] is True
    assert rec.reference in render_message(receipt.payload["subject"])
    assert Notification.objects.filter(recipient=w.coordinator, payload__receipt=True).exists()
    assert not Notification.objects.filter(recipient=w.other_member).exists()
    assert notification_deliver(notification_id=receipt.pk) == "sent"
    assert rec.reference in mailoutbox[0].subject
    assert mailoutbox[0].to == [w.member.email]


def test_references_count_per_state_and_year_and_skip_existing_ones(w):
    year = timezone.now().year
    RecommendationFactory(organization=w.org, party=w.party, reference=f"PKL-{year}-0007")
    first = w.submitted()
    second = w.submitted(title="Another one")
    assert first.reference == f"PKL-{year}-0008"
    assert second.reference == f"PKL-{year}-0009"
    assert ReferenceCounter.objects.get(party=w.party, year=year).last == 9


def test_submitting_twice_is_a_no_op(w):
    rec = w.submitted()
    again = svc.recommendation_submit(actor=fresh(w.member), recommendation=rec)
    assert again.reference == rec.reference
    assert Recommendation.objects.exclude(reference=None).count() == 1
    assert DomainEvent.objects.filter(kind="recommendation.submitted").count() == 1
    assert RecommendationVersion.objects.count() == 1


def test_incomplete_draft_cannot_be_submitted_and_nothing_is_saved(w):
    rec = w.draft(text="", instruments=[])
    with pytest.raises(ValidationError) as exc:
        svc.recommendation_submit(actor=fresh(w.member), recommendation=rec)
    assert set(exc.value.message_dict) == {"text", "instruments"}
    rec.refresh_from_db()
    assert rec.status == "draft" and rec.reference is None
    assert not ReferenceCounter.objects.exists()
    assert not Notification.objects.exists()


def test_an_organization_addresses_only_its_own_state(w):
    with pytest.raises(ValidationError) as exc:
        w.draft(party=w.other_party)
    assert "party" in exc.value.message_dict
    assert not Recommendation.objects.exists()


def test_an_intergovernmental_organization_may_address_any_state(w):
    igo = OrganizationFactory(country=None, category=Organization.Category.INTERGOVERNMENTAL)
    user = MembershipFactory(organization=igo).user
    rec = svc.recommendation_create(actor=user, organization=igo, party=w.other_party,
                                    title="Regional cooperation", text="Cooperate.",
                                    instruments=[w.untoc])
    assert rec.party == w.other_party


def test_an_article_must_belong_to_a_chosen_instrument(w):
    with pytest.raises(ValidationError) as exc:
        w.draft(instruments=[w.untoc], articles=[w.article(w.tip, 6)])
    assert "articles" in exc.value.message_dict
    rec = w.draft(instruments=[w.untoc, w.tip], articles=[w.article(w.tip, 6)])
    assert list(rec.articles.all()) == [w.article(w.tip, 6)]


def test_an_unverified_organization_cannot_file(w):
    user = MembershipFactory(organization=w.pending_org).user
    with pytest.raises(ValidationError):
        svc.recommendation_create(actor=user, organization=w.pending_org, party=w.party,
                                  title="Title")


def test_only_members_file_for_their_organization(w):
    with pytest.raises(PermissionDenied):
        svc.recommendation_create(actor=w.other_member, organization=w.org, party=w.party,
                                  title="Title")


def test_submitted_text_is_frozen_and_corrections_are_versions(w):
    rec = w.submitted()
    with pytest.raises(ValidationError):
        svc.recommendation_update(actor=fresh(w.member), recommendation=rec, party=w.party,
                                  title="Changed")
    svc.recommendation_correct(actor=fresh(w.member), recommendation=rec,
                               expected_version=rec.version, title=rec.title,
                               text="Corrected text.", note="Fixed a typo")
    rec.refresh_from_db()
    assert rec.text == "Corrected text."
    assert list(rec.versions.values_list("number", "note")) == [(1, ""), (2, "Fixed a typo")]
    assert rec.versions.get(number=1).text != "Corrected text."


def test_a_stale_correction_is_a_conflict(w):
    rec = w.submitted()
    stale = rec.version
    svc.recommendation_correct(actor=fresh(w.member), recommendation=rec,
                               expected_version=stale, title="T1", text="One", note="one")
    with pytest.raises(svc.ConflictError):
        svc.recommendation_correct(actor=fresh(w.coordinator), recommendation=rec,
                                   expected_version=stale, title="T2", text="Two", note="two")
    rec.refresh_from_db()
    assert rec.text == "One"


def test_withdrawal_until_answered(w):
    rec = w.submitted()
    svc.recommendation_withdraw(actor=fresh(w.member), recommendation=rec, note="Duplicate")
    rec.refresh_from_db()
    assert rec.status == "withdrawn"
    ev = DomainEvent.objects.get(kind="recommendation.withdrawn")
    assert ev.note == "Duplicate" and ev.actor == w.member
    assert Notification.objects.filter(recipient=w.focal,
                                       kind="recommendation.withdrawn").exists()


def test_outsiders_cannot_withdraw(w):
    rec = w.submitted()
    for user in (w.other_member, w.focal, w.staff):
        with pytest.raises(PermissionDenied):
            svc.recommendation_withdraw(actor=fresh(user), recommendation=rec)


def test_cosigning_needs_a_verified_organization_and_its_confirmation(w):
    rec = w.draft()
    with pytest.raises(ValidationError) as exc:
        cosign.cosignature_invite(actor=fresh(w.member), recommendation=rec,
                               organization=w.pending_org)
    assert "not a verified organization" in str(exc.value)
    cosig = cosign.cosignature_invite(actor=fresh(w.member), recommendation=rec,
                                   organization=w.other_org)
    assert Notification.objects.filter(recipient=w.other_coordinator,
                                       kind="recommendation.cosign_requested").exists()
    assert not Notification.objects.filter(recipient=w.other_member).exists()
    with pytest.raises(ValidationError):
        cosign.cosignature_invite(actor=fresh(w.member), recommendation=rec,
                               organization=w.other_org)
    with pytest.raises(PermissionDenied):  # a plain member is not a coordinator
        cosign.cosignature_decide(actor=fresh(w.other_member), cosignature=cosig, accept=True)
    cosign.cosignature_decide(actor=fresh(w.other_coordinator), cosignature=cosig, accept=True)
    assert CoSignature.objects.get().status == "confirmed"
    with pytest.raises(ValidationError):
        cosign.cosignature_decide(actor=fresh(w.other_coordinator), cosignature=cosig,
                               accept=False)


def test_endorsement_by_other_verified_organizations(w):
    rec = w.submitted()
    svc.recommendation_publish(actor=fresh(w.member), recommendation=rec)
    cosign.endorsement_create(actor=fresh(w.other_member), recommendation=rec,
                           organization=w.other_org)
    assert Endorsement.objects.filter(recommendation=rec).count() == 1
    with pytest.raises(ValidationError):
        cosign.endorsement_create(actor=fresh(w.other_member), recommendation=rec,
                               organization=w.other_org)
    with pytest.raises(PermissionDenied):  # the filer does not endorse itself
        cosign.endorsement_create(actor=fresh(w.member), recommendation=rec, organization=w.org)


def test_alliance_coordinator_consolidates_members_drafts(w):
    a = w.draft(title="Victims first", instruments=[w.tip])
    b = svc.recommendation_create(actor=w.member_org_member, organization=w.member_org,
                                  party=w.party, title="Shelters", text="Fund shelters.",
                                  instruments=[w.untoc])
    with pytest.raises(ValidationError):  # not shared with the alliance yet
        consol.recommendation_consolidate(actor=fresh(w.alliance_coordinator),
                                       alliance=w.alliance, sources=[a, b], title="x")
    a = svc.recommendation_share_with_alliance(actor=fresh(w.member), recommendation=a,
                                               shared=True)
    b = svc.recommendation_share_with_alliance(actor=fresh(w.member_org_member),
                                               recommendation=b, shared=True)
    rec = consol.recommendation_consolidate(actor=fresh(w.alliance_coordinator),
                                         alliance=w.alliance, sources=[a, b],
                                         title="Victims and shelters")
    assert rec.organization == w.alliance and rec.status == "draft"
    assert "### Victims first" in rec.text and "Fund shelters." in rec.text
    assert set(rec.instruments.all()) == {w.untoc, w.tip}
    assert set(Recommendation.objects.filter(consolidated_into=rec)) == {a, b}
    with pytest.raises(PermissionDenied):
        consol.recommendation_consolidate(actor=fresh(w.member), alliance=w.alliance,
                                       sources=[a, b], title="x")


def test_alliance_recommendation_is_submitted_by_its_coordinator_only(w):
    user = MembershipFactory(organization=w.alliance).user
    rec = svc.recommendation_create(actor=user, organization=w.alliance, party=w.party,
                                    title="Alliance", text="Text", instruments=[w.untoc])
    with pytest.raises(PermissionDenied):
        svc.recommendation_submit(actor=fresh(user), recommendation=rec)
    rec = svc.recommendation_submit(actor=fresh(w.alliance_coordinator), recommendation=rec)
    assert rec.status == "submitted"


def test_staff_change_the_deadline(w):
    rec = w.submitted()
    new = timezone.localdate() + dt.timedelta(days=120)
    svc.recommendation_deadline_set(actor=fresh(w.staff), recommendation=rec, due_on=new)
    rec.refresh_from_db()
    assert rec.response_due_on == new
    with pytest.raises(PermissionDenied):
        svc.recommendation_deadline_set(actor=fresh(w.focal), recommendation=rec, due_on=new)
    with pytest.raises(ValidationError):
        svc.recommendation_deadline_set(actor=fresh(w.staff), recommendation=rec,
                                        due_on=timezone.localdate() - dt.timedelta(days=400))


def test_comments_and_moderation(w):
    rec = w.submitted()
    with pytest.raises(PermissionDenied):  # not public yet
        talk.comment_create(actor=fresh(w.other_member), recommendation=rec, text="Hi")
    svc.recommendation_publish(actor=fresh(w.member), recommendation=rec)
    rec.refresh_from_db()
    comment = talk.comment_create(actor=fresh(w.other_member), recommendation=rec,
                                 text="We agree.")
    assert Notification.objects.filter(recipient=w.member, kind="comment.created").exists()
    with pytest.raises(PermissionDenied):
        talk.comment_moderate(actor=fresh(w.focal), comment=comment, hide=True, reason="x")
    with pytest.raises(ValidationError):
        talk.comment_moderate(actor=fresh(w.staff), comment=comment, hide=True, reason="")
    talk.comment_moderate(actor=fresh(w.staff), comment=comment, hide=True, reason="Off topic")
    comment.refresh_from_db()
    assert comment.status == "hidden" and comment.moderation_reason == "Off topic"


def test_internal_notes_only_for_officials_and_staff(w):
    rec = w.submitted()
    talk.note_create(actor=fresh(w.agency), recommendation=rec, text="Checked with FIA")
    talk.note_create(actor=fresh(w.staff), recommendation=rec, text="Staff view")
    for user in (w.member, w.other_focal, w.other_member):
        with pytest.raises(PermissionDenied):
            talk.note_create(actor=fresh(user), recommendation=rec, text="x")
    # the note is recorded on itself: never in the recommendation's public timeline
    kinds = set(DomainEvent.objects.filter(kind="note.created")
                .values_list("target_type__model", flat=True))
    assert kinds == {"internalnote"}


def test_postgres_has_the_search_indexes(postgres):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes "
                       "WHERE tablename = 'recommendations_recommendation'")
        indexes = dict(cursor.fetchall())
    assert "gin (search_vector)" in indexes["recommendation_search_gin"]
    assert "gin_trgm_ops" in indexes["recommendation_title_trgm"]


def test_search_vector_is_maintained_by_the_services(w, postgres):
    from recommendations.selectors.recommendations import (
        RecommendationFilters,
        recommendations_search,
    )

    rec = w.submitted(title="Cybercrime capacity", text="Train investigators.")
    svc.recommendation_publish(actor=fresh(w.member), recommendation=rec)
    found = recommendations_search(None, RecommendationFilters(q="investigator"))
    assert list(found) == [rec]
    svc.recommendation_correct(actor=fresh(w.member), recommendation=rec,
                               expected_version=None, title=rec.title,
                               text="Train prosecutors.", note="Wording")
    assert list(recommendations_search(None, RecommendationFilters(q="prosecutors"))) == [rec]
    assert not list(recommendations_search(None, RecommendationFilters(q="investigator")))
