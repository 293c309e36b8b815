"""Pages of data collection. Each view parses, calls one selector or service, and renders."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gdnn.accounts.models import User
from gdnn.accounts.selectors import (
    orgunit_for_user,
    orgunit_in_scope,
    orgunits_visible,
    user_can_edit,
    user_home_units,
)
from gdnn.collection import selectors as sel
from gdnn.collection.excel import template_build
from gdnn.collection.exports import (
    completeness,
    completeness_areas,
    completeness_contacts,
    completeness_periods,
)
from gdnn.collection.forms import (
    ApprovalFilterForm,
    BulkForm,
    CellForm,
    CompletenessForm,
    OpenForm,
    TransitionForm,
    UploadForm,
)
from gdnn.collection.grid import base_text, display, grid_build, history_rows
from gdnn.collection.periods import period_parse, periods_recent
from gdnn.collection.reading import batch_read
from gdnn.collection.services.imports import datavalues_import
from gdnn.collection.services.values import ValueConflict, datavalue_set
from gdnn.collection.services.workflow import StaleAction, submission_transition, submissions_bulk
from gdnn.collection.uploads import ImportRejected, upload_check_announced
from gdnn.collection.validation import ValueInvalid, not_number_message
from gdnn.collection.worklists import awaiting_approval
from gdnn.common.errors import DomainError, NotFound, PermissionDenied, http_status
from gdnn.orgunits.picker import OrgUnitField
from gdnn.orgunits.selectors import orgunit_get, orgunit_picker_label


def _user(request: HttpRequest) -> User:
    """The logged-in user (every view here is behind login_required)."""
    return cast(User, request.user)


def _form_or_404(request: HttpRequest, ds_code: str, unit_code: str, period_code: str):
    try:
        data_set = sel.dataset_get(code=ds_code)
        period = sel.dataset_period(data_set=data_set, period=period_code)
        unit = sel.orgunit_for_period(code=unit_code, level=data_set.org_unit_level, period=period)
    except DomainError as exc:
        raise Http404(str(exc)) from exc
    if not sel.dataset_applies(data_set=data_set, org_unit=unit):
        raise Http404(_("Biểu này là biểu riêng của tỉnh khác."))
    return data_set, period, orgunit_for_user(user=_user(request), unit=unit)


def _ensure_writer(request: HttpRequest, unit) -> None:
    if not user_can_edit(user=_user(request), unit=unit):
        raise DjangoPermissionDenied(_("Bạn chỉ có quyền xem dữ liệu của đơn vị này."))


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    data_sets = sel.datasets_for(user=_user(request), on=today)
    links = []
    for unit in user_home_units(user=_user(request), on=today):
        for ds in data_sets:
            if ds.org_unit_level == unit.level and sel.dataset_applies(data_set=ds, org_unit=unit):
                links.append((ds, unit, periods_recent(ds.period_type, today, 3)))
    states = sel.submission_states(data_sets=[d for d, _u, _p in links], units=[u for _d, u, _p in links],
                                   periods=sorted({p.code for _d, _u, ps in links for p in ps}))
    links = [(ds, unit, [(p, states.get((ds.code, unit.code, p.code), "")) for p in ps]) for ds, unit, ps in links]
    # The picker starts on the form of the user's own level and unit (an institution reporter's own
    # report, not the first data set by code); any data set they may open otherwise.
    own = (links[0][0], links[0][1]) if links else None
    chosen = next((d for d in data_sets if d.code == request.GET.get("dataset")),
                  own[0] if own else (data_sets[0] if data_sets else None))
    initial = {"dataset": own[0].code, "org_unit": own[1]} if own else {}
    form = OpenForm(request.GET or None, initial=initial, data_sets=data_sets,
                    periods=sel.dataset_choice_periods(code=chosen.code if chosen else "", today=today))
    if chosen is not None:
        try:  # a unit of the period's era: a 2024 report is a pre-2025 commune's
            on = min(period_parse(request.GET.get("period", "")).end, today)
        except DomainError:
            on = today
        cast(OrgUnitField, form.fields["org_unit"]).configure(
            level=chosen.org_unit_level, within=orgunits_visible(user=_user(request)), on=on)
    if request.GET and form.is_valid():
        return redirect("collection:entry", form.cleaned_data["dataset"], form.cleaned_data["org_unit"].code,
                        form.cleaned_data["period"].strip().upper())
    completeness_links = [(ds, periods_recent(ds.period_type, today, 2)) for ds in data_sets]
    return render(request, "collection/index.html",
                  {"links": links, "form": form, "completeness_links": completeness_links})


UNIT_OPTIONS_MAX = 50


@login_required
@require_GET
def unit_options(request: HttpRequest) -> HttpResponse:
    """The unit suggestions of the entry page: ?dataset=, ?period= and the typed text (?q=, or the
    parameter named by ?field=), each unit with its form's state; ?format=json for JSON. Within the
    user's scope only; any input answers 200 (an empty list when the data set or period is wrong)."""
    today, user = timezone.localdate(), _user(request)
    field = request.GET.get("field", "q")[:40]
    query = (request.GET.get(field) or request.GET.get("q") or "")[:100]
    rows: list[tuple] = []
    try:
        data_set = sel.dataset_get(code=request.GET.get("dataset", ""))
        p = sel.dataset_period(data_set=data_set, period=request.GET.get("period", "")[:20])
    except DomainError:
        data_set = None
    if data_set is not None and data_set in sel.datasets_for(user=user, on=today):
        rows = sel.units_for_picker(user=user, data_set=data_set, period=p, query=query, today=today,
                                    limit=UNIT_OPTIONS_MAX)
    if request.GET.get("format") == "json" or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"results": [
            {"code": u.code, "name": u.name, "label": orgunit_picker_label(u), "state": state or "none",
             "state_label": render_to_string("collection/_state_label.html", {"state": state}).strip()}
            for u, state in rows]})
    return render(request, "collection/_unit_options.html",
                  {"rows": [(orgunit_picker_label(u), u, state) for u, state in rows]})


