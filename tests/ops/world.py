"""A small but complete installation for the operations tests, built through the services:
`python -m tests.ops.world build` fills the database named by the environment (GDNN_DATA_DIR or
DATABASE_URL); `python -m tests.ops.world snapshot` prints, as JSON, every value the operations
must keep (plans and targets, data values, audit rows and events, users and roles, tokens,
institutions, duty reports), by natural keys so that two databases can be compared.

The same snapshot fields are used to check an upgrade of the frozen previous release
(tests/fixtures/ops/): change them only together with that fixture's expected JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdnn.config.settings")
    import django

    django.setup()


def build() -> None:
    from django.core.management import call_command

    from gdnn.accounts.models import Role
    from gdnn.accounts.services import apitoken_create, user_create
    from gdnn.analytics.services import analytics_rebuild
    from gdnn.collection.models import Channel, DataSet, Submission
    from gdnn.collection.periods import period_parse
    from gdnn.collection.services.datasets import dataset_sync
    from gdnn.collection.services.values import ValueChange, datavalues_save, submission_get_or_create
    from gdnn.collection.services.workflow import submission_approve, submission_return, submission_submit
    from gdnn.demo.build import DEMO_FORMS
    from gdnn.demo.data import commune_values, institution_values, province_values
    from gdnn.demo.seeds import seed_paths
    from gdnn.indicators.services import indicator_catalog_sync
    from gdnn.orgunits.models import Institution
    from gdnn.orgunits.selectors import orgunit_get
    from gdnn.orgunits.services import institution_create, orgunits_load_vietnam
    from gdnn.plans.services import (
        agency_register_sync,
        plan_import_document,
        plan_publish,
        strategy_plans_load,
    )
    from gdnn.plans.services.review import duty_report_record

    call_command("migrate", interactive=False, verbosity=0)
    orgunits_load_vietnam()
    indicator_catalog_sync()
    agency_register_sync()
    strategy_plans_load()
    dataset_sync()
    province, commune = orgunit_get(code="20"), orgunit_get(code="06385")
    school = institution_create(code="LS-CD-01", name="Trường Cao đẳng Lạng Sơn", commune=commune,
                                institution_type=Institution.Type.COLLEGE, ownership=Institution.Ownership.PUBLIC)
    officer = user_create(username="tinh.langson", password="mật-khẩu-thử-nghiệm-42", role=Role.PROVINCE_OFFICER,
                          org_unit=province, full_name="Cán bộ Sở", email="canbo@example.gov.vn")
    admin = user_create(username="quantri", password="mật-khẩu-quản-trị-42", role=Role.SYSTEM_ADMIN, org_unit=None)
    reporter = user_create(username="truong.langson", password="mật-khẩu-trường-42",
                           role=Role.INSTITUTION_REPORTER, org_unit=school)
    apitoken_create(user=reporter, name="Phần mềm quản lý trường", days=None)

    plan = plan_import_document(path=seed_paths()["000"], org_unit=orgunit_get(code="20", on=dt.date(2022, 6, 15)),
                                by=officer)
    plan_publish(plan=plan, by=officer)
    duty = plan.reporting_duties.order_by("pk").first()
    if duty is not None:
        duty_report_record(duty=duty, period="2024", delivered_on=dt.date(2024, 12, 10), reference="15/BC-SGDĐT",
                           by=officer)

    rng = random.Random(7)

    def report(unit, period: str, values: dict, state: str, by) -> None:
        data_set = DataSet.objects.get(org_unit_level=unit.level, code__in=DEMO_FORMS)
        p = period_parse(period)
        submission = submission_get_or_create(data_set=data_set, org_unit=unit, period=p)
        changes = [ValueChange(element, key, value) for (element, key), value in values.items()]
        datavalues_save(submission=submission, period=p, changes=changes, by=None, channel=Channel.CSV)
        if state == Submission.State.DRAFT:
            return
        submission_submit(submission=submission, by=None, comment="Số liệu của đơn vị.")
        if state == "returned":
            submission_return(submission=submission, by=by, comment="Kiểm tra lại số tuyển sinh.")
        elif state == Submission.State.APPROVED:
            submission_approve(submission=submission, by=by)

    for half, state in (("2024S1", "approved"), ("2024S2", "approved"), ("2025S1", "returned"), ("2025S2", "draft")):
        report(school, half, institution_values(0, half, rng), state, officer)
    for year in ("2023", "2024"):
        report(commune, year, commune_values(0, year, rng), "approved", officer)
        report(province, year, province_values(year, rng), "approved", admin)
    analytics_rebuild()


def snapshot() -> dict:
    from django.db.models import F

    from gdnn.accounts.models import ApiToken, RoleAssignment, User
    from gdnn.collection.models import DataValue, DataValueAudit, Submission, SubmissionEvent
    from gdnn.orgunits.models import Institution, OrgUnit, OrgUnitSuccession
    from gdnn.plans.models import DutyReport, Plan, Target

    def rows(qs, *fields, **named) -> list:
        return sorted(json.loads(json.dumps(list(qs.values(*fields, **named)), default=str)),
                      key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False))

    sub = {"ds": F("submission__data_set__code"), "unit": F("submission__org_unit__code"),
           "sub_period": F("submission__period")}
    return {
        "orgunits": OrgUnit.objects.count(),
        "successions": OrgUnitSuccession.objects.count(),
        "institutions": rows(Institution.objects.all(), "institution_type", "ownership", code=F("org_unit__code")),
        "users": rows(User.objects.all(), "username", "password", "email", "full_name", "is_active",
                      "is_superuser"),
        "roles": rows(RoleAssignment.objects.all(), "role", user_name=F("user__username"), unit=F("org_unit__code")),
        "tokens": rows(ApiToken.objects.all(), "prefix", "name", "created_at", "expires_at", "revoked_at",
                       user_name=F("user__username")),
        "plans": rows(Plan.objects.all(), "doc_number", "issuer", "level", "title", "issued_on", "status",
                      "source_file", "source_text", "published_at", "is_secondary_source",
                      unit=F("org_unit__code")),
        "targets": rows(Target.objects.all(), "order", "year", "comparator", "value_min", "value_max", "unit",
                        "text", "review", plan_number=F("plan__doc_number"), indicator_code=F("indicator__code")),
        "duty_reports": rows(DutyReport.objects.all(), "period", "delivered_on", "reference",
                             plan_number=F("duty__plan__doc_number")),
        "submissions": rows(Submission.objects.all(), "period", "state", "state_changed_at",
                            ds=F("data_set__code"), unit=F("org_unit__code")),
        "events": rows(SubmissionEvent.objects.all(), "action", "from_state", "to_state", "comment", "at",
                       by_name=F("by__username"), **sub),
        "values": rows(DataValue.objects.all(), "period", "disaggregation", "value", "updated_at",
                       element=F("data_element__code"), unit=F("org_unit__code")),
        "audit": rows(DataValueAudit.objects.all(), "disaggregation", "old_value", "new_value", "channel", "at",
                      by_name=F("by__username"),
                      element=F("data_element__code"), **sub),
    }


if __name__ == "__main__":
    _setup()
    if sys.argv[1:] == ["build"]:
        build()
    elif sys.argv[1:] == ["snapshot"]:
        json.dump(snapshot(), sys.stdout, ensure_ascii=False, indent=0, sort_keys=True)
    else:
        sys.exit("usage: python -m tests.ops.world build|snapshot")
