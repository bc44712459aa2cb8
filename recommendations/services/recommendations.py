"""Writes on recommendations: drafts, submission, corrections, withdrawal, publication,
co-signatures, endorsements, attachments, consolidation, internal notes and comments.

Every function is keyword-only, runs in one transaction, checks the policy, changes
the rows, records the domain event and writes the notifications it implies. Status
changes go through ``recommendations.transitions``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from consultations.models import (
    Article,
    Cluster,
    Event,
    Instrument,
    Membership,
    OfficialAssignment,
    Organization,
    Party,
)
from consultations.selectors.alliances import accepted_member_ids, alliances_coordinators
from portal.core import content_language
from portal.core.events import event_record, events_for
from portal.notifications.messages import msg, state_msg
from portal.notifications.models import Category
from portal.notifications.services import notifications_create, notifications_summary_set
from recommendations import policies
from recommendations.models import (
    Attribution,
    Comment,
    CoSignature,
    Endorsement,
    FieldVisibility,
    InternalNote,
    Recommendation,
    RecommendationAttachment,
    RecommendationVersion,
    ReferenceCounter,
    SdgTarget,
    Theme,
)
from recommendations.services.safety import protection_apply, protection_validate
from recommendations.transitions import transition

S = Recommendation.Status


class ConflictError(Exception):
    """Somebody else changed the row since the user loaded it. Carries the current
    recommendation (and its response, if that is what won) for the conflict page."""

    def __init__(self, message: str, *, recommendation: Recommendation, response=None):
        super().__init__(message)
        self.message = message
        self.recommendation = recommendation
        self.response = response


# --- helpers -------------------------------------------------------------------------


def recommendation_url(recommendation: Recommendation) -> str:
    return reverse("recommendations:detail", args=[recommendation.pk])


def org_members(org_ids: Iterable[int], *, coordinators_only: bool = False):
    User = get_user_model()
    qs = User.objects.filter(memberships__organization_id__in=list(org_ids), is_active=True)
    if coordinators_only:
        qs = qs.filter(memberships__role=Membership.Role.COORDINATOR)
    return list(qs.distinct())


def focal_persons(party_id: int):
    User = get_user_model()
    return list(User.objects.filter(
        official_assignments__party_id=party_id, is_active=True,
        official_assignments__role=OfficialAssignment.Role.FOCAL_PERSON).distinct())


def lock(recommendation: Recommendation | int) -> Recommendation:
    pk = recommendation if isinstance(recommendation, int) else recommendation.pk
    return (Recommendation.objects.select_for_update(of=("self",))
            .select_related("party", "organization").get(pk=pk))


def search_vector_refresh(recommendation_ids: Sequence[int]) -> None:
    """Keep the full-text vector in step with the text (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    from recommendations.search import search_vector_expression, translations_vector_append

    ids = list(recommendation_ids)
    Recommendation.objects.filter(pk__in=ids).update(search_vector=search_vector_expression())
    translations_vector_append(ids)  # a reader finds it in their language too


def _check_version(recommendation: Recommendation, expected_version: int | None) -> None:
    if expected_version is not None and recommendation.version != expected_version:
        raise ConflictError(
            _("Someone else changed this recommendation while you were editing it. "
              "Your changes were not saved; here is the current text."),
            recommendation=recommendation)


def _validate_content(*, organization: Organization, party: Party,
                      instruments: Sequence[Instrument], articles: Sequence[Article],
                      title: str, text: str, require_instruments: bool) -> None:
    errors: dict[str, list[str]] = {}
    if not organization.is_verified:
        errors.setdefault("organization", []).append(
            _("Only a verified organization can file recommendations."))
    if not policies.addressable_party_ok(organization, party.pk):
        errors.setdefault("party", []).append(
            _("%(org)s can only address recommendations to its own State (%(country)s).")
            % {"org": organization.name, "country": organization.country})
    instrument_ids = {i.pk for i in instruments}
    wrong = [a for a in articles if a.instrument_id not in instrument_ids]
    if wrong:
        errors.setdefault("articles", []).append(
            _("These articles do not belong to the instruments you chose: %(list)s. "
              "Choose their instrument too, or remove them.")
            % {"list": ", ".join(str(a) for a in wrong)})
    if not (title or "").strip():
        errors.setdefault("title", []).append(_("Enter a title."))
    if require_instruments:
        if not (text or "").strip():
            errors.setdefault("text", []).append(_("Enter the recommendation."))
        if not instrument_ids:
            errors.setdefault("instruments", []).append(
                _("Choose at least one instrument."))
    if errors:
        raise ValidationError(errors)


def _set_relations(rec: Recommendation, *, instruments, articles, themes, sdg_targets) -> None:
    rec.instruments.set(instruments)
    rec.articles.set(articles)
    rec.themes.set(themes)
    rec.sdg_targets.set(sdg_targets)


# --- drafts ----------------------------------------------------------------------------


def recommendation_create(
    *, actor, organization: Organization, party: Party, title: str, text: str = "",
    rationale: str = "", instruments: Sequence[Instrument] = (),
    articles: Sequence[Article] = (), cluster: Cluster | None = None,
    themes: Sequence[Theme] = (), sdg_targets: Sequence[SdgTarget] = (),
    event: Event | None = None, language: str | None = None,
    attribution: str = Attribution.NAMED,
    rationale_visibility: str = FieldVisibility.PUBLIC,
    attachments_visibility: str = FieldVisibility.PUBLIC, on_behalf: bool = False,
) -> Recommendation:
    """A new draft on behalf of one of the actor's verified organizations (or, with
    ``on_behalf``, by UNODC staff for a verified organization, recorded as such), named
    or not as the filer chooses (recommendations.policies, "Safe filing")."""
    with transaction.atomic():
        if organization.pk not in policies.roles_of(actor).member_org_ids and not (
                on_behalf and policies.can_file_on_behalf(actor, organization)):
            raise PermissionDenied
        _validate_content(organization=organization, party=party, instruments=instruments,
                          articles=articles, title=title, text=text,
                          require_instruments=False)
        protection_validate(attribution=attribution,
                            rationale_visibility=rationale_visibility,
                            attachments_visibility=attachments_visibility)
        rec = Recommendation.objects.create(
            organization=organization, party=party, title=title.strip(), text=text,
            rationale=rationale, cluster=cluster, event=event, created_by=actor,
            status=S.DRAFT, language=content_language.clean(language),
            attribution=attribution,
            rationale_visibility=rationale_visibility,
            attachments_visibility=attachments_visibility)
        _set_relations(rec, instruments=instruments, articles=articles, themes=themes,
                       sdg_targets=sdg_targets)
        search_vector_refresh([rec.pk])
        event_record(kind="recommendation.created", target=rec, actor=actor)
        if on_behalf and organization.pk not in policies.roles_of(actor).member_org_ids:
            event_record(kind="recommendation.filed_on_behalf", target=rec, actor=actor,
                         payload={"organization": organization.name})
        return rec


def recommendation_update(
    *, actor, recommendation: Recommendation, expected_version: int | None = None,
    party: Party, title: str, text: str = "", rationale: str = "",
    instruments: Sequence[Instrument] = (), articles: Sequence[Article] = (),
    cluster: Cluster | None = None, themes: Sequence[Theme] = (),
    sdg_targets: Sequence[SdgTarget] = (), event: Event | None = None,
    language: str | None = None,
    attribution: str | None = None, rationale_visibility: str | None = None,
    attachments_visibility: str | None = None,
    on_behalf: bool = False,
) -> Recommendation:
    """Save a draft (at any time: incomplete drafts are fine until submission). Only the
    filer sees a draft: its protection may change either way here (None: unchanged),
    each change a domain event."""
    with transaction.atomic():
        rec = lock(recommendation)
        if not policies.can_edit_recommendation(actor, rec) and not (
                on_behalf and rec.status == S.DRAFT
                and policies.can_file_on_behalf(actor, rec.organization)):
            if rec.status != S.DRAFT:
                raise ValidationError(_("This recommendation has been submitted: its text "
                                        "is frozen. Propose a correction instead."))
            raise PermissionDenied
        _check_version(rec, expected_version)
        _validate_content(organization=rec.organization, party=party,
                          instruments=instruments, articles=articles, title=title, text=text,
                          require_instruments=False)
        protection = {"attribution": attribution,
                       "rationale_visibility": rationale_visibility,
                       "attachments_visibility": attachments_visibility}
        protection = {k: v for k, v in protection.items() if v is not None}
        protection_validate(**protection)
        rec.party, rec.title, rec.text, rec.rationale = party, title.strip(), text, rationale
        rec.cluster, rec.event = cluster, event
        if language is not None:
            rec.language = content_language.clean(language)
        protection_apply(rec, actor=actor, **protection)
        rec.version += 1
        rec.save()
        _set_relations(rec, instruments=instruments, articles=articles, themes=themes,
                       sdg_targets=sdg_targets)
        search_vector_refresh([rec.pk])
        event_record(kind="recommendation.updated", target=rec, actor=actor)
        return rec


def recommendation_delete(*, actor, recommendation: Recommendation) -> None:
    with transaction.atomic():
        rec = lock(recommendation)
        if not policies.can_edit_recommendation(actor, rec):
            raise PermissionDenied
        rec.delete()


def recommendation_share_with_alliance(*, actor, recommendation: Recommendation,
                                       shared: bool) -> Recommendation:
    """The filer shares a draft with the coordinators of the verified alliances its
    organization is an accepted member of (read only, to consolidate it), or takes it
    back. Sharing again changes nothing."""
    with transaction.atomic():
        rec = lock(recommendation)
        if not policies.can_share_with_alliance(actor, rec):
            if rec.status != S.DRAFT:
                raise ValidationError(_("Only a draft is shared this way: once submitted, "
                                        "a recommendation is seen by the filer's "
                                        "alliances anyway."))
            raise PermissionDenied
        if rec.shared_with_alliance == shared:
            return rec
        coordinators = alliances_coordinators(rec.organization_id)
        if shared and coordinators is None:
            raise ValidationError({"shared_with_alliance": _(
                "%(name)s is not a member of a verified alliance.")
                % {"name": rec.organization.name}})
        rec.shared_with_alliance = shared
        rec.version += 1
        rec.save(update_fields=["shared_with_alliance", "version", "updated_at"])
        kind = ("recommendation.shared_with_alliance" if shared
                else "recommendation.unshared_with_alliance")
        ev = event_record(kind=kind, target=rec, actor=actor)
        if shared:
            notifications_create(
                recipients=coordinators, category=Category.STATUS, kind=kind,
                url=recommendation_url(rec), event=ev,
                payload={"subject": msg(gettext_noop("%(org)s shared a draft with your "
                                                     "alliance"),
                                    org=policies.filer_display_for_audience(
                                        rec, policies.PUBLIC_AUDIENCE)),
                         "summary": msg(gettext_noop("“%(title)s”, to %(state)s."),
                                        title=rec.title, state=state_msg(rec.party))})
        return rec


# --- submission and references ------------------------------------------------------------


def reference_allocate(*, party: Party, year: int) -> str:
    """The next free reference for a State and year, e.g. PAK-2026-0007 (under a lock
    on the counter row, inside the caller's transaction)."""
    counter, created = ReferenceCounter.objects.select_for_update().get_or_create(
        party=party, year=year)
    prefix = f"{party.iso3}-{year}-"
    if created:  # rows filed before the counter existed (imports, demo data)
        existing = Recommendation.objects.filter(reference__startswith=prefix).values_list(
            "reference", flat=True)
        numbers = [int(r.rsplit("-", 1)[1]) for r in existing if r.rsplit("-", 1)[1].isdigit()]
        counter.last = max(numbers, default=0)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}{counter.last:04d}"


