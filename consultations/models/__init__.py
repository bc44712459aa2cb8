"""Who is consulted, when: instruments, clusters, parties and treaty actions
(``reference``), organizations and alliances (``organizations``), pilot initiatives and
events (``events``). Import them from here: ``from consultations.models import Event``."""

from consultations.models.events import (
    ActionItem,
    Attendance,
    Event,
    EventDocument,
    Milestone,
    PilotInitiative,
    RegionalNetwork,
    Registration,
    event_document_path,
)
from consultations.models.organizations import (
    AllianceMembership,
    Invitation,
    JoinRequest,
    Membership,
    OfficialAssignment,
    Organization,
    _invitation_expiry,
    _invitation_token,
)
from consultations.models.reference import (
    Article,
    Cluster,
    Instrument,
    Party,
    RegionalGroup,
    Reservation,
    TreatyAction,
    WorkingGroup,
)

__all__ = [
    "ActionItem", "AllianceMembership", "Article", "Attendance", "Cluster", "Event",
    "EventDocument", "Instrument", "Invitation", "JoinRequest", "Membership", "Milestone",
    "OfficialAssignment", "Organization", "Party", "PilotInitiative", "RegionalGroup",
    "RegionalNetwork", "Registration", "Reservation", "TreatyAction", "WorkingGroup",
    "_invitation_expiry", "_invitation_token", "event_document_path",
]
