"""Who is told what when something happens to a recommendation or a follow-up action:
one function per business step, called by the service in its transaction with the
domain event it recorded; each writes outbox rows through portal.notifications."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from consultations.models import Organization
from consultations.selectors.recipients import (
    coordinators_of,
    focal_persons_of,
    lead_body_contacts,
    members_of,
    unodc_staff,
)
from portal.accounts.models import User
from portal.core.events import events_for
from portal.core.models import DomainEvent
from portal.notifications.messages import choice_msg, msg, state_msg
from portal.notifications.models import Category
from portal.notifications.services import notifications_create, notifications_summary_set
from recommendations import policies
from recommendations.events import CommentEventKind
from recommendations.models import (
    Comment,
    CoSignature,
    Endorsement,
    FollowUpAction,
    ProgressReport,
    Recommendation,
    Response,
)

#: kinds of notifications that tell of a step without an event kind of its own
ACTION_ASSIGNED = "action.assigned"
ACTION_LEAD_ASSIGNED = "action.lead_assigned"


def recommendation_url(recommendation: Recommendation) -> str:
    return reverse("recommendations:detail", args=[recommendation.pk])


def action_url(action: FollowUpAction) -> str:
    return reverse("followup:detail", args=[action.pk])


# --- Recommendations ---------------------------------------------------------------------


def recommendation_shared_notify(
    *, recommendation: Recommendation, coordinators: list[User], event: DomainEvent
) -> None:
    """The alliance's coordinators see a member's draft shared with them."""
    rec = recommendation
    notifications_create(
        recipients=coordinators,
        category=Category.STATUS,
        kind=event.kind,
        url=recommendation_url(rec),
        event=event,
        payload={
            "subject": msg(
                gettext_noop("%(org)s shared a draft with your alliance"),
                org=policies.filer_display_for_audience(rec, policies.PUBLIC_AUDIENCE),
            ),
            "summary": msg(
                gettext_noop("“%(title)s”, to %(state)s."),
                title=rec.title,
                state=state_msg(rec.party),
            ),
        },
    )


def recommendation_submitted_notify(*, recommendation: Recommendation, event: DomainEvent) -> None:
    """The State's focal persons get the new recommendation; the filer's members a
    receipt, at once."""
    rec = recommendation
    due = rec.response_due_on.isoformat() if rec.response_due_on else "–"
    notifications_create(
        recipients=focal_persons_of(rec.party_id),
        category=Category.SUBMISSION,
        kind=event.kind,
        url=recommendation_url(rec),
        event=event,
        payload={
            "subject": msg(
                gettext_noop("New recommendation %(ref)s for %(state)s"),
                ref=rec.reference,
                state=state_msg(rec.party),
            ),
            "summary": msg(
                gettext_noop("%(org)s submitted “%(title)s”. Please respond by %(due)s."),
                org=policies.filer_display_for_audience(rec, policies.GOVERNMENT_AUDIENCE),
                title=rec.title,
                due=due,
            ),
            "reference": rec.reference,
        },
    )
    notifications_create(
        recipients=members_of([rec.organization_id]),
        category=Category.SUBMISSION,
        kind=event.kind,
        url=reverse("recommendations:receipt", args=[rec.pk]),
        event=event,
        payload={
            "subject": msg(
                gettext_noop("Receipt: recommendation %(ref)s submitted"), ref=rec.reference
            ),
            "summary": msg(
                gettext_noop(
                    "Your recommendation “%(title)s” was "
                    "submitted to %(state)s with reference "
                    "%(ref)s. A response is due by %(due)s."
                ),
                title=rec.title,
                state=state_msg(rec.party),
                ref=rec.reference,
                due=due,
            ),
            "reference": rec.reference,
            "receipt": True,
        },
        urgent=True,
    )  # a receipt is expected at once, never held for a digest


def recommendation_corrected_notify(
    *, recommendation: Recommendation, note: str, event: DomainEvent
) -> None:
    rec = recommendation
    notifications_create(
        recipients=focal_persons_of(rec.party_id),
        category=Category.STATUS,
        kind=event.kind,
        url=recommendation_url(rec),
        event=event,
        payload={
            "subject": msg(gettext_noop("%(ref)s was corrected"), ref=rec.reference),
            "summary": note,
        },
    )


def recommendation_withdrawn_notify(
    *, recommendation: Recommendation, note: str, event: DomainEvent
) -> None:
    rec = recommendation
    notifications_create(
        recipients=members_of([rec.organization_id]) + focal_persons_of(rec.party_id),
        category=Category.STATUS,
        kind=event.kind,
        url=recommendation_url(rec),
        event=event,
        payload={
            "subject": msg(gettext_noop("%(ref)s was withdrawn"), ref=rec.reference),
            "summary": note
            or msg(gettext_noop("The filing organization withdrew “%(title)s”."), title=rec.title),
        },
    )


def recommendation_under_consideration_notify(
    *, recommendation: Recommendation, event: DomainEvent
) -> None:
    rec = recommendation
    notifications_create(
        recipients=members_of([rec.organization_id]),
        category=Category.STATUS,
        kind=event.kind,
        url=recommendation_url(rec),
        event=event,
        payload={
            "subject": msg(gettext_noop("%(ref)s is under consideration"), ref=rec.reference),
            "summary": msg(
                gettext_noop("%(state)s is considering “%(title)s”."),
                state=state_msg(rec.party),
                title=rec.title,
            ),
        },
    )


# --- Responses ---------------------------------------------------------------------------


def response_drafted_notify(*, response: Response, actor: User, event: DomainEvent) -> None:
    """The State's other focal persons are asked to approve a proposed response."""
    rec = response.recommendation
    notifications_create(
        recipients=[u for u in focal_persons_of(rec.party_id) if u.pk != actor.pk],
        category=Category.RESPONSE,
        kind=event.kind,
        url=recommendation_url(rec),
        event=event,
        payload={
            "subject": msg(
                gettext_noop("A response to %(ref)s awaits your approval"), ref=rec.reference
            ),
            "summary": msg(
                gettext_noop("%(name)s proposed: %(position)s."),
                name=actor.get_full_name() or actor.email,
                position=choice_msg(Response, "position", response.position),
            ),
        },
    )


