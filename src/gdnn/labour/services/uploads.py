"""The shared shape of a labour upload: read in the sandbox, map the header, name row and column.

An upload is refused whole: every row is checked first and all the problems are listed, each as
"<file>, dòng <n>, cột <name>: <problem>"; nothing is written unless every row is good.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

from gdnn.common.errors import DomainError
from gdnn.common.sandbox import Refused, limits_from_settings, sandbox_call

MAX_ERRORS_SHOWN = 50


class UploadRejected(DomainError):
    def __init__(self, errors: list[str]):
        self.errors = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            self.errors.append(gettext("… và %(count)d lỗi khác.") % {"count": len(errors) - MAX_ERRORS_SHOWN})
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, str]


def _norm(text: str) -> str:
    return " ".join(text.replace("_", " ").casefold().split())


def upload_rows(*, data: bytes, name: str, columns: Mapping[str, Sequence[str]],
                required: Sequence[str]) -> list[Row]:
    """The data rows of the upload keyed by column; UploadRejected for an unreadable file or header."""
    try:
        rows = sandbox_call("gdnn.labour.tables:table_read", data=data, name=name,
                            limits=limits_from_settings())
    except Refused as exc:
        raise UploadRejected(exc.errors) from exc
    if not rows or not any(rows[0]):
        raise UploadRejected([gettext("%(file)s: tệp rỗng hoặc thiếu dòng tiêu đề.") % {"file": name}])
    header = [_norm(h) for h in rows[0]]
    index: dict[str, int] = {}
    for column, names in columns.items():
        wanted = {_norm(n) for n in names}
        for i, h in enumerate(header):
            if h in wanted:
                index[column] = i
                break
    missing = [columns[c][0] for c in required if c not in index]
    if missing:
        raise UploadRejected([gettext("%(file)s, dòng 1: thiếu cột %(columns)s.")
                              % {"file": name, "columns": ", ".join(missing)}])
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        out.append(Row(line, {c: (row[i].strip() if i < len(row) else "") for c, i in index.items()}))
    if not out:
        raise UploadRejected([gettext("%(file)s: không có dòng dữ liệu nào.") % {"file": name}])
    return out


def where(name: str, row: Row, column_label: str) -> str:
    """Where a problem is, in the reader's language; the column as the uploaded file's header names it."""
    return gettext("%(file)s, dòng %(row)d, cột “%(column)s”") % {"file": name, "row": row.line, "column": column_label}
