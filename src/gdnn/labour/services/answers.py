"""A respondent's answer through their personal link (no account). The link is checked here, so
no path can write through a revoked or expired link; answering again replaces the earlier answer
until the link expires."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gdnn.common.errors import DomainError
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


@transaction.atomic
def employer_answer(*, token: str, staff_total: int, willing_to_train: str, lines: list[DemandInput],
                    skills_lacking: str = "") -> EmployerResponse:
    link = link_check(token=token, lock=True)
    if link.wave.kind != Wave.Kind.EMPLOYER:
        raise DomainError("Đường dẫn này không dành cho phiếu doanh nghiệp.")
    if staff_total < sum(line.staff for line in lines):
        raise DomainError("Tổng số lao động nhỏ hơn tổng số lao động theo nghề đã khai.")
    if len({line.occupation.pk for line in lines}) != len(lines):
        raise DomainError("Mỗi nghề chỉ khai một dòng.")
    EmployerResponse.objects.filter(link=link).delete()
    response = EmployerResponse.objects.create(link=link, staff_total=staff_total, willing_to_train=willing_to_train,
                                               skills_lacking=skills_lacking[:4000])
    DemandLine.objects.bulk_create([DemandLine(response=response, occupation=line.occupation, staff=line.staff,
                                               hard_to_fill=line.hard_to_fill, hire_1y=line.hire_1y,
                                               hire_3y=line.hire_3y) for line in lines])
    _answered(link)
    return response


@transaction.atomic
def tracer_answer(*, token: str, status: str, occupation: OccupationGroup | None = None, relevance: str = "",
                  wage: str = "") -> TracerResponse:
    link = link_check(token=token, lock=True)
    if link.wave.kind != Wave.Kind.TRACER:
        raise DomainError("Đường dẫn này không dành cho phiếu người tốt nghiệp.")
    if status == TracerResponse.Status.EMPLOYED and (occupation is None or not relevance or not wage):
        raise DomainError("Người có việc làm cần khai nghề đang làm, mức độ phù hợp và mức thu nhập.")
    if status != TracerResponse.Status.EMPLOYED:
        occupation, relevance, wage = None, "", ""
    response, _ = TracerResponse.objects.update_or_create(link=link, defaults={
        "status": status, "occupation": occupation, "relevance": relevance, "wage": wage,
        "submitted_at": timezone.now()})
    _answered(link)
    return response


def _answered(link: Link) -> None:
    link.answered_at = timezone.now()
    link.save(update_fields=["answered_at"])
