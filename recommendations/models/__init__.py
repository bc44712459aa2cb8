"""What is asked and what follows: recommendations, responses, follow-up actions and
progress reports, one module per part; every model is importable from here."""

from recommendations.models.followup import (
    ActionStatus,
    Assessment,
    Evidence,
    FollowUpAction,
    ProgressReport,
    ProgressReportRevision,
    Validation,
    Verdict,
    evidence_upload_to,
)
from recommendations.models.recommendations import (
    ATTRIBUTION_ORDER,
    FIELD_VISIBILITY_ORDER,
    Attribution,
    Comment,
    CoSignature,
    Endorsement,
    FieldVisibility,
    InternalNote,
    Position,
    Recommendation,
    RecommendationAttachment,
    RecommendationVersion,
    ReferenceCounter,
    Response,
    attachment_path,
)
from recommendations.models.taxonomy import (
    SdgTarget,
    Theme,
)
from recommendations.models.translations import (
    ContentTranslation,
    ProgressReportTranslation,
    RecommendationTranslation,
    ResponseTranslation,
)

__all__ = [
    "ATTRIBUTION_ORDER",
    "ActionStatus",
    "Assessment",
    "Attribution",
    "CoSignature",
    "Comment",
    "ContentTranslation",
    "Endorsement",
    "Evidence",
    "FIELD_VISIBILITY_ORDER",
    "FieldVisibility",
    "FollowUpAction",
    "InternalNote",
    "Position",
    "ProgressReport",
    "ProgressReportRevision",
    "ProgressReportTranslation",
    "Recommendation",
    "RecommendationAttachment",
    "RecommendationTranslation",
    "RecommendationVersion",
    "ReferenceCounter",
    "Response",
    "ResponseTranslation",
    "SdgTarget",
    "Theme",
    "Validation",
    "Verdict",
    "attachment_path",
    "evidence_upload_to",
]
