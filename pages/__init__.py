"""Pages that show consultations' objects with the recommendations filed about them:
the organization page, the event page, the pilot page. The one layer that reads both
apps (config > pages > recommendations > consultations > portal)."""
