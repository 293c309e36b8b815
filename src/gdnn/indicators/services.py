"""Bring the catalog tables to the TOML files (idempotent)."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction

from gdnn.indicators.catalog import load_catalog
from gdnn.indicators.formulas import Term, load_element_catalog, load_ethnic_groups
from gdnn.indicators.models import Category, CategoryOption, DataElement, EthnicGroup, Indicator


def _terms_json(terms: tuple[Term, ...]) -> list[dict]:
    return [{"element": t.element, "filter": {cat: list(opts) for cat, opts in t.filter}} for t in terms]


@transaction.atomic
def indicator_catalog_sync() -> dict[str, int]:
    elements = load_element_catalog()
    catalog = load_catalog()
    for c in elements.categories.values():
        category, _ = Category.objects.update_or_create(code=c.code, defaults={"name_vi": c.name_vi, "name_en": c.name_en})
        for order, o in enumerate(c.options):
            CategoryOption.objects.update_or_create(
                category=category, code=o.code,
                defaults={"name_vi": o.name_vi, "name_en": o.name_en, "sort_order": order,
                          "valid_from": o.valid_from, "valid_to": o.valid_to},
            )
    for order, e in enumerate(elements.elements.values()):
        fields = asdict(e)
        fields.pop("code")
        fields["categories"] = list(e.categories)
        DataElement.objects.update_or_create(code=e.code, defaults={**fields, "sort_order": order})
    for order, ind in enumerate(catalog.indicators):
        formula = elements.formulas[ind.code]
        Indicator.objects.update_or_create(
            code=ind.code,
            defaults={
                "name_vi": ind.name_vi, "name_en": ind.name_en, "unit": ind.unit, "accepted_units": list(ind.units),
                "direction": ind.direction, "source": ind.source, "numerator": _terms_json(formula.numerator),
                "denominator": _terms_json(formula.denominator), "factor": formula.factor,
                "period_type": formula.period_type, "catalog_version": catalog.version, "sort_order": order,
            },
        )
    groups = load_ethnic_groups()
    aliases = groups.get("aliases", {})
    for codelist, spec in groups["codelist"].items():
        for code, name in spec["groups"]:
            EthnicGroup.objects.update_or_create(
                codelist=codelist, code=code, defaults={"name": name, "aliases": aliases.get(name, [])}
            )
    return {
        "categories": Category.objects.count(), "data_elements": DataElement.objects.count(),
        "indicators": Indicator.objects.count(), "ethnic_groups": EthnicGroup.objects.count(),
    }