def recommendation_submit(*, actor, recommendation: Recommendation,
                          on_behalf: bool = False) -> Recommendation:
    """Give the draft its permanent reference, freeze its text (version 1), start the
    response clock, notify the State's focal persons and send the filer a receipt.
    Submitting again (a double click) changes nothing and returns the recommendation."""
    with transaction.atomic():
        rec = lock(recommendation)
        if rec.reference and rec.status != S.DRAFT:
            return rec
        if not policies.can_submit_recommendation(actor, rec) and not (
                on_behalf and rec.status == S.DRAFT
                and policies.can_file_on_behalf(actor, rec.organization)):
            raise PermissionDenied
        instruments = list(rec.instruments.all())
        articles = list(rec.articles.all())
        _validate_content(organization=rec.organization, party=rec.party,
                          instruments=instruments, articles=articles, title=rec.title,
                          text=rec.text, require_instruments=True)
        now = timezone.now()
        rec.reference = reference_allocate(party=rec.party, year=now.year)
        rec.submitted_at = now
        rec.response_due_on = timezone.localdate(now) + dt.timedelta(
            days=rec.party.response_days)
        ev = transition(rec, S.SUBMITTED, actor=actor, payload={"reference": rec.reference},
                        fields=("reference", "submitted_at", "response_due_on"))
        RecommendationVersion.objects.create(recommendation=rec, number=1, title=rec.title,
                                             text=rec.text, rationale=rec.rationale,
                                             created_by=actor)
        search_vector_refresh([rec.pk])
        url = recommendation_url(rec)
        notifications_create(
            recipients=focal_persons(rec.party_id), category=Category.SUBMISSION,
            kind="recommendation.submitted", url=url, event=ev,
            payload={"subject": msg(gettext_noop("New recommendation %(ref)s for %(state)s"),
                                    ref=rec.reference, state=state_msg(rec.party)),
                     "summary": msg(gettext_noop("%(org)s submitted “%(title)s”. Please "
                                                 "respond by %(due)s."),
                                    org=policies.filer_display_for_audience(
                                        rec, policies.GOVERNMENT_AUDIENCE),
                                    title=rec.title, due=rec.response_due_on.isoformat()),
                     "reference": rec.reference})
        notifications_create(
            recipients=org_members([rec.organization_id]), category=Category.SUBMISSION,
            kind="recommendation.submitted", url=reverse("recommendations:receipt",
                                                         args=[rec.pk]), event=ev,
            payload={"subject": msg(gettext_noop("Receipt: recommendation %(ref)s submitted"),
                                    ref=rec.reference),
                     "summary": msg(gettext_noop("Your recommendation “%(title)s” was "
                                                 "submitted to %(state)s with reference "
                                                 "%(ref)s. A response is due by %(due)s."),
                                    title=rec.title, state=state_msg(rec.party), ref=rec.reference,
                                    due=rec.response_due_on.isoformat()),
                     "reference": rec.reference, "receipt": True},
            urgent=True)  # a receipt is expected at once, never held for a digest
        return rec


