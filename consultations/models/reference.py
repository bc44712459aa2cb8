"""Reference data: instruments and their articles, review clusters, working groups,
States parties, their treaty actions and reservations."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.territories import state_name
from portal.core.translated import Translated, translations_field


class Instrument(Translated, models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    short_title = models.CharField(_("short title"), max_length=120)
    title = models.CharField(_("title"), max_length=300)
    adopted_on = models.DateField(_("adopted on"))
    adoption_reference = models.CharField(_("adopted by"), max_length=60, blank=True)
    in_force_on = models.DateField(_("entered into force on"))
    article_count = models.PositiveSmallIntegerField(_("number of articles"))
    parent = models.ForeignKey(
        "self", verbose_name=_("supplements"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="protocols",
    )
    order = models.PositiveSmallIntegerField(default=0)
    translations = translations_field()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.translated("short_title")

    @property
    def local_title(self) -> str:
        return self.translated("title")


class Article(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="articles")
    number = models.PositiveSmallIntegerField(_("article"))
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        ordering = ["instrument__order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="article_unique_number")
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        label = f"{self.instrument.code.upper()} art. {self.number}"
        return f"{label}: {self.title}" if self.title else label


class Cluster(Translated, models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    articles = models.ManyToManyField(Article, blank=True, related_name="clusters",
                                      verbose_name=_("articles"))
    translations = translations_field()

    class Meta:
        ordering = ["number"]
        verbose_name = _("review cluster")
        verbose_name_plural = _("review clusters")

    def __str__(self) -> str:
        return f"{self.roman}: {self.translated('title')}"

    @property
    def roman(self) -> str:
        return {1: "I", 2: "II", 3: "III", 4: "IV"}.get(self.number, str(self.number))


class WorkingGroup(Translated, models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    translations = translations_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.translated("name")


class RegionalGroup(models.TextChoices):
    AFRICAN = "AFR", _("African States")
    ASIA_PACIFIC = "APG", _("Asia-Pacific States")
    EASTERN_EUROPEAN = "EEG", _("Eastern European States")
    LATIN_AMERICA = "GRULAC", _("Latin American and Caribbean States")
    WESTERN = "WEOG", _("Western European and other States")
    NONE = "", _("None")


class Party(models.Model):
    """A State or organization that is (or may become) party to the instruments."""

    class Kind(models.TextChoices):
        MEMBER_STATE = "member", _("UN member State")
        NON_MEMBER_STATE = "non_member", _("Non-member State")
        ORGANIZATION = "organization", _("Regional economic integration organization")

    name = models.CharField(_("name"), max_length=120, unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices,
                            default=Kind.MEMBER_STATE)
    regional_group = models.CharField(_("regional group"), max_length=10,
                                      choices=RegionalGroup.choices, blank=True)
    timezone = models.CharField(_("main time zone"), max_length=64, default="UTC")
    response_days = models.PositiveSmallIntegerField(
        _("days to respond"), default=90, validators=[MinValueValidator(1)],
        help_text=_("Default response deadline for recommendations, counted from submission."),
    )
    publish_on_response = models.BooleanField(
        _("publish recommendations with the response"), default=True,
        help_text=_("Submitted recommendations become public when the State's response is "
                    "published (otherwise only when the filer publishes them)."),
    )
    requires_second_approval = models.BooleanField(
        _("responses need a second official's approval"), default=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("State party")
        verbose_name_plural = _("State parties")
        indexes = [models.Index(fields=["regional_group"])]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The State's UN short name in the active language (no query)."""
        return state_name(iso3=self.iso3, iso2=self.iso2, english=self.name)


class TreatyAction(models.Model):
    class Kind(models.TextChoices):
        SIGNATURE = "signature", _("Signature")
        RATIFICATION = "ratification", _("Ratification")
        ACCEPTANCE = "acceptance", _("Acceptance")
        APPROVAL = "approval", _("Approval")
        ACCESSION = "accession", _("Accession")
        SUCCESSION = "succession", _("Succession")
        DOMESTIC_APPROVAL = "domestic_approval", _("Domestic approval")

    CONSENT_KINDS = (
        Kind.RATIFICATION, Kind.ACCEPTANCE, Kind.APPROVAL, Kind.ACCESSION, Kind.SUCCESSION,
    )

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="treaty_actions")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT,
                                   related_name="treaty_actions")
    kind = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    date_confirmed = models.BooleanField(
        _("exact date confirmed"), default=True,
        help_text=_("Untick when only the month or year is known; staff should confirm it."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["party__name", "instrument__order", "date"]
        constraints = [
            models.UniqueConstraint(fields=["party", "instrument", "kind"],
                                    name="treaty_action_unique_kind"),
        ]
        verbose_name = _("treaty action")
        verbose_name_plural = _("treaty actions")

    def __str__(self) -> str:
        return f"{self.party} / {self.instrument.code}: {self.get_kind_display()} {self.date}"

    @property
    def is_consent(self) -> bool:
        return self.kind in self.CONSENT_KINDS


class Reservation(models.Model):
    class Kind(models.TextChoices):
        RESERVATION = "reservation", _("Reservation")
        DECLARATION = "declaration", _("Declaration")

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="reservations")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT,
                                   related_name="reservations")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    article_reference = models.CharField(_("article"), max_length=60, blank=True)
    text = models.TextField(_("text"))
    date = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        ordering = ["party__name", "instrument__order", "date"]
        verbose_name = _("reservation or declaration")
        verbose_name_plural = _("reservations and declarations")

    def __str__(self) -> str:
        return f"{self.party} / {self.instrument.code}: {self.get_kind_display()}"


# --- Organizations ----------------------------------------------------------------
