from django.urls import path

from recommendations.views import queue
from recommendations.views import recommendations as v

app_name = "recommendations"

urlpatterns = [
    path("", v.recommendation_list, name="list"),
    path("new/", v.recommendation_create, name="create"),
    path("queue/", queue.queue, name="queue"),
    path("consolidate/", v.consolidate, name="consolidate"),
    path("similar/", v.similar, name="similar"),
    path("<int:pk>/", v.recommendation_detail, name="detail"),
    path("<int:pk>/edit/", v.recommendation_edit, name="edit"),
    path("<int:pk>/delete/", v.recommendation_delete, name="delete"),
    path("<int:pk>/preview/", v.recommendation_preview, name="preview"),
    path("<int:pk>/submit/", v.recommendation_submit, name="submit"),
    path("<int:pk>/receipt/", v.recommendation_receipt, name="receipt"),
    path("<int:pk>/correct/", v.recommendation_correct, name="correct"),
    path("<int:pk>/withdraw/", v.recommendation_withdraw, name="withdraw"),
    path("<int:pk>/publish/", v.recommendation_publish, name="publish"),
    path("<int:pk>/share/", v.recommendation_share, name="share"),
    path("<int:pk>/consider/", v.recommendation_consider, name="consider"),
    path("<int:pk>/deadline/", v.recommendation_deadline, name="deadline"),
    path("<int:pk>/cosigners/", v.cosign_invite, name="cosign_invite"),
    path("<int:pk>/cosigners/<int:cosignature_pk>/", v.cosign_decide, name="cosign_decide"),
    path("<int:pk>/endorse/", v.endorse, name="endorse"),
    path("<int:pk>/respond/", v.respond, name="respond"),
    path("<int:pk>/response/approve/", v.response_approve, name="response_approve"),
    path("<int:pk>/response/return/", v.response_return, name="response_return"),
    path("<int:pk>/notes/", v.note_add, name="note_add"),
    path("<int:pk>/comments/", v.comment_add, name="comment_add"),
    path("<int:pk>/comments/<int:comment_pk>/moderate/", v.comment_moderate,
         name="comment_moderate"),
    path("<int:pk>/attachments/", v.attachment_upload, name="attachment_upload"),
    path("<int:pk>/attachments/<int:attachment_pk>/", v.attachment_download,
         name="attachment_download"),
    path("<int:pk>/attachments/<int:attachment_pk>/delete/", v.attachment_delete,
         name="attachment_delete"),
]