def recommendation_correct(*, actor, recommendation: Recommendation,
                           expected_version: int | None, title: str, text: str,
                           rationale: str = "", note: str = "") -> RecommendationVersion:
    """After submission the text is frozen: a correction is a new, visible version."""
    with transaction.atomic():
        rec = lock(recommendation)
        if not policies.can_correct_recommendation(actor, rec):
            if rec.status in (S.RESPONDED, S.WITHDRAWN):
                raise ValidationError(_("A recommendation that is %(status)s can no longer "
                                        "be corrected.")
                                      % {"status": rec.get_status_display().lower()})
            raise PermissionDenied
        _check_version(rec, expected_version)
        errors = {}
        if not title.strip():
            errors["title"] = _("Enter a title.")
        if not text.strip():
            errors["text"] = _("Enter the recommendation.")
        if not note.strip():
            errors["note"] = _("Say what you corrected.")
        if (title.strip(), text, rationale) == (rec.title, rec.text, rec.rationale):
            errors.setdefault("text", _("Nothing changed."))
        if errors:
            raise ValidationError(errors)
        number = (rec.versions.order_by("-number").values_list("number", flat=True)
                  .first() or 0) + 1
        if number == 1:  # submitted before versions existed: keep the original first
            RecommendationVersion.objects.create(
                recommendation=rec, number=1, title=rec.title, text=rec.text,
                rationale=rec.rationale, created_by=rec.created_by,
                note=_("As submitted"))
            number = 2
        version = RecommendationVersion.objects.create(
            recommendation=rec, number=number, title=title.strip(), text=text,
            rationale=rationale, note=note.strip(), created_by=actor)
        rec.title, rec.text, rec.rationale = title.strip(), text, rationale
        rec.version += 1
        rec.save(update_fields=["title", "text", "rationale", "version", "updated_at"])
        search_vector_refresh([rec.pk])
        ev = event_record(kind="recommendation.corrected", target=rec, actor=actor,
                          note=note.strip(), payload={"version": number})
        notifications_create(
            recipients=focal_persons(rec.party_id), category=Category.STATUS,
            kind="recommendation.corrected", url=recommendation_url(rec), event=ev,
            payload={"subject": msg(gettext_noop("%(ref)s was corrected"), ref=rec.reference),
                     "summary": note.strip()})
        return version


