"""A yes/no element whose name already says "(1 = có)" is headed once with its hint, on the entry
page and in the Excel template."""

import io
import re

import pytest
from openpyxl import load_workbook

from tests.collection.test_views_http import login, url

pytestmark = pytest.mark.django_db


def _heading(html: str, code: str) -> str:
    match = re.search(rf'<h2 id="h-{code}">(.*?)</h2>', html, re.S)
    assert match, code
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


@pytest.mark.parametrize(("language", "expected"), [
    ("vi", "Cơ sở đang hoạt động (1 = có, 0 = không)"),
    ("en", "Institution operating (1 = yes, 0 = no)"),
])
def test_a_yes_no_section_is_headed_with_its_hint_once(client, world, language, expected):
    login(client, world.reporter)
    client.cookies["django_language"] = language
    assert _heading(client.get(url(world)).content.decode(), "INSTITUTION_ACTIVE") == expected


def test_the_excel_template_heads_the_yes_no_section_with_its_hint_once(client, world):
    login(client, world.reporter)
    book = load_workbook(io.BytesIO(client.get(url(world, suffix="template.xlsx")).content))
    cells = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Cơ sở đang hoạt động (1 = có, 0 = không)" in cells
    assert not [c for c in cells if "(1 = có) (" in c]
