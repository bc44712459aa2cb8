# Chinese: 2022年9月15日.
# Templates use these by name (|date:"DATE_FORMAT"); Django's own module for the
# language supplies everything not set here.
DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 l H:i"
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