def recommendation_withdraw(*, actor, recommendation: Recommendation,
                            note: str = "") -> Recommendation:
    with transaction.atomic():
        rec = lock(recommendation)
        if not policies.can_act_for_filer(actor, rec):
            raise PermissionDenied
        if rec.status == S.WITHDRAWN:
            return rec
        if not policies.can_withdraw_recommendation(actor, rec):
            if rec.status == S.RESPONDED:
                raise ValidationError(_("The State has already answered this "
                                        "recommendation: it can no longer be withdrawn."))
            raise PermissionDenied
        ev = transition(rec, S.WITHDRAWN, actor=actor, note=note)
        recipients = org_members([rec.organization_id]) + focal_persons(rec.party_id)
        notifications_create(
            recipients=recipients, category=Category.STATUS, kind="recommendation.withdrawn",
            url=recommendation_url(rec), event=ev,
            payload={"subject": msg(gettext_noop("%(ref)s was withdrawn"), ref=rec.reference),
                     "summary": note or msg(gettext_noop("The filing organization withdrew "
                                                         "“%(title)s”."), title=rec.title)})
        return rec


def recommendation_consider(*, actor, recommendation: Recommendation,
                            note: str = "") -> Recommendation:
    """The focal person takes it up: submitted → under consideration."""
    with transaction.atomic():
        rec = lock(recommendation)
        if not policies.is_focal_person_of(actor, rec.party_id):
            raise PermissionDenied
        if rec.status == S.UNDER_CONSIDERATION:
            return rec
        if not policies.can_start_consideration(actor, rec):
            if rec.status == S.WITHDRAWN:
                raise ValidationError(_("This recommendation was withdrawn."))
            raise PermissionDenied
        ev = transition(rec, S.UNDER_CONSIDERATION, actor=actor, note=note)
        notifications_create(
            recipients=org_members([rec.organization_id]), category=Category.STATUS,
            kind="recommendation.under_consideration", url=recommendation_url(rec), event=ev,
            payload={"subject": msg(gettext_noop("%(ref)s is under consideration"),
                                    ref=rec.reference),
                     "summary": msg(gettext_noop("%(state)s is considering “%(title)s”."),
                                    state=state_msg(rec.party), title=rec.title)})
        return rec


