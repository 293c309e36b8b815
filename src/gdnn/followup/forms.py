"""Forms of the follow-up pages: they parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gdnn.accounts.administration.forms import UserField
from gdnn.followup.models import TaskAssignment, TaskReport
from gdnn.followup.richtext import richtext_for_editing
from gdnn.followup.services import ReportContent
from gdnn.orgunits.picker import OrgUnitField
from gdnn.plans.models import Agency

DOCUMENT_ROWS = 3


class TaskReportForm(forms.Form):
    progress = forms.ChoiceField(label=_("Tình hình thực hiện"), choices=TaskReport.Progress.choices)
    done = forms.CharField(label=_("Kết quả thực hiện"), required=False, max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Mỗi đoạn một dòng; có thể dùng <b>, <i>, <ul>, <li>."))
    figures = forms.CharField(label=_("Số liệu"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    difficulties = forms.CharField(label=_("Khó khăn, vướng mắc"), required=False, max_length=8000,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    proposals = forms.CharField(label=_("Đề xuất, kiến nghị"), required=False, max_length=8000,
                                widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, rows: int = DOCUMENT_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for i in range(rows):
            self.fields[f"doc_number_{i}"] = forms.CharField(label=_("Số, ký hiệu"), required=False, max_length=60)
            self.fields[f"doc_date_{i}"] = forms.DateField(label=_("Ngày ban hành"), required=False,
                                                           widget=forms.DateInput(attrs={"type": "date"}))
            self.fields[f"doc_excerpt_{i}"] = forms.CharField(label=_("Trích yếu"), required=False, max_length=500)

    @classmethod
    def for_report(cls, report: TaskReport | None) -> TaskReportForm:
        if report is None:
            return cls(initial={"progress": TaskReport.Progress.IN_PROGRESS})
        initial = {"progress": report.progress, "done": richtext_for_editing(report.done_html), "figures": report.figures,
                   "difficulties": report.difficulties, "proposals": report.proposals}
        documents = report.documents or []
        for i, d in enumerate(documents):
            initial |= {f"doc_number_{i}": d.get("number", ""), f"doc_date_{i}": d.get("date", ""),
                        f"doc_excerpt_{i}": d.get("excerpt", "")}
        return cls(initial=initial, rows=max(DOCUMENT_ROWS, len(documents) + 1))

    def document_rows(self) -> list[tuple]:
        return [(self[f"doc_number_{i}"], self[f"doc_date_{i}"], self[f"doc_excerpt_{i}"]) for i in range(self.rows)]

    def content(self) -> ReportContent:
        c = self.cleaned_data
        documents = tuple({"number": c.get(f"doc_number_{i}") or "",
                           "date": c[f"doc_date_{i}"].isoformat() if c.get(f"doc_date_{i}") else "",
                           "excerpt": c.get(f"doc_excerpt_{i}") or ""} for i in range(self.rows))
        return ReportContent(progress=c["progress"], done=c["done"], figures=c["figures"], documents=documents,
                             difficulties=c["difficulties"], proposals=c["proposals"])


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("submit", "approve", "return", "reopen")])
    comment = forms.CharField(required=False, max_length=2000)
    next = forms.CharField(required=False, max_length=200)


class AssignForm(forms.Form):
    agency_name = forms.CharField(label=_("Cơ quan, đơn vị"), max_length=300)
    unit_code = forms.CharField(label=_("Mã đơn vị (xã, cơ sở GDNN)"), max_length=40, required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=TaskAssignment.Role.choices)
    task = forms.CharField(label=_("Nhiệm vụ"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class MemberAddForm(forms.Form):
    user = UserField(label=_("Tài khoản"))
    agency = forms.ModelChoiceField(label=_("Cơ quan"), queryset=Agency.objects.none(),
                                    empty_label=_("— Chọn cơ quan —"),
                                    widget=forms.Select(attrs={"translate": "no"}))  # agencies' official names
    org_unit = OrgUnitField(label=_("Đơn vị (để trống: cấp tỉnh)"), required=False,
                            help_text=_("Ghi xã hoặc cơ sở GDNN cho Ủy ban nhân dân cấp xã hoặc cơ sở GDNN."))

    def __init__(self, *args, users=None, agencies=None, within=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["user"].within = users  # type: ignore[attr-defined]
        if agencies is not None:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if within is not None:
            self.fields["org_unit"].configure(within=within)  # type: ignore[attr-defined]
