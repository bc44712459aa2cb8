"""The spreadsheet imports of this app (registered from AppConfig.ready): recommendations,
follow-up actions and progress reports."""

from recommendations.imports.followup import ActionImport, ProgressReportImport
from recommendations.imports.recommendations import RecommendationImport

KINDS = (RecommendationImport(), ProgressReportImport(), ActionImport())
