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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from consultations.models import (
    Article,
    Cluster,
    Event,
    Instrument,
    Organization,
    Party,
)
from consultations.selectors.alliances import alliances_coordinators
from consultations.selectors.recipients import focal_persons_of, members_of
from portal.core import content_language
from portal.core.errors import ConflictError, StateConflict
from portal.core.events import event_record
from portal.notifications.messages import msg, state_msg
from portal.notifications.models import Category
from portal.notifications.services import notifications_create
from recommendations import policies
from recommendations.models import (
    Attribution,
    FieldVisibility,
    Recommendation,
    RecommendationVersion,
    ReferenceCounter,
    SdgTarget,
    Theme,
)
from recommendations.services.safety import protection_apply, protection_validate
from recommendations.transitions import transition

S = Recommendation.Status


# --- helpers -------------------------------------------------------------------------


def recommendation_url(recommendation: Recommendation) -> str:
    return reverse("recommendations:detail", args=[recommendation.pk])


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
                raise StateConflict(_("This recommendation has been submitted: its text "
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
            recipients=focal_persons_of(rec.party_id), category=Category.SUBMISSION,
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
            recipients=members_of([rec.organization_id]), category=Category.SUBMISSION,
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
        ev = event_record(kind="recommendation.corrected", target=rec, actor=actor,
                          note=note.strip(), payload={"version": number})
        notifications_create(
            recipients=focal_persons_of(rec.party_id), category=Category.STATUS,
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
                raise StateConflict(_("The State has already answered this "
                                        "recommendation: it can no longer be withdrawn."))
            raise PermissionDenied
        ev = transition(rec, S.WITHDRAWN, actor=actor, note=note)
        recipients = members_of([rec.organization_id]) + focal_persons_of(rec.party_id)
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
                raise StateConflict(_("This recommendation was withdrawn."))
            raise PermissionDenied
        ev = transition(rec, S.UNDER_CONSIDERATION, actor=actor, note=note)
        notifications_create(
            recipients=members_of([rec.organization_id]), category=Category.STATUS,
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
