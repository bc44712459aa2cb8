"""Writes on recommendations: drafts, submission, corrections, withdrawal, publication,
co-signatures, endorsements, attachments, consolidation, internal notes and comments.

Every function is keyword-only, runs in one transaction, checks the policy, changes
the rows, records the domain event and writes the notifications it implies. Status
changes go through ``recommendations.transitions``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import (
    Article,
    Cluster,
    Event,
    Instrument,
    Organization,
    Party,
)
from consultations.selectors.alliances import alliances_coordinators
from portal.core import content_language
from portal.core.errors import ConflictError, StateConflict
from recommendations import policies
from recommendations.events import (
    recommendation_corrected_event,
    recommendation_created_event,
    recommendation_deadline_changed_event,
    recommendation_filed_on_behalf_event,
    recommendation_published_event,
    recommendation_shared_with_alliance_event,
    recommendation_unshared_with_alliance_event,
    recommendation_updated_event,
)
from recommendations.models import (
    Attribution,
    FieldVisibility,
    Recommendation,
    RecommendationVersion,
    ReferenceCounter,
    SdgTarget,
    Theme,
)
from recommendations.notifications import (
    recommendation_corrected_notify,
    recommendation_shared_notify,
    recommendation_submitted_notify,
    recommendation_under_consideration_notify,
    recommendation_withdrawn_notify,
)
from recommendations.search import (
    rationale_vector_expression,
    search_vector_expression,
    translations_vector_append,
)
from recommendations.services.safety import protection_apply, protection_validate
from recommendations.transitions import transition

S = Recommendation.Status


# --- helpers -------------------------------------------------------------------------


def lock(recommendation: Recommendation | int) -> Recommendation:
    pk = recommendation if isinstance(recommendation, int) else recommendation.pk
    return (Recommendation.objects.select_for_update(of=("self",))
            .select_related("party", "organization").get(pk=pk))


def search_vector_refresh(recommendation_ids: Sequence[int]) -> None:
    """Keep the full-text vector in step with the text (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return

    ids = list(recommendation_ids)
    Recommendation.objects.filter(pk__in=ids).update(
        search_vector=search_vector_expression(),
        rationale_vector=rationale_vector_expression())
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
        recommendation_created_event(recommendation=rec, actor=actor)
        if on_behalf and organization.pk not in policies.roles_of(actor).member_org_ids:
            recommendation_filed_on_behalf_event(recommendation=rec, actor=actor)
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
                raise StateConflict(_("This recommendation has been submitted: its text "
                                        "is frozen. Propose a correction instead."))
            raise PermissionDenied
        _check_version(rec, expected_version)
        _validate_content(organization=rec.organization, party=party,
                          instruments=instruments, articles=articles, title=title, text=text,
                          require_instruments=False)
        asked = {"attribution": attribution, "rationale_visibility": rationale_visibility,
                 "attachments_visibility": attachments_visibility}
        protection = {k: v for k, v in asked.items() if v is not None}
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
        recommendation_updated_event(recommendation=rec, actor=actor)
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
                raise StateConflict(_("Only a draft is shared this way: once submitted, "
                                        "a recommendation is seen by the filer's "
                                        "alliances anyway."))
            raise PermissionDenied
        if rec.shared_with_alliance == shared:
            return rec
        coordinators = alliances_coordinators(rec.organization_id)
        if shared and coordinators is None:
            raise StateConflict({"shared_with_alliance": _(
                "%(name)s is not a member of a verified alliance.")
                % {"name": rec.organization.name}})
        rec.shared_with_alliance = shared
        rec.version += 1
        rec.save(update_fields=["shared_with_alliance", "version", "updated_at"])
        ev = (recommendation_shared_with_alliance_event if shared
              else recommendation_unshared_with_alliance_event)(recommendation=rec, actor=actor)
        if shared:
            recommendation_shared_notify(recommendation=rec, coordinators=coordinators or [],
                                         event=ev)
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
        numbers = [int(n) for r in existing if r and (n := r.rsplit("-", 1)[1]).isdigit()]
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
        ev = transition(rec, S.SUBMITTED, actor=actor,
                        fields=("reference", "submitted_at", "response_due_on"))
        RecommendationVersion.objects.create(recommendation=rec, number=1, title=rec.title,
                                             text=rec.text, rationale=rec.rationale,
                                             created_by=actor)
        search_vector_refresh([rec.pk])
        recommendation_submitted_notify(recommendation=rec, event=ev)
        return rec


def recommendation_correct(*, actor, recommendation: Recommendation,
                           expected_version: int | None, title: str, text: str,
                           rationale: str = "", note: str = "") -> RecommendationVersion:
    """After submission the text is frozen: a correction is a new, visible version."""
    with transaction.atomic():
        rec = lock(recommendation)
        if not policies.can_correct_recommendation(actor, rec):
            if rec.status in (S.RESPONDED, S.WITHDRAWN):
                raise StateConflict(_("A recommendation that is %(status)s can no longer "
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
        ev = recommendation_corrected_event(recommendation=rec, actor=actor, version=number,
                                            note=note.strip())
        recommendation_corrected_notify(recommendation=rec, note=note.strip(), event=ev)
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
                raise StateConflict(_("The State has already answered this "
                                        "recommendation: it can no longer be withdrawn."))
            raise PermissionDenied
        ev = transition(rec, S.WITHDRAWN, actor=actor, note=note)
        recommendation_withdrawn_notify(recommendation=rec, note=note, event=ev)
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
                raise StateConflict(_("This recommendation was withdrawn."))
            raise PermissionDenied
        ev = transition(rec, S.UNDER_CONSIDERATION, actor=actor, note=note)
        recommendation_under_consideration_notify(recommendation=rec, event=ev)
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
        recommendation_published_event(recommendation=rec, actor=actor)
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
        recommendation_deadline_changed_event(recommendation=rec, actor=actor,
                                              previous=previous, due_on=due_on, note=note)
        return rec
