# Arabic: full month names (Arabic has no usual abbreviations) and the Arabic comma.
# Templates use these by name (|date:"DATE_FORMAT"); Django's own module for the
# language supplies everything not set here.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "l j F Y، H:i"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y، H:i"
