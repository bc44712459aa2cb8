from django.urls import path

from recommendations.views import discussion, queue, responses, safety, translations
from recommendations.views import recommendations as v

app_name = "recommendations"

urlpatterns = [
    path("", v.recommendation_list, name="list"),
    path("new/", v.recommendation_create, name="create"),
    path("queue/", queue.queue, name="queue"),
    path("consolidate/", v.consolidate, name="consolidate"),
    path("similar/", v.similar, name="similar"),
    path("<id:pk>/", v.recommendation_detail, name="detail"),
    path("<id:pk>/edit/", v.recommendation_edit, name="edit"),
    path("<id:pk>/delete/", v.recommendation_delete, name="delete"),
    path("<id:pk>/preview/", v.recommendation_preview, name="preview"),
    path("<id:pk>/submit/", v.recommendation_submit, name="submit"),
    path("<id:pk>/receipt/", v.recommendation_receipt, name="receipt"),
    path("<id:pk>/correct/", v.recommendation_correct, name="correct"),
    path("<id:pk>/withdraw/", v.recommendation_withdraw, name="withdraw"),
    path("<id:pk>/publish/", v.recommendation_publish, name="publish"),
    path("<id:pk>/share/", v.recommendation_share, name="share"),
    path("<id:pk>/consider/", v.recommendation_consider, name="consider"),
    path("<id:pk>/deadline/", v.recommendation_deadline, name="deadline"),
    path("<id:pk>/cosigners/", v.cosign_invite, name="cosign_invite"),
    path("<id:pk>/cosigners/<id:cosignature_pk>/", v.cosign_decide, name="cosign_decide"),
    path("<id:pk>/protection/", safety.protection, name="protection"),
    path("<id:pk>/cosigners/<id:cosignature_pk>/protection/", safety.cosigner_protection,
         name="cosign_protection"),
    path("<id:pk>/endorse/", v.endorse, name="endorse"),
    path("<id:pk>/respond/", responses.respond, name="respond"),
    path("<id:pk>/response/approve/", responses.response_approve, name="response_approve"),
    path("<id:pk>/response/return/", responses.response_return, name="response_return"),
    path("<id:pk>/notes/", discussion.note_add, name="note_add"),
    path("<id:pk>/comments/", discussion.comment_add, name="comment_add"),
    path("<id:pk>/comments/<id:comment_pk>/moderate/", discussion.comment_moderate,
         name="comment_moderate"),
    path("<id:pk>/translations/", translations.translation_add, name="translation_add"),
    path("<id:pk>/translations/<slug:language>/delete/", translations.translation_delete,
         name="translation_delete"),
    path("<id:pk>/attachments/", discussion.attachment_upload, name="attachment_upload"),
    path("<id:pk>/attachments/<id:attachment_pk>/", discussion.attachment_download,
         name="attachment_download"),
    path("<id:pk>/attachments/<id:attachment_pk>/delete/", discussion.attachment_delete,
         name="attachment_delete"),
]