@login_required
@require_GET
def entry(request: HttpRequest, ds: str, unit: str, period: str) -> HttpResponse:
    data_set, p, org_unit = _form_or_404(request, ds, unit, period)
    submission = sel.submission_find(data_set=data_set, org_unit=org_unit, period=p.code)
    state = submission.state if submission else "draft"
    form = sel.form_structure(data_set=data_set, period=p)
    values = sel.values_of(data_set=data_set, org_unit=org_unit, period=p.code)
    refusal = sel.entry_refusal(user=_user(request), data_set=data_set, org_unit=org_unit, period=p, state=state,
                                today=timezone.localdate())
    opens, closes = sel.dataset_window(data_set=data_set, period=p)
    check = sel.submission_check(submission=submission, period=p) if submission else None
    can_edit = user_can_edit(user=_user(request), unit=org_unit)
    can_approve = sel.user_can_approve(user=_user(request), data_set=data_set, org_unit=org_unit)
    actions = [a for a, ok in (("submit", can_edit and state in ("draft", "returned")),
                               ("approve", can_approve and state == "submitted"),
                               ("return", can_approve and state == "submitted"),
                               ("reopen", sel.user_can_reopen(user=_user(request), org_unit=org_unit)
                                and state == "approved")) if ok]
    recent = periods_recent(data_set.period_type, timezone.localdate(), 4)
    if all(x.code != p.code for x in recent):
        recent.append(p)
    states = sel.submission_states(data_sets=[data_set], units=[org_unit], periods=[x.code for x in recent])
    grid = grid_build(form=form, values=values)
    events = list(sel.submission_events(submission=submission))
    # What the approve dialog says will be approved (the same counts the reporter confirmed).
    review = sel.submission_review(data_set=data_set, org_unit=org_unit, period=p) if "approve" in actions else None
    return render(request, "collection/entry.html", {
        "script_messages": _script_messages(),
        "data_set": data_set, "period": p, "unit": org_unit, "state": state, "submission": submission,
        "period_choices": [(x, states.get((data_set.code, org_unit.code, x.code), "")) for x in recent],
        "filled": sum(g.filled for g in grid), "cells": sum(g.cells for g in grid),
        "grid": grid, "readonly": refusal is not None, "refusal": refusal,
        "opens": opens, "closes": closes, "check": check, "actions": actions, "can_approve": can_approve,
        "events": events, "comments": [e for e in events if e.comment], "transition_form": TransitionForm(),
        "returned": sel.submission_last_return(submission=submission) if state == "returned" else None,
        "review": review,
    })


