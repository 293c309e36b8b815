"""Occupations and industries (versioned seed data), the enterprise register, survey waves with
their stored sample design and personal links, answers, graduates, and forecast assumption sets.

Personal data (an enterprise's contact, a graduate's name, e-mail and answers) is shown only to the
survey's owners: the users who may edit the wave's province (`selectors.wave_owner`).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gdnn.orgunits.models import OrgUnit


class Level(models.TextChoices):
    SO_CAP = "so_cap", _("Sơ cấp")
    TRUNG_CAP = "trung_cap", _("Trung cấp")
    CAO_DANG = "cao_dang", _("Cao đẳng")


def level_label(value: str) -> str:
    """A training level in the active language, from its code or from the label an older forecast
    run stored in the language of the page that ran it (Vietnamese or English)."""
    from django.utils import translation

    for code, label in Level.choices:
        names = {code}
        for language in ("vi", "en"):
            with translation.override(language):
                names.add(str(label))
        if value in names:
            return str(label)
    return value


class Origin(models.TextChoices):
    SEED = "seed", _("gói dữ liệu")
    IMPORT = "import", _("nhập từ tệp của Bộ")


class Industry(models.Model):
    """A VSIC 2018 section (A–U)."""

    code = models.CharField(max_length=1, unique=True)
    name = models.CharField(max_length=250)
    divisions = models.JSONField(default=list)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class OccupationGroup(models.Model):
    """A VSCO 2020 level-2 group."""

    code = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=250)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class TrainingOccupation(models.Model):
    """A training occupation at one level; `vsco` is its crosswalk to the occupation classification."""

    code = models.CharField(max_length=24, unique=True)
    name = models.CharField(max_length=250)
    level = models.CharField(max_length=12, choices=Level.choices)
    vsco = models.ForeignKey(OccupationGroup, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="training_occupations")
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.SEED)
    version = models.CharField(max_length=80)  # the seed version or the imported file's stamp
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["level", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name} ({self.get_level_display()})"


class Size(models.TextChoices):
    MICRO = "micro", _("Siêu nhỏ")
    SMALL = "small", _("Nhỏ")
    MEDIUM = "medium", _("Vừa")
    LARGE = "large", _("Lớn")


class RegisterImport(models.Model):
    """One accepted upload of a province's enterprise register."""

    province = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=200)
    rows = models.PositiveIntegerField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"


class Enterprise(models.Model):
    province = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    tax_code = models.CharField(max_length=14)
    name = models.CharField(max_length=250)
    vsic = models.CharField(max_length=5)  # as registered: a section letter or 2-5 digits
    industry = models.ForeignKey(Industry, on_delete=models.PROTECT)
    size = models.CharField(max_length=8, choices=Size.choices)
    commune = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(blank=True)
    imported = models.ForeignKey(RegisterImport, null=True, on_delete=models.SET_NULL, related_name="enterprises")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["province", "tax_code"], name="enterprise_unique_tax_code")]

    def __str__(self) -> str:
        return self.name


class Graduate(models.Model):
    """A graduate as listed by their institution (personal data: owners only)."""

    institution = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    student_code = models.CharField(max_length=30)
    full_name = models.CharField(max_length=200)
    occupation = models.ForeignKey(TrainingOccupation, on_delete=models.PROTECT)
    graduated_on = models.DateField()
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["institution", "full_name"]
        constraints = [models.UniqueConstraint(fields=["institution", "student_code"], name="graduate_unique_code")]

    def __str__(self) -> str:
        return self.full_name


class Created(models.Model):
    """Who made a row and when, newest first: a survey wave, a forecast run. (The register import and
    the assumption set stamp the same facts under other column names, `by`/`at` and
    `updated_by`/`updated_at`; sharing this base would rename their columns.)"""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class Wave(Created):
    class Kind(models.TextChoices):
        EMPLOYER = "employer", _("Khảo sát doanh nghiệp")
        TRACER = "tracer", _("Khảo sát người tốt nghiệp")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    province = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    reference_year = models.PositiveSmallIntegerField()
    # Tracer: months after graduation (6 or 12) and the cohort (graduation year).
    months_after = models.PositiveSmallIntegerField(null=True, blank=True)
    closes_on = models.DateField()
    # The sample design as drawn: method, allocation, seed, sizes (strata rows hold N_h and n_h).
    design = models.JSONField(default=dict)

    # Set by the creation services (not stored): link pk → the clear token just issued.
    issued: dict[int, str]

    def __str__(self) -> str:
        return self.title


