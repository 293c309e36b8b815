"""The indicator catalog in the database: categories, data elements, indicators with formulas.

The database is the source of truth at run time. The TOML files beside this module are the
national seed: `indicator_catalog_sync` merges them in (recording the seed version), updating
only rows that came from the seed and were not edited locally; a province's own rows (an
`owner` province, origin "local") are never touched.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from gdnn.common.templatetags.localised import localised
from gdnn.orgunits.models import OrgUnit


class Origin(models.TextChoices):
    SEED = "seed", _("Dữ liệu gốc quốc gia")
    LOCAL = "local", _("Thêm tại hệ thống này")


class CatalogItem(models.Model):
    """Who owns a catalog row and where it came from, so a seed upgrade never overwrites local work."""

    # NULL: a national row (edited by the system administrator); a province: that province's own row.
    owner = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.LOCAL)
    # A seed row a user changed: the next seed merge leaves it as the user left it.
    locally_edited = models.BooleanField(default=False)

    class Meta:
        abstract = True


class CatalogSeed(models.Model):
    """The version of each seed file last merged into the database (`gdnn upgrade`)."""

    name = models.CharField(max_length=40, unique=True)  # "indicators" | "datasets" | "rules"
    version = models.CharField(max_length=40)
    applied_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class Category(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name_vi = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)

    class Meta:
        verbose_name = _("disaggregation category")
        verbose_name_plural = _("disaggregation categories")

    def __str__(self) -> str:
        return localised(self, "name")  # the English name on an English page, where there is one


class CategoryOption(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="options")
    code = models.SlugField(max_length=40)
    name_vi = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    sort_order = models.PositiveSmallIntegerField(default=0)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["category", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="category_option_unique")]

    def __str__(self) -> str:
        return localised(self, "name")  # the English name on an English page, where there is one


class DataElement(CatalogItem):
    class ValueType(models.TextChoices):
        COUNT = "count", _("Whole number")
        NUMBER = "number", _("Number")
        PERCENT = "percent", _("Percentage")
        BOOLEAN = "boolean", _("Yes/no")

    class ReportedBy(models.TextChoices):
        PROVINCE = "province", _("Province")
        COMMUNE = "commune", _("Commune")
        INSTITUTION = "institution", _("Vocational institution")

    class PeriodType(models.TextChoices):
        SEMIANNUAL = "semiannual", _("Every 6 months")
        ANNUAL = "annual", _("Every year")

    code = models.CharField(max_length=60, unique=True)
    name_vi = models.CharField(max_length=250)
    name_en = models.CharField(max_length=250)
    value_type = models.CharField(max_length=12, choices=ValueType.choices)
    reported_by = models.CharField(max_length=12, choices=ReportedBy.choices)
    period_type = models.CharField(max_length=12, choices=PeriodType.choices)
    aggregation = models.CharField(max_length=8, default="sum")
    # How halves make a year: "sum" for flows (admissions), "last" for stocks (teachers).
    over_time = models.CharField(max_length=8, default="sum")
    # Category codes in the order the form shows them (rows × columns).
    categories = models.JSONField(default=list)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")

    def __str__(self) -> str:
        return localised(self, "name")  # the English name on an English page, where there is one


class Indicator(CatalogItem):
    class Unit(models.TextChoices):
        PERCENT = "percent", _("percent")
        PERSONS = "persons", _("persons")
        INSTITUTIONS = "institutions", _("institutions")
        OCCUPATIONS = "occupations", _("occupations")
        PROGRAMS = "programs", _("programmes")
        OTHER = "other", _("other")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    code = models.CharField(max_length=60, unique=True)
    name_vi = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300)
    unit = models.CharField(max_length=16, choices=Unit.choices)
    # Other units a plan may state a target for this indicator in (e.g. persons for a share).
    accepted_units = models.JSONField(default=list, blank=True)
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    source = models.CharField(max_length=200, blank=True)
    numerator = models.JSONField(default=list, blank=True)
    denominator = models.JSONField(default=list, blank=True)
    # The formula as the user wrote it ("A[sex:female] / B * 100"); numerator/denominator are its parse.
    formula_text = models.CharField(max_length=500, blank=True)
    factor = models.FloatField(default=1)
    period_type = models.CharField(max_length=12, choices=DataElement.PeriodType.choices,
                                   default=DataElement.PeriodType.ANNUAL)
    catalog_version = models.CharField(max_length=40, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return localised(self, "name")  # the English name on an English page, where there is one

    @property
    def unit_label_vi(self) -> str:
        return UNIT_LABELS_VI.get(self.unit, self.unit)


UNIT_LABELS_VI = {
    "percent": "%",
    "persons": "người",
    "institutions": "cơ sở",
    "occupations": "ngành, nghề",
    "programs": "chương trình",
    "other": "",
}


def unit_label(unit: str) -> str:
    """The short unit written after a number ("cơ sở", "người", "%") in the active language; the
    reports build under Vietnamese, so theirs stay Vietnamese."""
    match unit:  # literal msgids, so that the catalogue can list them
        case "percent":
            return "%"
        case "persons":
            return pgettext("unit", "người")
        case "institutions":
            return pgettext("unit", "cơ sở")
        case "occupations":
            return pgettext("unit", "ngành, nghề")
        case "programs":
            return pgettext("unit", "chương trình")
        case _:
            return ""


class EthnicGroup(models.Model):
    """One group in one official code list; codes are never compared across lists."""

    codelist = models.CharField(max_length=12)  # "TCTK-1979" | "TCTK-2008"
    code = models.CharField(max_length=4)
    name = models.CharField(max_length=60)
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["codelist", "code"]
        constraints = [models.UniqueConstraint(fields=["codelist", "code"], name="ethnic_group_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name} ({self.codelist})"