def _script_messages() -> dict[str, str]:
    """The entry script's messages with placeholders, translated here: a template's {% translate %}
    doubles the "%" of "%(n)s" before the lookup, so these would stay Vietnamese on English pages."""
    return {
        "offline": _("Mất kết nối – %(n)s thay đổi đang chờ lưu; sẽ tự gửi lại khi có mạng."),
        "waiting": _("Đang lưu… còn %(n)s thay đổi."),
        "session": _("Phiên làm việc đã hết hạn: hãy đăng nhập lại ở thẻ khác; %(n)s thay đổi vẫn được giữ "
                     "trên máy này."),
        "not_number": not_number_message(),
        "pending": _("Còn %(n)s thay đổi chưa lưu; hãy chờ có mạng rồi nộp."),
        "filled": _("%(filled)s/%(cells)s ô đã nhập"),
        "conflicts": _("%(n)s ô bị xung đột: đã có người sửa trong lúc bạn nhập. Hãy chọn giữ giá trị nào ở khung "
                       "“Xung đột” dưới mỗi bảng."),
        "keep": _("Giữ giá trị của tôi: %(v)s"),
        "take": _("Lấy giá trị đã lưu: %(v)s"),
    }


@login_required
@require_POST
def cell_save(request: HttpRequest, ds: str, unit: str, period: str) -> JsonResponse:
    data_set, p, org_unit = _form_or_404(request, ds, unit, period)
    form = CellForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"ok": False, "error": _("Yêu cầu không hợp lệ.")}, status=400)
    d = form.cleaned_data
    try:
        value = datavalue_set(data_set=data_set, org_unit=org_unit, period=p, element=d["element"],
                              key=d["key"] or "", raw=d["value"] or "", by=_user(request), channel="web",
                              language=d["language"] or translation.get_language(), base=d["base"])
    except ValueInvalid as exc:
        return JsonResponse({"ok": False, "error": str(exc)}, status=400)
    except ValueConflict as exc:  # changed by someone else since this edit began: the person chooses
        return JsonResponse({"ok": False, "conflict": True, "error": str(exc), "display": display(exc.current),
                             "base": base_text(exc.current), "by": exc.by, "channel": exc.channel,
                             "at": f"{timezone.localtime(exc.at):%H:%M %d/%m/%Y}" if exc.at else ""},
                            status=http_status(exc))
    except DomainError as exc:  # as the API answers it (gdnn.common.errors.http_status)
        return JsonResponse({"ok": False, "error": str(exc)}, status=http_status(exc))
    return JsonResponse({"ok": True, "display": display(value), "base": base_text(value)})


@login_required
@require_GET
def cell_history(request: HttpRequest, ds: str, unit: str, period: str) -> HttpResponse:
    data_set, p, org_unit = _form_or_404(request, ds, unit, period)
    submission = sel.submission_find(data_set=data_set, org_unit=org_unit, period=p.code)
    rows = sel.cell_history(submission=submission, element=request.GET.get("element", ""),
                            key=request.GET.get("key", ""))[:50]
    return render(request, "collection/_history.html", {"rows": history_rows(rows)})


# The moves an approver confirms in a dialog first; a POST without the confirmation changes nothing.
_UNCONFIRMED = {
    "approve": gettext_noop("Báo cáo chưa được phê duyệt: hãy bấm “Phê duyệt” rồi xác nhận trong hộp thoại."),
    "return": gettext_noop("Báo cáo chưa được trả lại: hãy bấm “Trả lại để sửa”, ghi lý do rồi xác nhận trong "
                           "hộp thoại."),
    "reopen": gettext_noop("Báo cáo chưa được mở lại: hãy bấm “Mở lại” rồi xác nhận trong hộp thoại."),
}


