"""Follow-up actions: list, page with the three views side by side, and the forms of the
focal person, the agency contact, the alliance coordinator and UNODC staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import Event, Party
from consultations.roles import roles_of
from portal.core import content_language
from portal.core.forms import form_service
from portal.core.idempotency import create_once_from
from portal.core.ids import parse_id
from recommendations import policies
from recommendations.forms.followup import (
    ActionFilterForm,
    ActionForm,
    AssessmentForm,
    ProgressReportForm,
    ValidationForm,
)
from recommendations.forms.translations import ProgressReportTranslationForm
from recommendations.models import Assessment, ProgressReport
from recommendations.selectors import followup as sel
from recommendations.selectors import safety
from recommendations.selectors.translations import shown_fields
from recommendations.services import followup as services

PAGE_SIZE = 50


def action_list(request):
    roles = roles_of(request.user)
    form = ActionFilterForm(request.GET or None, with_mine=bool(roles.agency_party_ids))
    filters = form.cleaned_data if form.is_valid() else {}
    party = filters.get("party")
    qs = sel.action_list(request.user, party_id=party.pk if party else None,
                         status=filters.get("status", ""),
                         overdue=bool(filters.get("overdue")),
                         disagreement=bool(filters.get("disagreement")), mine=form.mine)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    creatable = Party.objects.none()
    if roles.is_unodc_staff:
        creatable = Party.objects.filter(pilots__isnull=False).distinct()
    elif roles.focal_party_ids:
        creatable = Party.objects.filter(pk__in=roles.focal_party_ids)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "recommendations/followup/list.html", {
        "form": form, "page": page, "actions": page.object_list,
        "creatable_parties": list(creatable), "query": query.urlencode()})


def action_detail(request, pk: int):
    return render_action(request, sel.action_detail(request.user, pk))


def render_action(request, action, *, status: int = 200, report_forms: dict | None = None):
    """The action's page; ``report_forms``: a progress report's translation form sent
    back with its errors, by the report's id."""
    user = request.user
    reports = list(action.progress_reports.all())
    wanted = request.GET.get("text", "")
    language = content_language.normalize(wanted) or content_language.reader_language(request)
    can_translate = policies.can_translate_progress_report(user, action)
    for report in reports:
        report.visible_evidence = [e for e in report.evidence.all()
                                   if policies.can_view_evidence(user, e, action)]
        report.can_edit = (not sel.is_closed(action)
                           and policies.can_edit_progress_report(user, report, action))
        report.shown = shown_fields(report, ("text",), language=language,
                                    original_text=wanted == "original")
        report.language_anchor = f"report-{report.pk}-language"
        report.translator = policies.person_name_for(
            user, report.shown.translation.added_by, party_id=action.party_id
        ) if report.shown.translation else ""
        if can_translate:
            report.translation_form = (report_forms or {}).get(report.pk) or \
                ProgressReportTranslationForm(prefix=f"report-{report.pk}")
    due_dates = sel.report_due_dates(action)
    return render(request, "recommendations/followup/detail.html", {
        "can_translate": can_translate,
        "error_form": next(iter((report_forms or {}).values()), None),
        "action": action, "views": sel.three_views(action), "reports": reports,
        "closed": sel.is_closed(action), "due_dates": due_dates,
        "next_report_due": sel.next_report_due(action, action.last_report_on),
        "timeline": safety.action_timeline_for(user, action),
        "can_edit": policies.can_edit_action(user, action),
        "can_report": (policies.can_report_progress(user, action)
                       and not sel.is_closed(action)),
        "can_assess": policies.can_assess(user, action),
        "can_validate": policies.can_validate(user, action),
    }, status=status)


def _render_form(request, template_context: dict, status: int = 200):
    return render(request, "recommendations/followup/form.html", template_context,
                  status=status)


