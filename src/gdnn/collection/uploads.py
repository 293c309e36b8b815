"""What every imported file goes through before it is read: its size, its kind, the error type."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from gdnn.common.errors import DomainError

MAX_ERRORS_SHOWN = 200


class ImportRejected(DomainError):
    """A file refused as a whole; `errors` lists each problem with its sheet and cell, or line."""

    def __init__(self, errors: list[str]):
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(f"… và {len(errors) - MAX_ERRORS_SHOWN} lỗi khác.")
        self.errors = shown
        super().__init__("\n".join(shown))


@dataclass(frozen=True)
class ImportRow:
    where: str  # "Trang tính 'Báo cáo', ô D7" or "Dòng 5"
    org_unit: str
    period: str
    element: str
    key: str
    raw: object  # None or "" clears the value
    data_set: str = ""


@dataclass
class ImportBatch:
    channel: str  # "excel" | "csv"
    source: str
    rows: list[ImportRow]
    template: tuple[str, str, str] | None = None  # (data set, org unit, period) of an Excel template
    template_version: str = ""


def upload_max_bytes() -> int:
    return int(settings.GDNN_UPLOAD_MAX_BYTES)


def upload_check_size(*, name: str, size: int) -> None:
    limit = upload_max_bytes()
    if size > limit:
        raise ImportRejected([f"Tệp “{name}” quá lớn ({size / 1024 / 1024:.1f} MB); "
                              f"giới hạn là {limit / 1024 / 1024:.0f} MB."])
    if size == 0:
        raise ImportRejected([f"Tệp “{name}” rỗng."])


def upload_check_announced(*, content_length: str | None) -> None:
    """Refuse a request body announced as larger than the limit (plus room for the form fields)."""
    try:
        size = int(content_length or 0)
    except ValueError:
        size = 0
    limit = upload_max_bytes()
    if size > limit + 64 * 1024:
        raise ImportRejected([f"Tệp tải lên quá lớn ({size / 1024 / 1024:.1f} MB); "
                              f"giới hạn là {limit / 1024 / 1024:.0f} MB."])


def file_kind(*, name: str, head: bytes) -> str:
    """'xlsx' or 'csv' from the name and the first bytes; ImportRejected for anything else."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx" and head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if suffix == ".csv" and b"\x00" not in head[:4096]:
        return "csv"
    if suffix == ".xlsx":
        raise ImportRejected([f"Tệp “{name}” không phải là tệp Excel (.xlsx) hợp lệ."])
    raise ImportRejected([f"Loại tệp “{suffix or name}” không được hỗ trợ: chỉ nhận mẫu Excel (.xlsx) "
                          "tải từ hệ thống hoặc tệp CSV theo định dạng DHIS2."])