@login_required
@require_POST
def transition(request: HttpRequest, ds: str, unit: str, period: str) -> HttpResponse:
    data_set, p, org_unit = _form_or_404(request, ds, unit, period)
    form = TransitionForm(request.POST)
    submission = sel.submission_find(data_set=data_set, org_unit=org_unit, period=p.code)
    if not form.is_valid() or submission is None:
        messages.error(request, _("Chưa có số liệu nào để nộp hoặc thao tác không hợp lệ."))
        return redirect("collection:entry", data_set.code, org_unit.code, p.code)
    action = form.cleaned_data["action"]
    if action in _UNCONFIRMED and not form.cleaned_data["confirmed"]:
        allowed = (sel.user_can_reopen(user=_user(request), org_unit=org_unit) if action == "reopen" else
                   sel.user_can_approve(user=_user(request), data_set=data_set, org_unit=org_unit))
        if not allowed:
            raise DjangoPermissionDenied(_("Bạn không có quyền thực hiện thao tác này với báo cáo."))
        messages.error(request, _(_UNCONFIRMED[action]))  # nothing changed: the dialog says what the action does
        return redirect("collection:entry", data_set.code, org_unit.code, p.code)
    try:
        done = submission_transition(submission=submission, action=action, by=_user(request),
                                     comment=form.cleaned_data["comment"],
                                     expected_state=form.cleaned_data["state"] or None)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except StaleAction as exc:
        (messages.info if exc.done else messages.warning)(request, str(exc))
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        text = _("Báo cáo đã chuyển sang trạng thái “%(state)s”.") % {"state": done.get_state_display()}
        if action == "submit":  # the same selector as the confirmation the reporter saw
            review = sel.submission_review(data_set=data_set, org_unit=org_unit, period=p)
            if review.empty_count:
                text += " " + _("Còn %(empty)s trên %(cells)s ô để trống.") % {
                    "empty": review.empty_count, "cells": review.cell_count}
            if review.warnings:
                text += " " + _("%(n)s cảnh báo đã được giải thích trong ghi chú.") % {"n": len(review.warnings)}
        messages.success(request, text)
    return redirect("collection:entry", data_set.code, org_unit.code, p.code)


@login_required
@require_GET
def submit_review(request: HttpRequest, ds: str, unit: str, period: str) -> HttpResponse:
    """The submit confirmation: empty cells and warned cells, each linked to its cell."""
    data_set, p, org_unit = _form_or_404(request, ds, unit, period)
    review = sel.submission_review(data_set=data_set, org_unit=org_unit, period=p)
    submission = sel.submission_find(data_set=data_set, org_unit=org_unit, period=p.code)
    return render(request, "collection/_review.html", {
        "review": review, "data_set": data_set, "unit": org_unit, "period": p,
        "state": submission.state if submission else "draft", "comment": request.GET.get("comment", "")[:2000]})


@login_required
@require_GET
def template_download(request: HttpRequest, ds: str, unit: str, period: str) -> HttpResponse:
    data_set, p, org_unit = _form_or_404(request, ds, unit, period)
    with translation.override("vi"):  # the template's sheet, headers and the import that reads them are Vietnamese
        form = sel.form_structure(data_set=data_set, period=p)
    data = template_build(form=form, data_set_name=data_set.name_vi,
                          org_unit_code=org_unit.code, org_unit_name=org_unit.name, period=p,
                          values=sel.values_of(data_set=data_set, org_unit=org_unit, period=p.code))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{data_set.code}_{org_unit.code}_{p.code}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, ds: str, unit: str, period: str) -> HttpResponse:
    data_set, p, org_unit = _form_or_404(request, ds, unit, period)
    _ensure_writer(request, org_unit)
    errors: list[str] = []
    form = UploadForm()
    if request.method == "POST":
        try:
            # Refuse by the announced size before Django reads the body.
            upload_check_announced(content_length=request.META.get("CONTENT_LENGTH"))
            form = UploadForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ImportRejected([_("Hãy chọn một tệp để tải lên.")])
            f = form.cleaned_data["file"]
            batch = batch_read(name=f.name, size=f.size, read=f.read)
            result = datavalues_import(batch=batch, by=_user(request), expected=(data_set.code, org_unit.code, p.code),
                                       submit=form.cleaned_data["submit"], comment=form.cleaned_data["comment"])
        except ImportRejected as exc:
            errors = exc.errors
        except DomainError as exc:
            errors = [str(exc)]
        else:
            messages.success(request, _("Đã nhập tệp: %(n)s giá trị thay đổi.") % {"n": result.values_changed})
            return redirect("collection:entry", data_set.code, org_unit.code, p.code)
    return render(request, "collection/upload.html",
                  {"data_set": data_set, "period": p, "unit": org_unit, "form": form, "errors": errors})


