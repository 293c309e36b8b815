"""The workflow: an explicit transition table, an event per move, values locked once approved."""

from decimal import Decimal

import pytest
from django.utils import translation

from gdnn.collection.models import DataValue, DataValueAudit, Submission, SubmissionEvent
from gdnn.collection.services.values import datavalue_set
from gdnn.collection.services.workflow import (
    ACTIONS,
    TRANSITIONS,
    submission_approve,
    submission_reopen,
    submission_return,
    submission_submit,
)
from gdnn.common.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db
KEY = "disability:no|ethnicity:kinh|sex:female|training_level:college"


def enter(w, element="ENROLMENT", key=KEY, raw="120", by=None):
    return datavalue_set(data_set=w.inst, org_unit=w.school, period=w.half, element=element, key=key, raw=raw,
                         by=by or w.reporter, channel="web")


def submission(w):
    return Submission.objects.get(data_set=w.inst, org_unit=w.school, period=w.half.code)


def test_the_table_and_the_actions_agree():
    for action, moves in ACTIONS.items():
        for source, target in moves.items():
            assert target in TRANSITIONS[source], (action, source)


def test_enter_submit_return_fix_submit_approve_locks_the_values(world):
    w = world
    assert enter(w, raw="1.234") == Decimal(1234)
    s = submission_submit(submission=submission(w), by=w.reporter)
    assert s.state == "submitted"
    with pytest.raises(DomainError, match="đã khóa"):
        enter(w, raw="5")
    with pytest.raises(DomainError, match="lý do"):
        submission_return(submission=s, by=w.officer, comment=" ")
    s = submission_return(submission=s, by=w.officer, comment="Số người học quá cao")
    enter(w, raw="1.200")
    s = submission_submit(submission=s, by=w.reporter)
    s = submission_approve(submission=s, by=w.officer)
    assert s.state == "approved"
    with pytest.raises(DomainError, match="đã khóa"):
        enter(w, raw="7")
    assert DataValue.objects.get(org_unit=w.school, disaggregation=KEY).value == 1200
    events = list(SubmissionEvent.objects.filter(submission=s).values_list("from_state", "to_state", "by__username"))
    assert events == [("draft", "submitted", "baocao"), ("submitted", "returned", "canbo"),
                      ("returned", "submitted", "baocao"), ("submitted", "approved", "canbo")]
    audits = list(DataValueAudit.objects.filter(submission=s).values_list("old_value", "new_value", "channel"))
    assert audits == [(None, 1234, "web"), (1234, 1200, "web")]


def test_an_illegal_move_is_a_domain_error_and_leaves_no_event(world):
    enter(world)
    s = submission(world)
    with pytest.raises(DomainError, match="Không thể phê duyệt"):
        submission_approve(submission=s, by=world.officer)
    with pytest.raises(DomainError, match="Không thể mở lại"):
        submission_reopen(submission=s, by=world.admin)
    assert not SubmissionEvent.objects.exists()
    assert submission(world).state == "draft"


def test_a_refusal_speaks_the_language_of_the_request(world):
    enter(world)
    s = submission(world)
    with translation.override("en"), pytest.raises(DomainError) as refused:
        submission_approve(submission=s, by=world.officer)
    assert str(refused.value) == "A report that is “Draft” cannot be approved."
    with translation.override("vi"), pytest.raises(DomainError) as refused:
        submission_approve(submission=s, by=world.officer)
    assert str(refused.value).startswith("Không thể phê duyệt báo cáo đang ở trạng thái “")
    assert "Draft" not in str(refused.value)


def test_only_the_approver_one_level_up_approves_and_only_an_admin_reopens(world):
    w = world
    enter(w)
    s = submission_submit(submission=submission(w), by=w.reporter)
    for user in (w.reporter, w.far_officer, w.viewer, w.commune_officer):
        with pytest.raises(PermissionDenied):
            submission_approve(submission=s, by=user)
    s = submission_approve(submission=s, by=w.officer)
    with pytest.raises(PermissionDenied):
        submission_reopen(submission=s, by=w.officer)
    s = submission_reopen(submission=s, by=w.admin, comment="Sửa số liệu")
    assert s.state == "draft"
    enter(w, raw="99")


def test_a_province_report_is_approved_by_a_system_admin_only(world):
    w = world
    datavalue_set(data_set=w.prov, org_unit=w.province, period=w.year, element="GRAD_THCS", key="sex:male",
                  raw="5.000", by=w.officer, channel="web")
    s = Submission.objects.get(data_set=w.prov, org_unit=w.province)
    s = submission_submit(submission=s, by=w.officer)
    with pytest.raises(PermissionDenied):
        submission_approve(submission=s, by=w.officer)
    assert submission_approve(submission=s, by=w.admin).state == "approved"


def test_rule_errors_block_submission_and_warnings_need_a_comment(world):
    w = world
    enter(w, element="GRADUATES", raw="500")
    enter(w, element="ENROLMENT", raw="100")
    with pytest.raises(DomainError, match="tốt nghiệp"):
        submission_submit(submission=submission(w), by=w.reporter)
    enter(w, element="GRADUATES", raw="50")
    # The previous period had 10 times fewer people enrolled: a warning that needs a comment.
    prev = w.half.previous()
    from gdnn.collection.services.values import ValueChange, datavalues_save, submission_get_or_create

    old = submission_get_or_create(data_set=w.inst, org_unit=w.school, period=prev)
    datavalues_save(submission=old, period=prev, changes=[ValueChange("ENROLMENT", KEY, Decimal(10))], by=w.admin,
                    channel="api")
    with pytest.raises(DomainError, match="ghi chú"):
        submission_submit(submission=submission(w), by=w.reporter)
    s = submission_submit(submission=submission(w), by=w.reporter, comment="Trường mở thêm ngành mới")
    assert s.events.last().comment == "Trường mở thêm ngành mới"


def test_after_closing_only_the_approver_enters(world):
    w = world
    past = w.half.previous().previous()
    with pytest.raises(DomainError, match="chỉ mở nhập"):
        datavalue_set(data_set=w.inst, org_unit=w.school, period=past, element="MANAGERS", key="", raw="3",
                      by=w.reporter, channel="web")
    datavalue_set(data_set=w.inst, org_unit=w.school, period=past, element="MANAGERS", key="", raw="3",
                  by=w.officer, channel="web")
    assert DataValue.objects.get(period=past.code, data_element__code="MANAGERS").value == 3


@pytest.mark.parametrize("user", ["viewer", "far_reporter", "far_officer"])
def test_a_value_outside_the_users_write_scope_is_refused(world, user):
    with pytest.raises(PermissionDenied):
        enter(world, by=world[user])
    assert not DataValue.objects.exists()
