"""The consultations API, one module per sub-domain (reference, organizations, events,
pilots); consultations.api.urls registers each viewset."""
