"""A respondent's answer through their personal link (no account). The link is checked here, so
no path can write through a revoked or expired link. A draft (`final=False`) is saved without the
completeness checks and can be resumed through the same link; the final submission stamps the
link's `answered_at`, after which the answer is read-only until an owner reopens the link
(`services.waves.link_reopen`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gdnn.common.errors import Conflict, DomainError
from gdnn.labour.models import (
    DemandLine,
    EmployerResponse,
    Link,
    OccupationGroup,
    TracerResponse,
    TrainingOccupation,
    Wave,
)
from gdnn.labour.selectors import link_check


@dataclass(frozen=True)
class DemandInput:
    occupation: TrainingOccupation
    staff: int
    hard_to_fill: int
    hire_1y: int
    hire_3y: int


class AnswerSubmitted(Conflict):
    """The link's answer was already submitted: read-only until an owner reopens it."""

    def __init__(self) -> None:
        super().__init__(gettext("Phiếu này đã được gửi nên không sửa được nữa. Nếu cần sửa, hãy liên hệ đơn vị "
                                 "tổ chức khảo sát để mở lại phiếu."))


def _open_link(token: str, kind: str) -> Link:
    link = link_check(token=token, lock=True)
    if link.wave.kind != kind:
        raise DomainError(gettext("Đường dẫn này không dành cho phiếu doanh nghiệp.") if kind == Wave.Kind.EMPLOYER
                          else gettext("Đường dẫn này không dành cho phiếu người tốt nghiệp."))
    if link.answered_at is not None:
        raise AnswerSubmitted()
    return link


@transaction.atomic
def employer_answer(*, token: str, staff_total: int, willing_to_train: str, lines: list[DemandInput],
                    skills_lacking: str = "", final: bool = True) -> EmployerResponse:
    link = _open_link(token, Wave.Kind.EMPLOYER)
    if willing_to_train and willing_to_train not in EmployerResponse.Willing.values:
        raise DomainError(gettext("Lựa chọn không hợp lệ."))
    if final and not willing_to_train:
        raise DomainError(gettext("Hãy chọn doanh nghiệp có sẵn sàng phối hợp đào tạo hay không."))
    if final and staff_total < sum(line.staff for line in lines):
        raise DomainError(gettext("Tổng số lao động nhỏ hơn tổng số lao động theo nghề đã khai."))
    if len({line.occupation.pk for line in lines}) != len(lines):
        raise DomainError(gettext("Mỗi nghề chỉ khai một dòng."))
    EmployerResponse.objects.filter(link=link).delete()
    response = EmployerResponse.objects.create(link=link, staff_total=staff_total, willing_to_train=willing_to_train,
                                               skills_lacking=skills_lacking[:4000])
    DemandLine.objects.bulk_create([DemandLine(response=response, occupation=line.occupation, staff=line.staff,
                                               hard_to_fill=line.hard_to_fill, hire_1y=line.hire_1y,
                                               hire_3y=line.hire_3y) for line in lines])
    if final:
        _answered(link)
    return response


@transaction.atomic
def tracer_answer(*, token: str, status: str, occupation: OccupationGroup | None = None, relevance: str = "",
                  wage: str = "", final: bool = True) -> TracerResponse:
    link = _open_link(token, Wave.Kind.TRACER)
    if status and status not in TracerResponse.Status.values:
        raise DomainError(gettext("Lựa chọn không hợp lệ."))
    if final and not status:
        raise DomainError(gettext("Hãy chọn tình trạng việc làm hiện nay."))
    if final and status == TracerResponse.Status.EMPLOYED and (occupation is None or not relevance or not wage):
        raise DomainError(gettext("Người có việc làm cần khai nghề đang làm, mức độ phù hợp và mức thu nhập."))
    if status and status != TracerResponse.Status.EMPLOYED:
        occupation, relevance, wage = None, "", ""
    response, _ = TracerResponse.objects.update_or_create(link=link, defaults={
        "status": status, "occupation": occupation, "relevance": relevance, "wage": wage,
        "submitted_at": timezone.now()})
    if final:
        _answered(link)
    return response


def _answered(link: Link) -> None:
    link.answered_at = timezone.now()
    link.save(update_fields=["answered_at"])
