"""Load the national strategy (2239/QĐ-TTg) and Chỉ thị 21-CT/TW as published plans."""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from importlib import resources

from django.db import transaction
from django.utils import timezone

from gdnn.indicators.models import Indicator
from gdnn.plans.keys import doc_number_key, issuer_key
from gdnn.plans.models import Plan, Target


@transaction.atomic
def strategy_plans_load() -> list[Plan]:
    raw = tomllib.loads(resources.files("gdnn.plans").joinpath("strategies.toml").read_text(encoding="utf-8"))
    plans = []
    indicators = {i.code: i for i in Indicator.objects.all()}
    for spec in raw["plan"]:
        key = issuer_key(spec["issuer"])
        plan = next((p for p in Plan.objects.filter(issuer_key=key)
                     if doc_number_key(p.doc_number) == doc_number_key(spec["doc_number"])), None)
        if plan is None:
            plan = Plan(doc_number=spec["doc_number"], issuer=spec["issuer"], issuer_key=key)
        plan.level, plan.title = spec["level"], spec["title"]
        plan.issued_on, plan.date_text = dt.date.fromisoformat(spec["date"]), spec["date"]
        plan.org_unit, plan.status, plan.is_secondary_source = None, Plan.Status.PUBLISHED, True
        plan.source_note = spec["source_note"]
        plan.published_at = plan.published_at or timezone.now()
        plan.save()
        plan.targets.all().delete()
        for order, t in enumerate(spec["targets"]):
            Target.objects.create(
                plan=plan, order=order, indicator=indicators[t["indicator"]], link_confidence=1.0, year=t["year"],
                comparator=t["comparator"], value_min=Decimal(str(t["min"])),
                value_max=Decimal(str(t["max"])) if "max" in t else None, unit=t["unit"], text=t["text"],
                subject=indicators[t["indicator"]].name_vi, review=Target.Review.CONFIRMED, is_secondary_source=True,
            )
        plans.append(plan)
    return plans