COMPLETENESS_LIST_MAX = 200  # units listed one by one on the completeness page; more are summed by area


@login_required
@require_GET
def completeness_page(request: HttpRequest) -> HttpResponse:
    """One data set and period in full; without them, every data set's recent periods in brief."""
    today, user = timezone.localdate(), _user(request)
    data_sets = sel.datasets_for(user=user, on=today)
    code = request.GET.get("dataset") or (data_sets[0].code if data_sets else "")
    picker = CompletenessForm(initial={"dataset": code, "period": request.GET.get("period", "")},
                              data_sets=data_sets, periods=sel.dataset_choice_periods(code=code, today=today))
    if not request.GET.get("dataset") and not request.GET.get("period"):
        groups = [(ds, completeness_periods(data_set=ds, periods=periods_recent(ds.period_type, today, 3), user=user,
                                            today=today)) for ds in data_sets]
        return render(request, "collection/completeness_overview.html", {"groups": groups, "picker": picker})
    try:
        data_set = sel.dataset_get(code=request.GET.get("dataset", ""))
        p = sel.dataset_period(data_set=data_set, period=request.GET.get("period", ""))
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    except DomainError as exc:
        raise Http404(str(exc)) from exc
    if data_set not in data_sets:
        raise Http404(_("Không có bộ biểu này."))  # another province's own form
    area = None
    if request.GET.get("within"):
        try:
            area = orgunit_get(code=request.GET["within"], on=p.end)
        except NotFound as exc:
            raise Http404(str(exc)) from exc
        if not orgunit_in_scope(user=user, unit=area):
            raise Http404(_("Không tìm thấy đơn vị trong phạm vi của bạn."))
    report = completeness(data_set=data_set, period=p, user=user, today=today, area=area)
    # A long list is summed by area first (the provinces, for the country), each row opening its part.
    areas = completeness_areas(report=report) if report.expected > COMPLETENESS_LIST_MAX else []
    if len(areas) < 2:
        areas = []
        completeness_contacts(report=report)
    return render(request, "collection/completeness.html",
                  {"report": report, "picker": picker, "areas": areas,
                   "up": area.parent if area is not None and area.parent and orgunit_in_scope(
                       user=user, unit=area.parent) else None})


@login_required
@require_http_methods(["GET", "POST"])
def approvals(request: HttpRequest) -> HttpResponse:
    """Reports awaiting the user's approval; approve or return the ticked ones with one comment."""
    user = _user(request)
    if request.method == "POST":
        form = BulkForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Hãy chọn báo cáo và một thao tác."))
        else:
            try:
                done = submissions_bulk(submission_ids=form.cleaned_data["ids"], action=form.cleaned_data["action"],
                                        by=user, comment=form.cleaned_data["comment"])
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(str(exc)) from exc
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                text = (_("Đã phê duyệt %(n)s báo cáo.") if form.cleaned_data["action"] == "approve"
                        else _("Đã trả lại %(n)s báo cáo."))
                messages.success(request, text % {"n": len(done)})
        return redirect(f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path)
    data_sets = sel.datasets_for(user=user, on=timezone.localdate())
    code = request.GET.get("dataset", "")[:40]
    period = request.GET.get("period", "")[:8].upper()
    picker = ApprovalFilterForm(request.GET or None, data_sets=data_sets,
                                periods=sel.dataset_choice_periods(code=code, today=timezone.localdate()))
    rows = awaiting_approval(user=user, data_set=code, period=period)
    return render(request, "collection/approvals.html", {"rows": rows, "picker": picker})
