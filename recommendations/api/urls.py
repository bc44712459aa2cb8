from rest_framework.routers import SimpleRouter

from recommendations.api import views

router = SimpleRouter()
router.register("recommendations", views.RecommendationViewSet, basename="api-recommendation")
router.register("cosignatures", views.CoSignatureViewSet, basename="api-cosignature")
router.register("actions", views.ActionViewSet, basename="api-action")

urlpatterns = router.urls
