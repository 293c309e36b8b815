"""Check a zip's central directory (XLSX, DOCX) before anything decompresses it.

Python's zipfile stops each entry at the size its directory declares, so the declared sizes bound
what a reader can inflate: refusing on entry count, total uncompressed size and compression ratio
here is enough to keep a zip bomb from reaching openpyxl or python-docx.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class ZipBudget:
    max_entries: int = 1000
    max_total_bytes: int = 100 * 1024 * 1024
    max_entry_bytes: int = 60 * 1024 * 1024
    max_ratio: float = 100.0  # uncompressed / compressed, for entries over `ratio_from_bytes`
    ratio_from_bytes: int = 1024 * 1024


class ZipRefused(Exception):
    """The archive is not a zip, or too costly to open; `reason` is for the user (Vietnamese)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def zip_check(data: bytes, budget: ZipBudget) -> None:
    """ZipRefused when `data` is no zip, or its directory exceeds the budget; reads no entry."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ZipRefused("tệp nén (zip) hỏng hoặc không phải tệp Office hợp lệ") from exc
    if len(infos) > budget.max_entries:
        raise ZipRefused(f"tệp chứa quá nhiều thành phần ({len(infos):,} > {budget.max_entries:,})")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ZipRefused("tệp được mã hóa (có mật khẩu), không đọc được")
        total += info.file_size
        if info.file_size > budget.max_entry_bytes or total > budget.max_total_bytes:
            raise ZipRefused(f"nội dung giải nén quá lớn (trên {budget.max_total_bytes // 1024 // 1024} MB) "
                             "so với một tệp bình thường")
        if info.file_size > budget.ratio_from_bytes and \
                info.file_size > budget.max_ratio * max(1, info.compress_size):
            raise ZipRefused(f"tỷ lệ nén bất thường ({info.file_size // max(1, info.compress_size):,} lần): "
                             "tệp có thể là một “bom nén”")