def recommendation_responded_notify(
    *, recommendation: Recommendation, response: Response, event: DomainEvent
) -> None:
    """The filer's members and every endorser read the State's answer."""
    rec = recommendation
    endorsers = [
        e.endorsed_by
        for e in Endorsement.objects.filter(recommendation=rec).select_related("endorsed_by")
        if e.endorsed_by_id
    ]
    notifications_create(
        recipients=members_of([rec.organization_id]) + endorsers,
        category=Category.RESPONSE,
        kind=event.kind,
        url=recommendation_url(rec),
        event=event,
        payload={
            "subject": msg(
                gettext_noop("%(state)s answered %(ref)s: %(position)s"),
                state=state_msg(rec.party),
                ref=rec.reference,
                position=choice_msg(Response, "position", response.position),
            ),
            "summary": response.justification[:300],
        },
    )


# --- Co-signing --------------------------------------------------------------------------


def cosign_requested_notify(
    *, recommendation: Recommendation, confirmers: list[User], event: DomainEvent
) -> None:
    rec = recommendation
    notifications_create(
        recipients=confirmers,
        category=Category.COSIGN,
        kind=event.kind,
        url=recommendation_url(rec),
        event=event,
        payload={
            "subject": msg(
                gettext_noop("%(org)s invites you to co-sign a recommendation"),
                org=rec.organization.name,
            ),
            "summary": msg(
                gettext_noop(
                    "“%(title)s”, addressed to %(state)s. Confirm "
                    "or decline on the recommendation's page."
                ),
                title=rec.title,
                state=state_msg(rec.party),
            ),
        },
    )


def cosign_decided_notify(*, cosignature: CoSignature, event: DomainEvent) -> None:
    """The filer's members learn that an invited organization co-signed or declined."""
    rec = cosignature.recommendation
    accepted = cosignature.status == CoSignature.Status.CONFIRMED
    notifications_create(
        recipients=members_of([rec.organization_id]),
        category=Category.COSIGN,
        kind=event.kind,
        url=recommendation_url(rec),
        event=event,
        payload={
            "subject": msg(
                gettext_noop("%(org)s co-signed “%(title)s”")
                if accepted
                else gettext_noop("%(org)s declined to co-sign “%(title)s”"),
                org=cosignature.organization.name,
                title=rec.title,
            ),
            "summary": "",
        },
    )


# --- Discussion --------------------------------------------------------------------------


def comment_created_notify(*, comment: Comment, actor: User, event: DomainEvent) -> None:
    rec = comment.recommendation
    notifications_create(
        recipients=[u for u in members_of([rec.organization_id]) if u.pk != actor.pk],
        category=Category.COMMENT,
        kind=event.kind,
        url=recommendation_url(rec) + f"#comment-{comment.pk}",
        event=event,
        payload={
            "subject": msg(gettext_noop("New comment on %(ref)s"), ref=rec.reference or rec.title),
            "summary": comment.text[:200],
        },
    )


