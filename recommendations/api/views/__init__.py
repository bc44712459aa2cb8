"""The recommendations API, one module per sub-domain (recommendations with the
discussion and responses mixins, follow-up, dashboard); recommendations.api.urls
registers each view."""
