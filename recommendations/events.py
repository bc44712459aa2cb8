"""The sentences of the domain events recorded by this app (see portal.core.events):
what each kind says in a timeline or a history, with parameters from its payload."""

from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "recommendation.created": _("Draft created"),
    "recommendation.updated": _("Draft saved"),
    "recommendation.filed_on_behalf": _("Filed by UNODC staff on behalf of %(organization)s"),
    "recommendation.draft": _("Returned to draft"),
    "recommendation.submitted": _("Submitted to the State"),
    "recommendation.under_consideration": _("Taken under consideration"),
    "recommendation.responded": _("Response published"),
    "recommendation.withdrawn": _("Withdrawn"),
    "recommendation.published": _("Made public by the filer"),
    "recommendation.corrected": _("Corrected (version %(version)s)"),
    "recommendation.cosign_requested": _("%(organization)s invited to co-sign"),
    "recommendation.cosigned": _("Co-signed by %(organization)s"),
    "recommendation.cosign_declined": _("%(organization)s declined to co-sign"),
    "recommendation.endorsed": _("Endorsed on behalf of %(organization)s"),
    "recommendation.deadline_changed": _("Response deadline changed to %(to)s"),
    "recommendation.consolidated": _("Consolidated from members' drafts"),
    "recommendation.consolidated_into": _("Consolidated into an alliance recommendation"),
    "recommendation.attachment_added": _("Attachment “%(name)s” added"),
    "recommendation.shared_with_alliance": _("Draft shared with the alliance"),
    "recommendation.unshared_with_alliance": _("Draft no longer shared with the alliance"),
    "recommendation.translation_added": _("Translation into %(language_name)s added"),
    "recommendation.translation_removed": _("Translation into %(language_name)s removed"),
    # safe filing: these sentences never name the organization
    "recommendation.attribution_changed": _("The filer changed who may read its name"),
    "recommendation.rationale_visibility_changed": _("The filer changed who may read the "
                                                      "rationale"),
    "recommendation.attachments_visibility_changed": _("The filer changed who may see the "
                                                        "attachments"),
    "recommendation.cosigner_attribution_changed": _("A co-signer changed who may read "
                                                      "its name"),
    "response.translation_added": _("Translation of the response into %(language_name)s "
                                    "added"),
    "response.translation_removed": _("Translation of the response into %(language_name)s "
                                      "removed"),
    "progress_report.translation_added": _("Translation of a progress report into "
                                           "%(language_name)s added"),
    "progress_report.translation_removed": _("Translation of a progress report into "
                                             "%(language_name)s removed"),
    "response.drafted": _("Response proposed, awaiting a second official's approval"),
    "response.returned": _("Proposed response sent back"),
    "note.created": _("Internal note added"),
    "comment.created": _("Comment published"),
    "comment.hidden": _("Comment hidden"),
    "comment.restored": _("Comment restored"),
    "action.created": _("Follow-up action created"),
    "action.updated": _("Follow-up action updated"),
    "action.progress_reported": _("Progress reported (%(percent)s%%)"),
    "action.progress_report_edited": _("Progress report corrected (%(percent)s%%)"),
    "action.assessed": _("Assessed by the filing organization"),
    "action.validated": _("Validated by UNODC (%(percent)s%%)"),
}
