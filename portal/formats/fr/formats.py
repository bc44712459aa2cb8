# French: 15 septembre 2022; numeric short dates (Django's month abbreviations
# are ambiguous, e.g. “jui” for both juin and juillet).
# Templates use these by name (|date:"DATE_FORMAT"); Django's own module for the
# language supplies everything not set here.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "l j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
