"""The occupation category of the institutions' supply form follows the labour occupation catalog.

The data set INST_SUPPLY_OCCUPATION (collection/datasets.toml) reports admissions, enrolment and
graduates by `training_occupation`, a category declared in indicators/elements.toml without
options: its options are the active training occupations of this app (the packaged list and the
ministry list an officer imports). `supply_catalog_sync` runs after every catalog merge or import;
it calls the indicators and collection services (labour depends on them, never the reverse).
"""

from __future__ import annotations

import re

from django.db import transaction

from gdnn.collection.services.datasets import dataset_layout_sync
from gdnn.indicators.services import OptionSpec, category_options_sync
from gdnn.labour.models import Level, TrainingOccupation

CATEGORY = "training_occupation"
DATA_SET = "INST_SUPPLY_OCCUPATION"
LEVEL_EN: dict[str, str] = {Level.SO_CAP: "elementary", Level.TRUNG_CAP: "intermediate", Level.CAO_DANG: "college"}


def option_code(occupation_code: str) -> str:
    """A disaggregation option code ([a-z0-9_]) for an occupation code ("SC-HAN" → "sc_han")."""
    return re.sub(r"[^a-z0-9_]", "_", occupation_code.lower())[:40]


@transaction.atomic
def supply_catalog_sync() -> int:
    """Bring the category's options in step with the active occupations; returns how many changed."""
    specs = [OptionSpec(option_code(o.code), f"{o.name} – {o.get_level_display()} ({o.code})",
                        f"{o.name} – {LEVEL_EN.get(o.level, o.level)} ({o.code})")
             for o in TrainingOccupation.objects.filter(active=True).order_by("level", "code")]
    changed = category_options_sync(category=CATEGORY, name_vi="Ngành, nghề đào tạo", name_en="Training occupation",
                                    options=specs)
    dataset_layout_sync(category=CATEGORY)
    return changed