def recommendation_publish(*, actor, recommendation: Recommendation) -> Recommendation:
    """The filer makes a submitted recommendation public before any response."""
    with transaction.atomic():
        rec = lock(recommendation)
        if not policies.can_act_for_filer(actor, rec):
            raise PermissionDenied
        if rec.is_public:
            return rec
        if not policies.can_publish_recommendation(actor, rec):
            raise PermissionDenied
        rec.is_public = True
        rec.version += 1
        rec.save(update_fields=["is_public", "version", "updated_at"])
        event_record(kind="recommendation.published", target=rec, actor=actor)
        return rec


def recommendation_deadline_set(*, actor, recommendation: Recommendation,
                                due_on: dt.date, note: str = "") -> Recommendation:
    """UNODC staff change one recommendation's response deadline."""
    with transaction.atomic():
        rec = lock(recommendation)
        if not policies.can_set_deadline(actor, rec):
            raise PermissionDenied
        if rec.submitted_at and due_on < timezone.localdate(rec.submitted_at):
            raise ValidationError({"due_on": _("The deadline cannot be before the "
                                               "submission date.")})
        previous = rec.response_due_on
        rec.response_due_on = due_on
        rec.version += 1
        rec.save(update_fields=["response_due_on", "version", "updated_at"])
        event_record(kind="recommendation.deadline_changed", target=rec, actor=actor,
                     note=note, payload={"from": previous.isoformat() if previous else None,
                                         "to": due_on.isoformat()})
        return rec


