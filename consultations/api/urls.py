from rest_framework.routers import SimpleRouter

from consultations.api import views

router = SimpleRouter()
router.register("instruments", views.InstrumentViewSet, basename="api-instrument")
router.register("clusters", views.ClusterViewSet, basename="api-cluster")
router.register("parties", views.PartyViewSet, basename="api-party")
router.register("organizations", views.OrganizationViewSet, basename="api-organization")
router.register("memberships", views.MembershipViewSet, basename="api-membership")
router.register("alliance-memberships", views.AllianceMembershipViewSet,
                basename="api-alliance-membership")
router.register("join-requests", views.JoinRequestViewSet, basename="api-join-request")
router.register("invitations", views.InvitationViewSet, basename="api-invitation")
router.register("pilots", views.PilotViewSet, basename="api-pilot")
router.register(r"pilots/(?P<pilot_pk>[0-9]+)/milestones", views.MilestoneViewSet,
                basename="api-pilot-milestone")
router.register("events", views.EventViewSet, basename="api-event")
router.register(r"events/(?P<event_pk>[0-9]+)/documents", views.EventDocumentViewSet,
                basename="api-event-document")
router.register(r"events/(?P<event_pk>[0-9]+)/action-items", views.ActionItemViewSet,
                basename="api-event-action-item")
router.register("registrations", views.RegistrationViewSet, basename="api-registration")

urlpatterns = router.urls