def comment_moderated_notify(*, comment: Comment) -> None:
    """A hidden comment is not quoted in inboxes either (security.md); a restored one is
    again."""
    notifications_summary_set(
        events=events_for(comment).filter(kind=CommentEventKind.CREATED),
        summary="" if comment.status == Comment.Status.HIDDEN else comment.text[:200],
    )


# --- Follow-up actions -------------------------------------------------------------------


def action_lead_notify(
    *, action: FollowUpAction, event: DomainEvent, body_changed: bool, responsible_changed: bool
) -> None:
    """Tell the people who now lead an action, at once (in the transaction of the
    change): the named responsible person, and every agency contact of the lead body
    when the body is new to the action (a commitment, a creation, a reassignment)."""
    due = action.due_on.isoformat() if action.due_on else "–"
    responsible = action.responsible if responsible_changed else None
    if responsible is not None:
        notifications_create(
            recipients=[responsible],
            category=Category.FOLLOW_UP,
            kind=ACTION_ASSIGNED,
            url=action_url(action),
            event=event,
            payload={
                "subject": msg(
                    gettext_noop("Follow-up action assigned to you: %(title)s"),
                    title=action.title[:120],
                ),
                "summary": msg(
                    gettext_noop(
                        "You are responsible for reporting progress on this action (due %(due)s)."
                    ),
                    due=due,
                ),
            },
        )
    if body_changed and action.lead_body is not None:
        contacts = [
            u
            for u in lead_body_contacts(action.lead_body.pk)
            if responsible is None or u.pk != responsible.pk
        ]
        notifications_create(
            recipients=contacts,
            category=Category.FOLLOW_UP,
            kind=ACTION_LEAD_ASSIGNED,
            url=action_url(action),
            event=event,
            payload={
                "subject": msg(
                    gettext_noop("%(body)s leads a follow-up action: %(title)s"),
                    body=action.lead_body.name,
                    title=action.title[:120],
                ),
                "summary": msg(
                    gettext_noop(
                        "%(state)s made %(body)s the lead "
                        "institution of this action (due "
                        "%(due)s). Report progress on the "
                        "action's page."
                    ),
                    state=state_msg(action.party),
                    body=action.lead_body.name,
                    due=due,
                ),
            },
        )


def action_progress_reported_notify(
    *, report: ProgressReport, actor: User, event: DomainEvent
) -> None:
    """The State's focal persons and the coordinators of the filers of the action's
    recommendations."""
    action = report.action
    org_ids = set(action.recommendations.values_list("organization_id", flat=True))
    recipients = [
        u for u in focal_persons_of(action.party_id) + coordinators_of(org_ids) if u.pk != actor.pk
    ]
    notifications_create(
        recipients=recipients,
        category=Category.PROGRESS,
        kind=event.kind,
        url=action_url(action),
        event=event,
        payload={
            "subject": msg(gettext_noop("Progress reported: %(title)s"), title=action.title[:120]),
            "summary": msg(
                gettext_noop("%(status)s, %(percent)s%%"),
                status=choice_msg(ProgressReport, "status", report.status),
                percent=int(report.percent),
            ),
        },
    )


def _assessor_for_officials(action: FollowUpAction, organization: Organization) -> str:
    """The assessing organization as the State's officials may see it (safe filing)."""
    for rec in action.recommendations.all():
        if (
            rec.organization_id == organization.pk
            and policies.filer_display_for_audience(rec, policies.GOVERNMENT_AUDIENCE)
            != organization.name
        ):
            return _("The filing organization")
    return organization.acronym or organization.name


def action_disagreement_notify(
    *, action: FollowUpAction, organization: Organization, comment: str, event: DomainEvent
) -> None:
    """A filer that disagrees with the progress reported is heard by the State's focal
    persons and UNODC staff."""
    notifications_create(
        recipients=focal_persons_of(action.party_id) + unodc_staff(),
        category=Category.ASSESSMENT,
        kind=event.kind,
        url=action_url(action),
        event=event,
        payload={
            "subject": msg(
                gettext_noop("%(org)s disagrees with the progress reported on %(title)s"),
                org=_assessor_for_officials(action, organization),
                title=action.title[:100],
            ),
            "summary": comment[:300],
        },
    )