# --- consolidation by an alliance coordinator -----------------------------------------------


def recommendation_consolidate(*, actor, alliance: Organization,
                               sources: Sequence[Recommendation], title: str) -> Recommendation:
    """Pull accepted member organizations' shared drafts (or submitted recommendations)
    into one draft of the alliance."""
    with transaction.atomic():
        roles = policies.roles_of(actor)
        if not alliance.is_alliance or alliance.pk not in roles.coordinator_org_ids:
            raise PermissionDenied
        if not alliance.is_verified:
            raise ValidationError(_("Only a verified alliance can file recommendations."))
        ids = [s.pk for s in sources]
        locked = list(Recommendation.objects.select_for_update(of=("self",))
                      .filter(pk__in=ids).order_by("created_at", "pk"))
        members = accepted_member_ids(alliance)
        errors = []
        if len(locked) < 2:
            errors.append(_("Choose at least two drafts to consolidate."))
        for s in locked:
            if (s.organization_id not in members
                    or not policies.can_consolidate_source(actor, s)):
                errors.append(_("“%(title)s” is neither a draft a member organization "
                                "shared with the alliance nor one it submitted.")
                              % {"title": s.title})
        parties = {s.party_id for s in locked}
        if len(parties) > 1:
            errors.append(_("The drafts are addressed to different States."))
        if not title.strip():
            errors.append(_("Enter a title."))
        if errors:
            raise ValidationError({"__all__": errors})
        party = locked[0].party
        if not policies.addressable_party_ok(alliance, party.pk):
            raise ValidationError(_("The alliance cannot address %(state)s.")
                                  % {"state": party})
        text = "\n\n".join(f"### {s.title}\n\n{s.text}" for s in locked)
        rationale = "\n\n".join(s.rationale for s in locked if s.rationale)
        rec = Recommendation.objects.create(
            organization=alliance, party=party, title=title.strip(), text=text[:10000],
            rationale=rationale[:10000], created_by=actor, status=S.DRAFT,
            cluster=next((s.cluster for s in locked if s.cluster_id), None),
            event=next((s.event for s in locked if s.event_id), None))
        _set_relations(
            rec,
            instruments=Instrument.objects.filter(recommendations__in=ids).distinct(),
            articles=Article.objects.filter(recommendations__in=ids).distinct(),
            themes=Theme.objects.filter(recommendations__in=ids).distinct(),
            sdg_targets=SdgTarget.objects.filter(recommendations__in=ids).distinct())
        Recommendation.objects.filter(pk__in=ids).update(consolidated_into=rec)
        search_vector_refresh([rec.pk])
        event_record(kind="recommendation.consolidated", target=rec, actor=actor,
                     payload={"sources": ids})
        for s in locked:
            event_record(kind="recommendation.consolidated_into", target=s, actor=actor,
                         payload={"into": rec.pk})
        return rec


# --- co-signatures and endorsements -----------------------------------------------------------


