from __future__ import annotations

from django.db import transaction

from gdnn.plans.agency_register import agency_kinds
from gdnn.plans.models import Agency


@transaction.atomic
def agency_register_sync() -> int:
    kinds = agency_kinds()
    by_code = {}
    for kind in kinds:
        agency, _ = Agency.objects.update_or_create(
            code=kind.code, defaults={"name": kind.name, "level": kind.level, "valid_to": kind.valid_to}
        )
        by_code[kind.code] = agency
    for kind in kinds:
        agency = by_code[kind.code]
        agency.successors.set([by_code[c] for c in kind.successors])
        gdnn = by_code.get(kind.gdnn_successor) if kind.gdnn_successor else None
        if agency.gdnn_successor_id != (gdnn.pk if gdnn else None):
            agency.gdnn_successor = gdnn
            agency.save(update_fields=["gdnn_successor"])
    return len(kinds)
