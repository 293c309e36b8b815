"""The accounts-file reader never crashes: any bytes under any name give rows or one clear refusal."""

import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from gdnn.accounts.administration.imports import UsersFileRejected, template_xlsx, users_file_read

NAMES = st.sampled_from(["ds.xlsx", "ds.csv", "ds.txt", "ds", "ds.XLSX"])


@settings(max_examples=150, deadline=None)
@given(name=NAMES, data=st.binary(max_size=2048))
def test_any_bytes_are_read_or_refused(name, data):
    try:
        rows = users_file_read(name=name, data=data)
    except UsersFileRejected as exc:
        assert exc.errors and all(isinstance(e, str) and e for e in exc.errors)
    else:
        assert all(r.line >= 2 for r in rows)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=400))
def test_any_csv_text_is_read_or_refused(text):
    try:
        rows = users_file_read(name="ds.csv", data=text.encode("utf-8"))
    except UsersFileRejected as exc:
        assert exc.errors
    else:
        assert all("\x00" not in v for r in rows for v in r.cells.values())


def test_the_template_reads_back_with_its_example_row():
    rows = users_file_read(name="mau.xlsx", data=template_xlsx())
    assert [r.cells["username"] for r in rows] == ["nguyen.van.a"]
    assert rows[0].columns["role"] == "D"


def test_a_zip_that_unpacks_huge_is_refused_before_it_is_opened():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    try:
        users_file_read(name="bom.xlsx", data=out.getvalue())
    except UsersFileRejected as exc:
        assert "giải nén" in exc.errors[0]
    else:
        raise AssertionError("a zip bomb was accepted")
