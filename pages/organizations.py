"""The organization page (profile, members, alliance memberships, what it filed) and
the alliance-membership forms that show their errors on it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consultations import policies
from consultations.forms.organizations import AllianceInviteForm, AllianceJoinForm, ErrorsForm
from consultations.models import Organization
from consultations.roles import roles_of
from consultations.selectors import alliances as alliance_selectors
from consultations.selectors import organizations as selectors
from consultations.services import alliances as alliance_services
from portal.core.events import events_for
from portal.core.forms import add_service_errors, form_service
from portal.core.idempotency import create_once_from, created_before
from portal.core.views import confirm_page
from recommendations.selectors.recommendations import organization_recommendations


def detail(request, pk: int):
    org = get_object_or_404(selectors.organizations_visible_to(request.user), pk=pk)
    return _detail_page(request, selectors.organization_profile(org))


def _detail_page(request, org, *, status: int = 200, invite_form=None, join_form=None,
                 error_form=None):
    user = request.user
    show_members = policies.can_see_member_names(user, org)
    alliance_members = alliance_selectors.alliance_members(user, org) if org.is_alliance else []
    alliances = alliance_selectors.alliances_of(user, org)
    for m in (*alliance_members, *alliances):
        m.can_decide = policies.can_decide_alliance_membership(user, m)
        m.can_end = policies.can_end_alliance_membership(user, m)
    can_invite = policies.can_invite_to_alliance(user, org)
    if can_invite and invite_form is None:
        invite_form = AllianceInviteForm(
            organizations=alliance_selectors.invitable_organizations(org))
    applicant_ids = policies.alliance_applicant_org_ids(user, org)
    if applicant_ids and join_form is None:
        join_form = AllianceJoinForm(organizations=Organization.objects.filter(
            pk__in=applicant_ids).order_by("name"))
    return render(request, "consultations/organizations/detail.html", {
        "org": org,
        "members": selectors.organization_members(org) if show_members else None,
        "member_count": org.memberships.count(),
        "recommendations": list(organization_recommendations(user, org)[:50]),
        "alliance_members": alliance_members,
        "alliances": alliances,
        "invite_form": invite_form if can_invite else None,
        "join_form": join_form if applicant_ids else None,
        "error_form": error_form,
        "can_manage": policies.can_manage_organization(user, org),
        "can_change_listing": policies.can_change_listing(user, org),
        "can_join": policies.can_request_to_join(user, org),
        "can_verify": policies.can_verify_organization(user, org),
        "can_see_members": show_members,
        "is_member": org.pk in _member_ids(user),
        "timeline": events_for(org) if policies.can_manage_organization(user, org) else None,
    }, status=status)


def _alliance_open(request, pk: int, *, form_class, choices, service, form_name: str,
                   success: str):
    """Invite an organization, or ask to join: the form, the service (which checks the
    policy), back to the alliance's page (or the page again with the form's errors)."""
    alliance = get_object_or_404(selectors.organizations_visible_to(request.user), pk=pk)

    def shown(membership):
        messages.success(request, success % {"name": membership.organization.name,
                                             "alliance": alliance.name})
        return redirect("organizations:detail", pk=alliance.pk)

    if (earlier := created_before(request)) is not None:
        return shown(earlier)  # a repeated post (the choices may have changed since)
    choices = choices(alliance)
    if choices is None:
        raise PermissionDenied
    form = form_class(request.POST, organizations=choices)
    done, membership = form_service(form, lambda: create_once_from(request, lambda: service(
        actor=request.user, alliance=alliance, organization=form.cleaned_data["organization"])))
    if done:
        return shown(membership)
    return _detail_page(request, selectors.organization_profile(alliance), status=400,
                        **{form_name: form})


@login_required
@require_POST
def alliance_invite(request, pk: int):
    def choices(alliance):
        if not policies.can_invite_to_alliance(request.user, alliance):
            return None
        return Organization.objects.filter(status=Organization.Status.VERIFIED)

    return _alliance_open(
        request, pk, form_class=AllianceInviteForm, choices=choices, form_name="invite_form",
        service=alliance_services.alliance_membership_invite,
        success=_("%(name)s is invited; it becomes a member when its coordinators accept."))


@login_required
@require_POST
def alliance_join(request, pk: int):
    def choices(alliance):
        ids = policies.alliance_applicant_org_ids(request.user, alliance)
        return Organization.objects.filter(pk__in=ids) if ids else None

    return _alliance_open(
        request, pk, form_class=AllianceJoinForm, choices=choices, form_name="join_form",
        service=alliance_services.alliance_membership_request,
        success=_("Your request was sent to the coordinators of %(alliance)s."))


ALLIANCE_DECISIONS = {  # each service checks its policy: refused is a 403
    "accept": alliance_services.alliance_membership_accept,
    "decline": alliance_services.alliance_membership_decline,
    "end": alliance_services.alliance_membership_end,
}


@login_required
@require_http_methods(["GET", "POST"])
def alliance_membership_decide(request, pk: int, decision: str):
    """Accept or decline: a POST. Ending a membership (or withdrawing a request) asks
    first on a page of its own (GET), then acts (POST)."""
    if decision not in ALLIANCE_DECISIONS or (request.method == "GET" and decision != "end"):
        raise Http404
    service = ALLIANCE_DECISIONS[decision]
    membership = get_object_or_404(
        alliance_selectors.alliance_memberships_visible_to(request.user), pk=pk)
    back = (request.POST.get("back") or request.GET.get("back")) == "organization"
    page_org = membership.organization if back else membership.alliance
    if request.method == "GET":
        if not policies.can_end_alliance_membership(request.user, membership):
            raise PermissionDenied
        names = {"name": membership.organization.name, "alliance": membership.alliance.name}
        accepted = membership.status == membership.Status.ACCEPTED
        return confirm_page(
            request,
            question=(_("End the membership of %(name)s in %(alliance)s?") if accepted
                      else _("Withdraw the request of %(name)s to join %(alliance)s?")) % names,
            consequence=_("The alliance's coordinators will no longer see this "
                          "organization's shared drafts. It can ask to join again.")
            if accepted else "",
            action_label=_("Yes, end the membership") if accepted
            else _("Yes, withdraw the request"),
            cancel_url=reverse("organizations:detail", args=[page_org.pk]))
    form = ErrorsForm.bound()
    try:
        service(actor=request.user, membership=membership)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _detail_page(request, selectors.organization_profile(page_org), status=400,
                            error_form=form)
    messages.success(request, {
        "accept": _("%(name)s is now a member of %(alliance)s."),
        "decline": _("Declined: %(name)s is not a member of %(alliance)s."),
        "end": _("%(name)s is no longer a member of %(alliance)s."),
    }[decision] % {"name": membership.organization.name, "alliance": membership.alliance.name})
    return redirect("organizations:detail", pk=page_org.pk)


def _member_ids(user):
    return roles_of(user).member_org_ids