@login_required
def action_create(request, iso3: str):
    party = get_object_or_404(Party, iso3=iso3.upper())
    if not policies.can_create_action(request.user, party.pk):
        raise PermissionDenied
    source_event = source_item = None
    item_id = parse_id(request.GET.get("item") or request.POST.get("source_action_item"))
    event_id = parse_id(request.GET.get("event") or request.POST.get("source_event"))
    if item_id is not None:
        source_item = sel.action_item_of_party(party, item_id)
        source_event = source_item.event
        existing = getattr(source_item, "follow_up_action", None)
        if existing is not None and request.method != "POST":
            messages.info(request, _("This action item already has a follow-up action."))
            return redirect("followup:detail", pk=existing.pk)
    elif event_id is not None:
        source_event = Event.objects.filter(pk=event_id, party=party).first()
    initial = {}
    if source_item is not None:
        initial = sel.action_initial_from_item(source_item)
    elif source_event is not None:
        initial = {"title": _("Action item of %(event)s") % {"event": source_event.title},
                   "description": source_event.minutes}
    form = ActionForm(request.POST or None, party=party, user=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        done, action = form_service(form, lambda: create_once_from(request, lambda: (
            services.action_create(actor=request.user, party=party,
                                   source_event=source_event,
                                   source_action_item=source_item,
                                   **form.service_kwargs()))))
        if done:
            messages.success(request, _("The follow-up action was created."))
            return redirect("followup:detail", pk=action.pk)
        status = 400
    return _render_form(request, {
        "form": form, "title": _("New follow-up action for %(state)s") % {
            "state": party.name},
        "source_event": source_event, "source_item": source_item,
        "submit": _("Create action"),
        "cancel_url": "followup:list"}, status)


@login_required
def action_edit(request, pk: int):
    action = sel.action_detail(request.user, pk)
    if not policies.can_edit_action(request.user, action):
        raise PermissionDenied
    initial = {
        "title": action.title, "description": action.description,
        "language": action.language,
        "recommendations": list(action.recommendations.all()),
        "lead_body": action.lead_body_id, "responsible": action.responsible_id,
        "start_on": action.start_on, "due_on": action.due_on, "status": action.status,
        "percent": action.percent, "report_every_months": action.report_every_months,
    }
    form = ActionForm(request.POST or None, party=action.party, user=request.user,
                      initial=initial)
    status = 200
    if request.method == "POST":
        done, _result = form_service(form, lambda: services.action_update(
            actor=request.user, action=action, **form.service_kwargs()))
        if done:
            messages.success(request, _("The follow-up action was updated."))
            return redirect("followup:detail", pk=action.pk)
        status = 400
    return _render_form(request, {"form": form, "action": action,
                                  "title": _("Edit follow-up action"),
                                  "submit": _("Save changes")}, status)


@login_required
def report_create(request, pk: int):
    action = sel.action_detail(request.user, pk)
    if not policies.can_report_progress(request.user, action):
        raise PermissionDenied
    if sel.is_closed(action):
        messages.error(request, _("This action is closed: it is implemented and UNODC has "
                                  "validated it, so it takes no more progress reports."))
        return redirect("followup:detail", pk=action.pk)
    form = ProgressReportForm(request.POST or None, request.FILES or None,
                              initial={"status": action.status, "percent": action.percent,
                                       "reported_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        done, _result = form_service(form, lambda: create_once_from(request, lambda: (
            services.progress_report_create(actor=request.user, action=action,
                                            **form.service_kwargs()))))
        if done:
            messages.success(request, _("Your progress report was saved."))
            return redirect("followup:detail", pk=action.pk)
        status = 400
    return _render_form(request, {"form": form, "action": action, "multipart": True,
                                  "title": _("Report progress"),
                                  "submit": _("Save progress report")}, status)


@login_required
def report_edit(request, pk: int, report_pk: int):
    action = sel.action_detail(request.user, pk)
    report = get_object_or_404(ProgressReport, pk=report_pk, action=action)
    if not policies.can_edit_progress_report(request.user, report, action):
        raise PermissionDenied
    form = ProgressReportForm(request.POST or None, request.FILES or None, initial={
        "reported_on": report.reported_on, "text": report.text, "status": report.status,
        "percent": report.percent, "language": report.language})
    status = 200
    if request.method == "POST":
        done, _result = form_service(form, lambda: services.progress_report_update(
            actor=request.user, report=report, **form.service_kwargs()))
        if done:
            messages.success(request, _("The progress report was updated; the earlier "
                                        "version is kept in its history."))
            return redirect("followup:detail", pk=action.pk)
        status = 400
    return _render_form(request, {"form": form, "action": action, "multipart": True,
                                  "title": _("Edit progress report"),
                                  "submit": _("Save changes")}, status)


@login_required
def assess(request, pk: int):
    action = sel.action_detail(request.user, pk)
    org_ids = policies.assessable_org_ids(request.user, action)
    if not org_ids:
        raise PermissionDenied
    existing = {a.organization_id: a for a in action.assessments.all()}
    initial = {}
    if len(org_ids) == 1 and next(iter(org_ids)) in existing:
        current: Assessment = existing[next(iter(org_ids))]
        initial = {"verdict": current.verdict, "comment": current.comment,
                   "language": current.language}
    form = AssessmentForm(request.POST or None, org_ids=org_ids, initial=initial)
    status = 200
    if request.method == "POST":
        done, _result = form_service(form, lambda: services.assessment_record(
            actor=request.user, action=action, **form.cleaned_data))
        if done:
            messages.success(request, _("Your assessment was recorded."))
            return redirect("followup:detail", pk=action.pk)
        status = 400
    return _render_form(request, {"form": form, "action": action,
                                  "title": _("Assess the government's report"),
                                  "submit": _("Record assessment")}, status)


@login_required
def validate(request, pk: int):
    action = sel.action_detail(request.user, pk)
    if not policies.can_validate(request.user, action):
        raise PermissionDenied
    current = getattr(action, "validation", None)
    initial = ({"status": current.status, "percent": current.percent,
                "comment": current.comment} if current
               else {"status": action.status, "percent": action.percent})
    form = ValidationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        done, _result = form_service(form, lambda: services.validation_record(
            actor=request.user, action=action, **form.cleaned_data))
        if done:
            messages.success(request, _("The UNODC validation was recorded."))
            return redirect("followup:detail", pk=action.pk)
        status = 400
    return _render_form(request, {"form": form, "action": action,
                                  "title": _("Validate progress (UNODC)"),
                                  "submit": _("Record validation")}, status)


def evidence_download(request, pk: int):
    evidence, _action = sel.evidence_for_download(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True,
                        filename=evidence.file.name.rsplit("/", 1)[-1])
