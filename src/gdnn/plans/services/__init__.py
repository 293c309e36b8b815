"""Writes to plans. One module per concern; import the functions from here."""

from gdnn.plans.services.agencies import agency_register_sync
from gdnn.plans.services.importing import (
    header_missing,
    plan_import_document,
    plan_import_draft,
    plan_read_document,
)
from gdnn.plans.services.review import duty_report_record, plan_publish, target_review
from gdnn.plans.services.strategies import strategy_plans_load

__all__ = [
    "agency_register_sync",
    "duty_report_record",
    "header_missing",
    "plan_import_document",
    "plan_import_draft",
    "plan_publish",
    "plan_read_document",
    "strategy_plans_load",
    "target_review",
]
