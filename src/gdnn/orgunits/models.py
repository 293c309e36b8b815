"""Vietnam's administrative units before and after the July 2025 reform, and GDNN institutions.

A unit row belongs to one era: pre-reform units end on 2025-06-30 and current units start on
2025-07-01, even where the code and name stayed the same (Lạng Sơn keeps code 20 in both). The
successions between eras are explicit rows, many-to-many for the communes that were split.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

REFORM_DATE = dt.date(2025, 7, 1)
PRE_REFORM_END = dt.date(2025, 6, 30)


class OrgUnit(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")
        INSTITUTION = "institution", _("Vocational institution")

    code = models.CharField(_("code"), max_length=24)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    # The NSO's word for the unit (tỉnh, huyện, xã, phường, đặc khu, ...) or the institution type.
    division_type = models.CharField(_("type"), max_length=40, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # Materialised ancestry: "/<root id>/.../<own id>/", so descendants are one prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code", "valid_from"], name="orgunit_unique_code_per_era"),
            # NULL valid_from ("since before our records") must be unique too, on every backend.
            models.UniqueConstraint(
                fields=["level", "code"], condition=Q(valid_from__isnull=True), name="orgunit_unique_code_open_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_valid_range",
            ),
        ]
        indexes = [models.Index(fields=["code", "valid_from"]), models.Index(fields=["parent", "valid_from"])]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)

    def day_within(self, on: dt.date) -> dt.date:
        """The day nearest to `on` on which this unit existed: a link to its page as of that day opens
        this unit, not another era's unit with the same code."""
        if self.valid_from is not None and on < self.valid_from:
            return self.valid_from
        if self.valid_to is not None and on > self.valid_to:
            return self.valid_to
        return on

    @property
    def is_pre_reform(self) -> bool:
        return self.valid_to is not None and self.valid_to <= PRE_REFORM_END

    @property
    def division_label(self) -> str:
        """The kind of unit as people say it: an institution's type by its name ("College"), not its
        code ("cao_dang"); a commune's own word ("phường", "đặc khu"); "" when it only repeats the level."""
        kind = self.division_type or ""
        if self.level == self.Level.INSTITUTION and kind in Institution.Type.values:
            return str(Institution.Type(kind).label)
        word = str(DIVISION_WORDS[kind]) if kind in DIVISION_WORDS else kind  # in the page's language
        return "" if word.lower() == str(self.get_level_display()).lower() else word


# The NSO's words for a unit's kind (OrgUnit.division_type, as the national list writes them).
DIVISION_WORDS = {
    "tỉnh": pgettext_lazy("division", "tỉnh"),
    "thành phố trung ương": pgettext_lazy("division", "thành phố trung ương"),
    "huyện": pgettext_lazy("division", "huyện"),
    "quận": pgettext_lazy("division", "quận"),
    "thị xã": pgettext_lazy("division", "thị xã"),
    "thành phố": pgettext_lazy("division", "thành phố"),
    "xã": pgettext_lazy("division", "xã"),
    "phường": pgettext_lazy("division", "phường"),
    "thị trấn": pgettext_lazy("division", "thị trấn"),
    "đặc khu": pgettext_lazy("division", "đặc khu"),
}


def valid_on_q(on: dt.date, prefix: str = "") -> Q:
    """The filter for units valid on a date (open ends count as always)."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": on})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


class OrgUnitSuccession(models.Model):
    class Kind(models.TextChoices):
        CONTINUATION = "continuation", _("continued (same area)")
        MERGE = "merge", _("merged into")
        SPLIT = "split", _("split into")
        DISSOLVED = "dissolved", _("level abolished; area passed to")

    predecessor = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="successions_out")
    successor = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="successions_in")
    effective_date = models.DateField(_("effective date"))
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Share of the predecessor's population/area that went to this successor, when known (0..1).
    share = models.DecimalField(max_digits=7, decimal_places=6, null=True, blank=True)
    # True when only part of the predecessor went to this successor (NSO "sáp nhập một phần").
    partial = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique_pair"),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | (Q(share__gt=0) & Q(share__lte=1)), name="succession_share_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Institution(models.Model):
    """The GDNN facts of an org unit of level institution."""

    class Type(models.TextChoices):
        COLLEGE = "cao_dang", _("College (trường cao đẳng)")
        SECONDARY = "trung_cap", _("Intermediate school (trường trung cấp)")
        CENTRE = "trung_tam_gdnn", _("GDNN centre (trung tâm GDNN)")
        CENTRE_GDTX = "trung_tam_gdnn_gdtx", _("GDNN-GDTX centre (trung tâm GDNN-GDTX)")
        OTHER = "khac", _("Other")

    class Ownership(models.TextChoices):
        PUBLIC = "cong_lap", _("Public (công lập)")
        PRIVATE = "tu_thuc", _("Private (tư thục)")
        FOREIGN = "von_nuoc_ngoai", _("Foreign-invested (có vốn đầu tư nước ngoài)")

    org_unit = models.OneToOneField(OrgUnit, on_delete=models.CASCADE, related_name="institution", primary_key=True)
    institution_type = models.CharField(_("institution type"), max_length=24, choices=Type.choices)
    ownership = models.CharField(_("ownership"), max_length=16, choices=Ownership.choices)
    managing_agency = models.CharField(_("managing agency"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("vocational institution")
        verbose_name_plural = _("vocational institutions")

    def __str__(self) -> str:
        return self.org_unit.name


class AdminDataLoad(models.Model):
    """One row per load of the national admin-unit data: what version, how much, when."""

    source = models.CharField(max_length=60)
    data_version = models.CharField(max_length=40)
    loaded_at = models.DateTimeField(auto_now_add=True)
    units = models.PositiveIntegerField()
    successions = models.PositiveIntegerField()

    class Meta:
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return f"{self.data_version} ({self.loaded_at:%Y-%m-%d})"