def cosignature_invite(*, actor, recommendation: Recommendation, organization: Organization,
                       cross_border: bool = False) -> CoSignature:
    """Invite an organization to co-sign (the rule: policies.cosign_invite_refusal) and
    notify the people who may confirm for it (policies.cosign_confirmers). The returned
    co-signature's ``confirmers`` counts them: 0 means nobody can confirm yet."""
    with transaction.atomic():
        rec = lock(recommendation)
        if not policies.can_invite_cosigner(actor, rec):
            raise PermissionDenied
        refusal = policies.cosign_invite_refusal(rec, organization,
                                                 cross_border=cross_border)
        if refusal:
            raise ValidationError({"organization": refusal})
        existing = CoSignature.objects.filter(recommendation=rec,
                                              organization=organization).first()
        if existing is not None and existing.status != CoSignature.Status.DECLINED:
            raise ValidationError({"organization": _("%(org)s has already been invited.")
                                   % {"org": organization.name}})
        if existing is not None:  # declined before: asked again
            existing.status, existing.invited_by = CoSignature.Status.INVITED, actor
            existing.decided_by = existing.decided_at = None
            existing.invited_at = timezone.now()
            existing.save()
            cosig = existing
        else:
            cosig = CoSignature.objects.create(recommendation=rec, organization=organization,
                                               invited_by=actor)
        ev = event_record(kind="recommendation.cosign_requested", target=rec, actor=actor,
                          payload={"organization": organization.name})
        confirmers = policies.cosign_confirmers(organization)
        notifications_create(
            recipients=confirmers,
            category=Category.COSIGN, kind="recommendation.cosign_requested",
            url=recommendation_url(rec), event=ev,
            payload={"subject": msg(gettext_noop("%(org)s invites you to co-sign a "
                                                 "recommendation"), org=rec.organization.name),
                     "summary": msg(gettext_noop("“%(title)s”, addressed to %(state)s. Confirm "
                                                 "or decline on the recommendation's page."),
                                    title=rec.title, state=state_msg(rec.party))})
        cosig.confirmers = len(confirmers)
        return cosig


def cosignature_decide(*, actor, cosignature: CoSignature, accept: bool,
                       attribution: str = Attribution.NAMED) -> CoSignature:
    """Confirm (named or not, as the co-signer chooses) or decline an invitation."""
    with transaction.atomic():
        cosig = (CoSignature.objects.select_for_update(of=("self",))
                 .select_related("organization", "recommendation").get(pk=cosignature.pk))
        if not policies.can_decide_cosignature(actor, cosig):
            if cosig.status != CoSignature.Status.INVITED:
                raise ValidationError(_("This invitation has already been answered."))
            raise PermissionDenied
        if accept and attribution not in Attribution.values:
            raise ValidationError({"attribution": _("Choose one of the options.")})
        cosig.status = (CoSignature.Status.CONFIRMED if accept
                        else CoSignature.Status.DECLINED)
        cosig.attribution = attribution if accept else cosig.attribution
        cosig.decided_by, cosig.decided_at = actor, timezone.now()
        cosig.save(update_fields=["status", "attribution", "decided_by", "decided_at"])
        rec = cosig.recommendation
        kind = "recommendation.cosigned" if accept else "recommendation.cosign_declined"
        ev = event_record(kind=kind, target=rec, actor=actor,
                          payload={"organization": cosig.organization.name})
        notifications_create(
            recipients=org_members([rec.organization_id]), category=Category.COSIGN,
            kind=kind, url=recommendation_url(rec), event=ev,
            payload={"subject": msg(gettext_noop("%(org)s co-signed “%(title)s”") if accept
                                    else gettext_noop("%(org)s declined to co-sign “%(title)s”"),
                                    org=cosig.organization.name, title=rec.title),
                     "summary": ""})
        return cosig


def endorsement_create(*, actor, recommendation: Recommendation,
                       organization: Organization) -> Endorsement:
    """Endorse on behalf of one of the actor's verified organizations; the endorser then
    follows the recommendation (notified of the response)."""
    with transaction.atomic():
        rec = lock(recommendation)
        allowed = policies.endorsing_org_ids(actor, rec)
        if organization.pk not in allowed:
            if Endorsement.objects.filter(recommendation=rec,
                                          organization=organization).exists():
                raise ValidationError(_("%(org)s already endorses this recommendation.")
                                      % {"org": organization.name})
            raise PermissionDenied
        endorsement = Endorsement.objects.create(recommendation=rec, organization=organization,
                                                 endorsed_by=actor)
        event_record(kind="recommendation.endorsed", target=rec, actor=actor,
                     payload={"organization": organization.name})
        return endorsement


