from rest_framework.routers import SimpleRouter

from consultations.api import views

router = SimpleRouter()
router.register("instruments", views.InstrumentViewSet, basename="api-instrument")
router.register("clusters", views.ClusterViewSet, basename="api-cluster")
router.register("parties", views.PartyViewSet, basename="api-party")
router.register("organizations", views.OrganizationViewSet, basename="api-organization")
router.register("memberships", views.MembershipViewSet, basename="api-membership")
router.register("join-requests", views.JoinRequestViewSet, basename="api-join-request")
router.register("events", views.EventViewSet, basename="api-event")
router.register("registrations", views.RegistrationViewSet, basename="api-registration")

urlpatterns = router.urls
