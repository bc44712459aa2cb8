# Russian: the genitive month name after a day (E), 15 сентября 2022, never the
# nominative “15 Сентябрь 2022” that F gives.
# Templates use these by name (|date:"DATE_FORMAT"); Django's own module for the
# language supplies everything not set here.
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "l, j E Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
