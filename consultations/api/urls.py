from consultations.api import views
from portal.api.routers import IdRouter

router = IdRouter()
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
router.register("pilots/<id:pilot_pk>/milestones", views.MilestoneViewSet,
                basename="api-pilot-milestone")
router.register("events", views.EventViewSet, basename="api-event")
router.register("events/<id:event_pk>/documents", views.EventDocumentViewSet,
                basename="api-event-document")
router.register("events/<id:event_pk>/action-items", views.ActionItemViewSet,
                basename="api-event-action-item")
router.register("registrations", views.RegistrationViewSet, basename="api-registration")

urlpatterns = router.urls
