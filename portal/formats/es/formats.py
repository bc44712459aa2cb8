# Spanish: 15 de septiembre de 2022.
# Templates use these by name (|date:"DATE_FORMAT"); Django's own module for the
# language supplies everything not set here.
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"l j \d\e F \d\e Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
