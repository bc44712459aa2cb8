"""Organization directory, profiles, registration, membership management and the
staff verification queue. Thin: a form validates, one service writes, we redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consultations import policies
from consultations.forms.organizations import (
    DirectoryFilterForm,
    ErrorsForm,
    InvitationForm,
    JoinRequestForm,
    MembershipRoleForm,
    OfficialRoleForm,
    OrganizationForm,
    QueueFilterForm,
    RejectForm,
)
from consultations.models import Invitation, Membership, OfficialAssignment, Organization
from consultations.selectors import officials
from consultations.selectors import organizations as selectors
from consultations.services import organizations as services
from portal.core.events import events_for
from portal.core.forms import add_service_errors, form_service
from portal.core.idempotency import create_once_from, created_before
from portal.core.views import confirm_page

PAGE_SIZE = 25


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    q, country_id, category = "", None, ""
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        country_id = form.cleaned_data["country"].pk if form.cleaned_data["country"] else None
        category = form.cleaned_data["category"]
    page = Paginator(selectors.organization_directory(request.user, q=q, country_id=country_id,
                                                      category=category),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "consultations/organizations/directory.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "can_register": policies.can_register_organization(request.user),
    })


# --- Alliance memberships ----------------------------------------------------------------


@login_required
def mine(request):
    return render(request, "consultations/organizations/mine.html", {
        "memberships": selectors.memberships_of(request.user),
        "join_requests": selectors.user_join_requests(request.user),
    })


@login_required
def register(request):
    if request.method == "POST" and (earlier := created_before(request)) is not None:
        return redirect("organizations:detail", pk=earlier.pk)  # a repeated post
    form = OrganizationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            org = create_once_from(request, lambda: services.organization_register(
                actor=request.user, **form.service_data()))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your organization is registered. UNODC staff will "
                                        "verify it; you will be notified."))
            return redirect("organizations:detail", pk=org.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "consultations/organizations/form.html",
                  {"form": form, "title": _("Register an organization")}, status=status)


@login_required
def edit(request, pk: int):
    org = get_object_or_404(selectors.organizations_managed_by(request.user), pk=pk)
    if not policies.can_change_organization(request.user, org):
        raise PermissionDenied
    form = OrganizationForm(request.POST if request.method == "POST" else None, instance=org)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                actor=request.user, organization=Organization.objects.get(pk=org.pk),
                **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The organization's profile is saved."))
            return redirect("organizations:detail", pk=org.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "consultations/organizations/form.html",
                  {"form": form, "org": org, "title": _("Edit %(name)s") % {"name": org.name}},
                  status=status)


@login_required
def members(request, pk: int):
    org = get_object_or_404(selectors.organizations_managed_by(request.user), pk=pk)
    can_manage = policies.can_manage_organization(request.user, org)
    return _members_page(request, org, can_manage=can_manage)


def _members_page(request, org, *, can_manage: bool, invite_form=None, status: int = 200,
                  error_form=None):
    return render(request, "consultations/organizations/members.html", {
        "org": org,
        "members": selectors.organization_members(org),
        "can_manage": can_manage,
        "invite_form": invite_form or (InvitationForm() if can_manage else None),
        "join_requests": selectors.pending_join_requests(org) if can_manage else [],
        "invitations": selectors.open_invitations(org) if can_manage else [],
        "role_choices": Membership.Role.choices,
        "error_form": error_form,
    }, status=status)


@login_required
@require_POST
def invite(request, pk: int):
    org = get_object_or_404(selectors.organizations_managed_by(request.user), pk=pk)
    if not policies.can_invite_member(request.user, org):
        raise PermissionDenied
    form = InvitationForm(request.POST)
    done, invitation = form_service(form, lambda: create_once_from(
        request, lambda: services.invitation_create(actor=request.user, organization=org,
                                                    **form.cleaned_data)))
    if done:
        messages.success(request, _("An invitation was sent to %(email)s.") % {
            "email": invitation.email})
        return redirect("organizations:members", pk=org.pk)
    return _members_page(request, org, can_manage=True, invite_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_revoke(request, pk: int):
    """GET asks on a page of its own; POST withdraws the invitation."""
    invitation = get_object_or_404(selectors.invitations_manageable_by(request.user), pk=pk)
    if not policies.can_invite_member(request.user, invitation.organization):
        raise PermissionDenied
    if request.method == "GET":
        return confirm_page(
            request, question=_("Withdraw the invitation sent to %(email)s?")
            % {"email": invitation.email},
            consequence=_("The link in the e-mail will no longer work. You can invite "
                          "them again."),
            action_label=_("Yes, withdraw the invitation"),
            cancel_url=reverse("organizations:members", args=[invitation.organization_id]))
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitation is withdrawn."))
    return redirect("organizations:members", pk=invitation.organization_id)


def invitation(request, token: str):
    """The link in the invitation e-mail. Visitors are sent to sign up (or sign in) and
    come back here: the token waits in the session, so it survives e-mail verification."""
    inv = Invitation.objects.select_related("organization").filter(token=token).first()
    if request.method == "POST" and (earlier := created_before(request)) is not None:
        return redirect("organizations:detail", pk=earlier.organization_id)  # a repeat
    problem = None
    if inv is None:
        problem = _("This invitation link is not valid.")
    else:
        try:
            services.invitation_check(inv)
        except ValidationError as exc:
            problem = " ".join(exc.messages)
    if problem:
        request.session.pop("pending_invitation", None)
        return render(request, "consultations/organizations/invitation.html",
                      {"problem": problem, "invitation": inv}, status=410 if inv else 404)
    if not request.user.is_authenticated:
        request.session["pending_invitation"] = token
        return render(request, "consultations/organizations/invitation.html", {
            "invitation": inv,
            "signup_url": reverse("account_signup") + "?next=" + request.path,
            "login_url": reverse("account_login") + "?next=" + request.path,
        })
    form = ErrorsForm.bound()  # carries the service's message, if any
    if request.method == "POST":
        try:
            create_once_from(request, lambda: services.invitation_accept(
                actor=request.user, token=token))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return render(request, "consultations/organizations/invitation.html",
                          {"invitation": inv, "form": form}, status=400)
        request.session.pop("pending_invitation", None)
        messages.success(request, _("Welcome to %(name)s.") % {"name": inv.organization.name})
        return redirect("organizations:detail", pk=inv.organization_id)
    return render(request, "consultations/organizations/invitation.html",
                  {"invitation": inv, "form": form})


@login_required
def join(request, pk: int):
    """Ask to join. Pending and rejected organizations are hidden (404) from those who
    may not see them; staff read why a rejected one cannot be joined."""
    org = get_object_or_404(selectors.organizations_visible_to(request.user), pk=pk)
    form = JoinRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            create_once_from(request, lambda: services.join_request_create(
                actor=request.user, organization=org, message=form.cleaned_data["message"]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your request was sent to the coordinators of "
                                        "%(name)s.") % {"name": org.name})
            return redirect("organizations:mine")
    if request.method == "POST":
        status = 400
    elif org.status == Organization.Status.REJECTED:
        form = JoinRequestForm(data={})
        form.is_valid()
        form.add_error(None, _("This organization's registration was rejected; it cannot "
                               "take new members."))
    return render(request, "consultations/organizations/join.html",
                  {"org": org, "form": form}, status=status)


@login_required
@require_POST
def join_request_decide(request, pk: int, decision: str):
    if decision not in ("approve", "decline"):
        raise Http404
    join_request = get_object_or_404(selectors.join_requests_manageable_by(request.user),
                                     pk=pk)
    if not policies.can_decide_join_request(request.user, join_request):
        raise PermissionDenied
    try:
        services.join_request_decide(actor=request.user, join_request=join_request,
                                     approve=decision == "approve")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(who)s is now a member.") % {
            "who": join_request.user.get_full_name()} if decision == "approve"
            else _("The request is declined."))
    return redirect("organizations:members", pk=join_request.organization_id)


@login_required
@require_POST
def membership_role(request, pk: int):
    membership = get_object_or_404(selectors.memberships_manageable_by(request.user), pk=pk)
    if not policies.can_change_membership(request.user, membership):
        raise PermissionDenied
    form = MembershipRoleForm(request.POST)
    done, _result = form_service(form, lambda: services.membership_change_role(
        actor=request.user, membership=membership, role=form.cleaned_data["role"]))
    if done:
        messages.success(request, _("The role of %(who)s is changed.") % {
            "who": membership.user.get_full_name()})
        return redirect("organizations:members", pk=membership.organization_id)
    return _members_page(request, membership.organization, can_manage=True, status=400,
                         error_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def membership_remove(request, pk: int):
    """GET asks on a page of its own; POST removes the member (or the user leaves)."""
    membership = get_object_or_404(selectors.memberships_manageable_by(request.user), pk=pk)
    if not policies.can_remove_membership(request.user, membership):
        raise PermissionDenied
    org = membership.organization
    leaving = membership.user_id == request.user.pk
    if request.method == "GET":
        names = {"name": org.name, "who": membership.user.get_full_name()}
        return confirm_page(
            request,
            question=(_("Leave %(name)s?") if leaving
                      else _("Remove %(who)s from %(name)s?")) % names,
            consequence=_("You will no longer see its drafts or act for it.") if leaving
            else _("They will no longer see its drafts or act for it."),
            action_label=_("Yes, leave") if leaving else _("Yes, remove"),
            cancel_url=reverse("organizations:members", args=[org.pk]))
    form = ErrorsForm.bound()
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _members_page(request, org,
                             can_manage=policies.can_manage_organization(request.user, org),
                             status=400, error_form=form)
    if leaving:
        messages.success(request, _("You left %(name)s.") % {"name": org.name})
        return redirect("organizations:mine")
    messages.success(request, _("%(who)s is removed.") % {"who": membership.user.get_full_name()})
    return redirect("organizations:members", pk=org.pk)


# --- Staff verification queue ----------------------------------------------------------


@login_required
def queue(request):
    if not policies.can_view_verification_queue(request.user):
        raise PermissionDenied
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = Organization.Status.PENDING
    form = QueueFilterForm(data)
    filters = {}
    if form.is_valid():
        filters = {
            "status": form.cleaned_data["status"],
            "category": form.cleaned_data["category"],
            "country_id": form.cleaned_data["country"].pk if form.cleaned_data["country"]
            else None,
            "q": form.cleaned_data["q"].strip(),
        }
    page = Paginator(selectors.verification_queue(**filters), PAGE_SIZE).get_page(
        request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "consultations/organizations/queue.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "counts": selectors.verification_counts(),
        "history": selectors.verification_history(limit=20),
    })


@login_required
def decide(request, pk: int):
    if not policies.can_view_verification_queue(request.user):
        raise PermissionDenied
    org = get_object_or_404(selectors.organizations_visible_to(request.user), pk=pk)
    org = selectors.organization_profile(org)
    verifying = request.method == "POST" and request.POST.get("action") == "verify"
    form = RejectForm(request.POST if request.method == "POST" and not verifying else None)
    error_form = ErrorsForm.bound() if verifying else form
    if request.method == "POST":
        try:
            if verifying:
                services.organization_verify(actor=request.user, organization=org)
                messages.success(request, _("%(name)s is verified.") % {"name": org.name})
                return redirect("organizations:queue")
            if form.is_valid():
                services.organization_reject(actor=request.user, organization=org,
                                             reason=form.cleaned_data["reason"])
                messages.success(request, _("%(name)s is rejected; the applicant sees your "
                                            "reason.") % {"name": org.name})
                return redirect("organizations:queue")
        except ValidationError as exc:
            add_service_errors(error_form, exc)
        except PermissionDenied:
            error_form.add_error(None, _("This organization is already verified."))
    status = 400 if request.method == "POST" else 200
    return render(request, "consultations/organizations/decide.html", {
        "org": org, "form": form, "error_form": error_form,
        "members": selectors.organization_members(org),
        "timeline": events_for(org),
        "can_verify": policies.can_verify_organization(request.user, org),
    }, status=status)


# --- Official roles (UNODC staff) ----------------------------------------------------------


@login_required
def official_roles(request):
    if not policies.can_assign_official_roles(request.user):
        raise PermissionDenied
    form = OfficialRoleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            # Making someone UNODC staff creates no row: the person stands for it.
            create_once_from(request, lambda: services.official_role_assign(
                actor=request.user, user=form.user, role=form.cleaned_data["role"],
                party=form.cleaned_data["party"], agency=form.cleaned_data["agency"])
                or form.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The role is assigned to %(who)s.") % {
                "who": form.user.get_full_name()})
            return redirect("organizations:official_roles")
    return render(request, "consultations/organizations/official_roles.html", {
        "form": form,
        "assignments": officials.official_assignments(),
        "staff": officials.unodc_staff(),
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def official_role_revoke(request, pk: int):
    """GET asks on a page of its own; POST ends the role."""
    if not policies.can_assign_official_roles(request.user):
        raise PermissionDenied

    assignment = get_object_or_404(
        OfficialAssignment.objects.select_related("user", "party", "agency"), pk=pk)
    if request.method == "GET":
        return _end_role_page(request, who=assignment.user.get_full_name(),
                              role=assignment.get_role_display(),
                              where=str(assignment.agency or assignment.party))
    services.official_role_revoke(actor=request.user, assignment=assignment)
    messages.success(request, _("The role has ended."))
    return redirect("organizations:official_roles")


def _end_role_page(request, *, who: str, role: str, where: str):
    return confirm_page(
        request, question=_("End the role of %(who)s as %(role)s (%(where)s)?")
        % {"who": who, "role": role, "where": where},
        consequence=_("They lose the rights of this role at once and are told by e-mail. "
                      "You can give the role again."),
        action_label=_("Yes, end the role"),
        cancel_url=reverse("organizations:official_roles"))


@login_required
@require_http_methods(["GET", "POST"])
def unodc_staff_revoke(request, user_id: int):
    if not policies.can_assign_official_roles(request.user):
        raise PermissionDenied

    user = get_object_or_404(get_user_model(), pk=user_id, is_unodc_staff=True)
    if request.method == "GET":
        return _end_role_page(request, who=user.get_full_name(), role=_("UNODC staff"),
                              where="UNODC")
    try:
        services.official_role_revoke(actor=request.user, user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The role has ended."))
    return redirect("organizations:official_roles")
