"""`gdnn upgrade`: bring an installation to the code that is installed. Safe to run again: a second
run finds nothing to do and changes nothing.

Steps, in order: migrate the database; merge the national catalogs shipped with the code (admin
units when their data version changed, the indicator catalog, the data sets, the agency
register, the national strategy plans when their text changed); collect the static files;
rebuild the analytics store when something it is derived from changed (or it was never built).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

from django.core.management import call_command
from django.db import models, transaction

from gdnn.ops.state import migrations_pending


@dataclass(frozen=True)
class Step:
    name: str
    changed: bool
    detail: str


def _fingerprint(querysets: Iterable[models.QuerySet]) -> str:
    """A digest of the rows, leaving out `auto_now` stamps (a sync that rewrites a row bumps them)."""
    digest = hashlib.sha256()
    for qs in querysets:
        fields = [f.attname for f in qs.model._meta.concrete_fields if not getattr(f, "auto_now", False)]
        rows = list(qs.order_by("pk").values_list(*fields))
        digest.update(json.dumps(rows, default=str, ensure_ascii=False).encode())
    return digest.hexdigest()


def _synced(name: str, sync: Callable[[], object], querysets: Callable[[], list[models.QuerySet]]) -> Step:
    """Run a seed merge; if it changed nothing that matters, roll it back so not even a stamp moves."""
    with transaction.atomic():
        before = _fingerprint(querysets())
        sync()
        changed = _fingerprint(querysets()) != before
        if not changed:
            transaction.set_rollback(True)
    return Step(name, changed, "đã cập nhật" if changed else "không đổi")


def _labour_tables() -> list[models.QuerySet]:
    from gdnn.labour.models import Industry, OccupationGroup, TrainingOccupation

    return [Industry.objects.all(), OccupationGroup.objects.all(), TrainingOccupation.objects.all()]


def _step_migrate() -> Step:
    pending = migrations_pending()
    call_command("migrate", interactive=False, verbosity=0)
    if not pending:
        return Step("migrate", False, "CSDL đã ở phiên bản mới nhất")
    return Step("migrate", True, f"{len(pending)} migration: {', '.join(pending)}")


def _step_orgunits() -> Step:
    from gdnn.orgunits.models import AdminDataLoad
    from gdnn.orgunits.services import orgunits_load_vietnam
    from gdnn.orgunits.vn_source import vietnam_data_version

    latest = AdminDataLoad.objects.order_by("-loaded_at", "-pk").first()
    if latest is not None and latest.data_version == vietnam_data_version():
        return Step("orgunits", False, f"không đổi ({latest.data_version})")
    result = orgunits_load_vietnam()
    changed = bool(result.units_created or result.units_updated or result.successions_created)
    return Step("orgunits", changed, f"{result.data_version}: +{result.units_created} mới, "
                f"{result.units_updated} cập nhật, +{result.successions_created} kế thừa")


def _indicator_tables() -> list[models.QuerySet]:
    from django.apps import apps

    return [m._default_manager.all() for m in apps.get_app_config("indicators").get_models()]


def _dataset_tables() -> list[models.QuerySet]:
    from gdnn.collection.models import DataSet, DataSetElement, ValidationRule
    from gdnn.indicators.models import CatalogSeed

    return [DataSet.objects.all(), DataSetElement.objects.all(), ValidationRule.objects.all(),
            CatalogSeed.objects.all()]


def _agency_tables() -> list[models.QuerySet]:
    from gdnn.plans.models import Agency

    return [Agency.objects.all(), Agency.successors.through.objects.all()]


def _strategies_current() -> bool:
    """True when the national strategy plans in the database say what strategies.toml says."""
    from gdnn.plans.keys import doc_number_key, issuer_key
    from gdnn.plans.models import Plan

    raw = tomllib.loads(resources.files("gdnn.plans").joinpath("strategies.toml").read_text(encoding="utf-8"))
    for spec in raw["plan"]:
        plan = next((p for p in Plan.objects.filter(issuer_key=issuer_key(spec["issuer"]))
                     if doc_number_key(p.doc_number) == doc_number_key(spec["doc_number"])), None)
        if plan is None or (plan.level, plan.title, plan.issued_on.isoformat() if plan.issued_on else "",
                            plan.source_note, plan.status) != (spec["level"], spec["title"], spec["date"],
                                                               spec["source_note"], Plan.Status.PUBLISHED):
            return False
        have = [(t.indicator.code if t.indicator else None, t.year, t.comparator, t.value_min, t.value_max, t.unit,
                 t.text) for t in plan.targets.select_related("indicator").order_by("order")]
        want = [(t["indicator"], t["year"], t["comparator"], Decimal(str(t["min"])),
                 Decimal(str(t["max"])) if "max" in t else None, t["unit"], t["text"]) for t in spec["targets"]]
        if have != want:
            return False
    return True


def _step_strategies() -> Step:
    from gdnn.plans.services import strategy_plans_load

    if _strategies_current():
        return Step("national-plans", False, "không đổi")
    plans = strategy_plans_load()
    return Step("national-plans", True, f"đã nạp lại {len(plans)} kế hoạch quốc gia")


def _step_collectstatic() -> Step:
    out = io.StringIO()
    call_command("collectstatic", interactive=False, verbosity=1, stdout=out)
    match = re.search(r"(\d+) static files? copied", out.getvalue())
    copied = int(match.group(1)) if match else 0
    return Step("collectstatic", copied > 0, f"{copied} tệp tĩnh được chép")


def _step_analytics(*, derived_from_changed: bool) -> Step:
    from gdnn.analytics.services import analytics_rebuild
    from gdnn.analytics.store import read_manifest

    if read_manifest().exists and not derived_from_changed:
        return Step("analytics", False, "không cần dựng lại")
    result = analytics_rebuild()
    return Step("analytics", True, f"dựng lại: {result.rows} giá trị ({result.seconds:.1f} s)")


def upgrade_run(*, on_step: Callable[[Step], None] | None = None) -> list[Step]:
    """Run every step; on_step sees each as it finishes (for progress output)."""
    from gdnn.collection.services.datasets import dataset_sync
    from gdnn.indicators.services import indicator_catalog_sync
    from gdnn.labour.services.seed import labour_catalog_sync
    from gdnn.plans.services import agency_register_sync

    steps: list[Step] = []

    def done(step: Step) -> Step:
        steps.append(step)
        if on_step:
            on_step(step)
        return step

    migrated = done(_step_migrate())
    units = done(_step_orgunits())
    catalog = done(_synced("indicators", indicator_catalog_sync, _indicator_tables))
    datasets = done(_synced("datasets", dataset_sync, _dataset_tables))
    done(_synced("agencies", agency_register_sync, _agency_tables))
    done(_synced("labour-occupations", labour_catalog_sync, _labour_tables))
    done(_step_strategies())
    done(_step_collectstatic())
    done(_step_analytics(derived_from_changed=any(s.changed for s in (migrated, units, catalog, datasets))))
    return steps
