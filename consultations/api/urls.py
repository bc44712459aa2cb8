from consultations.api.views import events, organizations, pilots, reference
from portal.api.routers import IdRouter

router = IdRouter()
router.register("instruments", reference.InstrumentViewSet, basename="api-instrument")
router.register("clusters", reference.ClusterViewSet, basename="api-cluster")
router.register("parties", reference.PartyViewSet, basename="api-party")
router.register("organizations", organizations.OrganizationViewSet, basename="api-organization")
router.register("memberships", organizations.MembershipViewSet, basename="api-membership")
router.register("alliance-memberships", organizations.AllianceMembershipViewSet,
                basename="api-alliance-membership")
router.register("join-requests", organizations.JoinRequestViewSet, basename="api-join-request")
router.register("invitations", organizations.InvitationViewSet, basename="api-invitation")
router.register("pilots", pilots.PilotViewSet, basename="api-pilot")
router.register("pilots/<id:pilot_pk>/milestones", pilots.MilestoneViewSet,
                basename="api-pilot-milestone")
router.register("events", events.EventViewSet, basename="api-event")
router.register("events/<id:event_pk>/documents", events.EventDocumentViewSet,
                basename="api-event-document")
router.register("events/<id:event_pk>/action-items", events.ActionItemViewSet,
                basename="api-event-action-item")
router.register("registrations", events.RegistrationViewSet, basename="api-registration")

urlpatterns = router.urls