# --- attachments --------------------------------------------------------------------------


def attachment_add(*, actor, recommendation: Recommendation, file) -> RecommendationAttachment:
    from consultations.uploads import validate_upload

    with transaction.atomic():
        rec = lock(recommendation)
        if not policies.can_add_attachment(actor, rec):
            if rec.status != S.DRAFT:
                raise ValidationError(_("Attachments can only be added to drafts."))
            raise PermissionDenied
        try:
            name = validate_upload(file)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        attachment = RecommendationAttachment(
            recommendation=rec, name=name, size=file.size, uploaded_by=actor,
            content_type=getattr(file, "content_type", "") or "")
        attachment.file.save(name, file, save=False)
        attachment.save()
        event_record(kind="recommendation.attachment_added", target=rec, actor=actor,
                     payload={"name": name})
        return attachment


def attachment_delete(*, actor, attachment: RecommendationAttachment) -> None:
    with transaction.atomic():
        rec = lock(attachment.recommendation_id)
        if not policies.can_add_attachment(actor, rec):
            raise PermissionDenied
        storage, path = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(path))


# --- internal notes and comments --------------------------------------------------------------


def note_create(*, actor, recommendation: Recommendation, text: str,
                language: str | None = None) -> InternalNote:
    with transaction.atomic():
        if not policies.can_add_note(actor, recommendation):
            raise PermissionDenied
        if not text.strip():
            raise ValidationError({"text": _("Enter the note.")})
        note = InternalNote.objects.create(recommendation=recommendation, author=actor,
                                           text=text.strip(),
                                           language=content_language.clean(language))
        # recorded on the note itself: internal notes never appear in the public timeline
        event_record(kind="note.created", target=note, actor=actor,
                     payload={"recommendation": recommendation.pk})
        return note


def comment_create(*, actor, recommendation: Recommendation, text: str,
                   language: str | None = None) -> Comment:
    with transaction.atomic():
        if not policies.can_comment(actor, recommendation):
            raise PermissionDenied
        if not text.strip():
            raise ValidationError({"text": _("Enter your comment.")})
        roles = policies.roles_of(actor)
        org_id = min(roles.verified_org_ids) if roles.verified_org_ids else None
        comment = Comment.objects.create(recommendation=recommendation, author=actor,
                                         organization_id=org_id, text=text.strip(),
                                         language=content_language.clean(language))
        ev = event_record(kind="comment.created", target=comment, actor=actor,
                          payload={"recommendation": recommendation.pk})
        notifications_create(
            recipients=[u for u in org_members([recommendation.organization_id])
                        if u.pk != actor.pk],
            category=Category.COMMENT, kind="comment.created",
            url=recommendation_url(recommendation) + f"#comment-{comment.pk}", event=ev,
            payload={"subject": msg(gettext_noop("New comment on %(ref)s"),
                                    ref=recommendation.reference or recommendation.title),
                     "summary": text.strip()[:200]})
        return comment


def comment_moderate(*, actor, comment: Comment, hide: bool, reason: str = "") -> Comment:
    with transaction.atomic():
        if not policies.can_moderate_comments(actor):
            raise PermissionDenied
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if hide and not reason.strip():
            raise ValidationError({"reason": _("Give the reason for hiding the comment.")})
        comment.status = Comment.Status.HIDDEN if hide else Comment.Status.PUBLISHED
        comment.moderated_by, comment.moderated_at = actor, timezone.now()
        comment.moderation_reason = reason.strip()
        comment.save(update_fields=["status", "moderated_by", "moderated_at",
                                    "moderation_reason"])
        event_record(kind="comment.hidden" if hide else "comment.restored", target=comment,
                     actor=actor, note=reason.strip())
        # A hidden comment is not quoted in inboxes either (security.md).
        notifications_summary_set(
            events=events_for(comment).filter(kind="comment.created"),
            summary="" if hide else comment.text[:200])
        return comment

