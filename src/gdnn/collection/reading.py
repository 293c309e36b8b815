"""Turn an uploaded or given file into an ImportBatch: size first, then kind, then content."""

from __future__ import annotations

from collections.abc import Callable

from gdnn.collection.dhis2_csv import csv_read
from gdnn.collection.excel import template_read
from gdnn.collection.uploads import ImportBatch, file_kind, upload_check_size


def batch_read(*, name: str, size: int, read: Callable[[], bytes]) -> ImportBatch:
    """`read` is only called once the size is known to be within the limit."""
    upload_check_size(name=name, size=size)
    data = read()
    upload_check_size(name=name, size=len(data))
    kind = file_kind(name=name, head=data[:8192])
    return template_read(data=data, name=name) if kind == "xlsx" else csv_read(data=data, name=name)
