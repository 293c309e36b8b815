""""Đóng" on a button is "Close"; "Đóng" heading a column of closing dates is "Closes"."""

from pathlib import Path

from django.template import Context, Template
from django.utils import translation

import gdnn

TEMPLATES = Path(gdnn.__file__).parent / "collection" / "templates" / "collection"


def _english(source: str) -> str:
    with translation.override("en"):
        return Template("{% load i18n %}" + source).render(Context()).strip()


def test_a_close_button_reads_close_and_a_closing_date_column_closes():
    assert _english('{% translate "Đóng" %}') == "Close"
    assert _english('{% translate "Đóng" context "window closes" %}') == "Closes"
    assert _english('{% translate "Kết thúc" %}') == "Ends"


def test_the_history_drawer_closes_with_close_and_the_windows_list_heads_closes():
    drawer = (TEMPLATES / "entry.html").read_text(encoding="utf-8")
    button = drawer[drawer.index("data-history-close"):].split("</button>")[0].split(">", 1)[1]
    assert _english(button) == "Close"
    windows = (TEMPLATES / "catalog" / "windows.html").read_text(encoding="utf-8")
    heads = [_english(h.split("</th>")[0]) for h in windows.split('<th scope="col">')[1:6]]
    assert heads[2:4] == ["Opens", "Closes"]