class Stratum(models.Model):
    """One design stratum of an employer wave: VSIC section × size, register count N and sample n."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="strata")
    industry = models.ForeignKey(Industry, on_delete=models.PROTECT)
    size = models.CharField(max_length=8, choices=Size.choices)
    population = models.PositiveIntegerField()
    sample = models.PositiveIntegerField()

    class Meta:
        ordering = ["industry__code", "size"]
        constraints = [models.UniqueConstraint(fields=["wave", "industry", "size"], name="stratum_unique")]

    def __str__(self) -> str:
        return f"{self.industry_id}/{self.size}: {self.sample}/{self.population}"


def token_hash(token: str) -> str:
    """What is stored and looked up for a link's token: a 256-bit random token needs no salt or
    slow hash, and a lookup by hash needs no constant-time comparison."""
    return hashlib.sha256(token.encode()).hexdigest()


class Link(models.Model):
    """A personal survey link: an unguessable token, an expiry, a revocation. Only the token's
    SHA-256 is stored (`token_hash`); the full link is shown when it is issued (wave
    creation, resend, reminder) and never again. `answered_at` is the final submission: a saved
    draft leaves it empty, and the link stays editable until then."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    stratum = models.ForeignKey(Stratum, null=True, blank=True, on_delete=models.CASCADE, related_name="links")
    graduate = models.ForeignKey(Graduate, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.wave_id}/{self.pk}"


class EmployerResponse(models.Model):
    class Willing(models.TextChoices):
        YES = "yes", _("Có")
        MAYBE = "maybe", _("Có thể")
        NO = "no", _("Không")

    link = models.OneToOneField(Link, on_delete=models.CASCADE, related_name="employer_response")
    staff_total = models.PositiveIntegerField()
    skills_lacking = models.TextField(blank=True)
    willing_to_train = models.CharField(max_length=6, choices=Willing.choices, blank=True)  # blank in a draft
    submitted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.link_id}"


class DemandLine(models.Model):
    """One occupation of an employer's answer: staff now, hard-to-fill vacancies, hiring plans."""

    response = models.ForeignKey(EmployerResponse, on_delete=models.CASCADE, related_name="lines")
    occupation = models.ForeignKey(TrainingOccupation, on_delete=models.PROTECT)
    staff = models.PositiveIntegerField(default=0)
    hard_to_fill = models.PositiveIntegerField(default=0)
    hire_1y = models.PositiveIntegerField(default=0)
    hire_3y = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.occupation_id}"


class TracerResponse(models.Model):
    class Status(models.TextChoices):
        EMPLOYED = "employed", _("Có việc làm")
        UNEMPLOYED = "unemployed", _("Chưa có việc làm")
        STUDYING = "studying", _("Đang học tiếp")

    class Relevance(models.TextChoices):
        SAME = "same", _("Đúng nghề được đào tạo")
        RELATED = "related", _("Gần với nghề được đào tạo")
        UNRELATED = "unrelated", _("Không liên quan")

    class Wage(models.TextChoices):
        UNDER_5 = "lt5", _("Dưới 5 triệu đồng/tháng")
        FROM_5 = "5to8", _("Từ 5 đến dưới 8 triệu đồng/tháng")
        FROM_8 = "8to12", _("Từ 8 đến dưới 12 triệu đồng/tháng")
        OVER_12 = "ge12", _("Từ 12 triệu đồng/tháng trở lên")

    link = models.OneToOneField(Link, on_delete=models.CASCADE, related_name="tracer_response")
    status = models.CharField(max_length=12, choices=Status.choices, blank=True)  # blank in a draft
    occupation = models.ForeignKey(OccupationGroup, null=True, blank=True, on_delete=models.PROTECT)
    relevance = models.CharField(max_length=10, choices=Relevance.choices, blank=True)
    wage = models.CharField(max_length=6, choices=Wage.choices, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.link_id}: {self.status}"


class AssumptionSet(models.Model):
    """The editable assumptions of a manpower-requirements forecast. `version` grows on every edit,
    and each run stores the exact assumptions it used."""

    province = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    base_year = models.PositiveSmallIntegerField()
    horizon = models.PositiveSmallIntegerField(default=5)
    # {"C": {"employment": 1200, "growth": 0.05}, ...}
    industries = models.JSONField(default=dict)
    # {"6520227": {"C": 0.04, "F": 0.02}, ...}: share of the industry's employment in the occupation
    shares = models.JSONField(default=dict)
    exit_rate = models.FloatField(default=0.03)  # replacement: share of an occupation leaving each year
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class ForecastRun(Created):
    assumption_set = models.ForeignKey(AssumptionSet, on_delete=models.CASCADE, related_name="runs")
    assumption_version = models.PositiveIntegerField()
    assumptions = models.JSONField()  # the exact inputs, so a result always names what produced it
    results = models.JSONField()  # [{"occupation", "name", "level", "years": [{year, expansion, replacement, need}]}]

    def __str__(self) -> str:
        return f"{self.assumption_set_id} v{self.assumption_version}"
