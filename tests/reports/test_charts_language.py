"""A report's charts are drawn in Vietnamese (ND 30/2020) even when an English page asks."""

import json
import struct
import zlib

import pytest
from django.utils import translation

from gdnn.reports.charts import chart_specs
from gdnn.reports.docx_writer import write_docx
from gdnn.reports.generator import report_data
from tests.reports.conftest import ON

pytestmark = pytest.mark.django_db


def _pixel() -> bytes:
    """A 1×1 white PNG, so that the DOCX can hold a picture without drawing the chart."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + \
        chunk(b"IEND", b"")


def test_a_reports_charts_stay_vietnamese_when_asked_from_an_english_page(seeded):
    plan, province, _ = seeded
    drawn: list[dict] = []

    def keep(spec: dict) -> bytes:
        drawn.append(spec)
        return _pixel()

    with translation.override("en"):
        data = report_data(plan=plan, org_unit=province, period="2025S1", as_of=ON)
        write_docx(data, render_chart=keep)
        on_the_web = json.dumps(chart_specs(data), ensure_ascii=False)  # the same data, outside the DOCX
    text = json.dumps(drawn, ensure_ascii=False)
    assert drawn and '"title": "Kỳ"' in text and "Biểu" not in text
    assert "Period" not in text and "Target for" not in text and "lowest first" not in text
    assert '"title": "Period"' in on_the_web  # the writer, not the data, keeps the report Vietnamese


def test_an_english_chart_is_never_served_the_vietnamese_picture(settings, tmp_path):
    from gdnn.reports.charts import chart_png, indicator_chart

    settings.DATA_DIR = tmp_path
    args = {"code": "X", "name": "Tỷ lệ", "unit": "institutions", "points": [("2024", 2.0, False)],
            "targets": [(2025, "≥ 2", 2.0)]}
    with translation.override("vi"):
        vietnamese = indicator_chart(**args)
    with translation.override("en"):
        english = indicator_chart(**args)
    assert english != vietnamese
    assert chart_png(vietnamese) != chart_png(english)  # two pictures, each kept under its own spec
    assert len(list((tmp_path / "cache" / "charts").glob("*.png"))) == 2
