"""Builders of test documents in the forms real plans come in (DOCX, PDF, scans, legacy encodings)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
import zlib
from pathlib import Path

from gdnn.parsing.legacy import _vni_table
from gdnn.parsing.vocab import vocab


def to_tcvn3(text: str) -> bytes:
    """Unicode → TCVN3 bytes. Capitals with tones have no TCVN3 code (old documents used the
    .VnTimeH font for them), so they are written with the lower-case code, as those documents were."""
    reverse = {v: k for k, v in vocab("legacy_encodings")["tcvn3"]["chars"].items()}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in reverse:
            out.append(reverse[ch])
        elif ch.lower() in reverse and not ch.isascii():
            out.append(reverse[ch.lower()])
        else:
            out.append(ch)
    return "".join(out).encode("latin-1")


def to_vni(text: str) -> bytes:
    reverse = {v: k for k, v in _vni_table().items() if len(k) <= 2}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        out.append(reverse.get(ch, ch))
    return "".join(out).encode("cp1252")


def make_docx(path: Path) -> Path:
    """A district plan as officials write it in Word: header table, auto-numbered lists, a target table."""
    import docx

    d = docx.Document()
    header = d.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nHUYỆN ĐỊNH HÓA\nSố: 96/KH-UBND"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐịnh Hóa, ngày 22 tháng 02 năm 2024"
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Phát triển giáo dục nghề nghiệp huyện Định Hóa giai đoạn 2024 - 2025")
    d.add_paragraph(
        "Căn cứ Kế hoạch số 41/KH-UBND ngày 05/02/2024 của UBND tỉnh Thái Nguyên về phát triển giáo dục nghề "
        "nghiệp năm 2024, Ủy ban nhân dân huyện Định Hóa ban hành Kế hoạch như sau:"
    )
    d.add_paragraph("I. MỤC TIÊU")
    d.add_paragraph("Các chỉ tiêu chủ yếu của huyện đến năm 2025:")
    t = d.add_table(rows=4, cols=5)
    rows = [
        ("STT", "Chỉ tiêu", "ĐVT", "Ước thực hiện 2023", "Kế hoạch 2025"),
        ("1", "Tỷ lệ lao động qua đào tạo", "%", "66", "70"),
        ("2", "Tuyển sinh, đào tạo nghề", "người", "1.050", "1.200 - 1.300"),
        ("3", "Tỷ lệ học sinh tốt nghiệp THCS vào học giáo dục nghề nghiệp", "%", "25", "≥ 30"),
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    d.add_paragraph("II. NHIỆM VỤ, GIẢI PHÁP")
    d.add_paragraph("Tăng cường tuyên truyền, tư vấn hướng nghiệp", style="List Number")
    d.add_paragraph("Nâng cao chất lượng đào tạo tại Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", style="List Number")
    d.add_paragraph("III. KINH PHÍ THỰC HIỆN")
    d.add_paragraph("Ngân sách nhà nước theo phân cấp hiện hành.", style="List Bullet")
    d.add_paragraph("Nguồn xã hội hóa và các nguồn hợp pháp khác.", style="List Bullet")
    d.add_paragraph("IV. TỔ CHỨC THỰC HIỆN")
    d.add_paragraph("1. Phòng Lao động - Thương binh và Xã hội")
    d.add_paragraph("Chủ trì, phối hợp với các cơ quan liên quan triển khai Kế hoạch; định kỳ hằng năm báo cáo UBND huyện.")
    d.add_paragraph("2. Phòng Giáo dục và Đào tạo")
    d.add_paragraph("Phối hợp thực hiện phân luồng học sinh sau trung học cơ sở.")
    d.add_paragraph("Nơi nhận:")
    d.save(str(path))
    return path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, fmt: str, outdir: Path) -> Path:
    exe = soffice()
    assert exe is not None
    subprocess.run(
        [exe, "--headless", "--convert-to", fmt, "--outdir", str(outdir), str(path)],
        capture_output=True,
        timeout=180,
        check=True,
        env={"HOME": str(outdir), "PATH": "/usr/bin:/bin"},
    )
    return outdir / (path.stem + "." + fmt)


def image_pdf(pdf: Path, out: Path) -> Path:
    """A scan: the pages of ``pdf`` rendered to grey images and wrapped in a PDF with no text layer."""
    subprocess.run(["pdftoppm", "-r", "200", "-gray", str(pdf), str(out.with_suffix(""))], check=True, timeout=120)
    pages = sorted(out.parent.glob(out.stem + "*.pgm"))
    objects: list[bytes] = []
    kids = []
    for i, pgm in enumerate(pages):
        data = pgm.read_bytes()
        parts = data.split(b"\n", 3)
        width, height = (int(x) for x in parts[1].split())
        pixels = zlib.compress(parts[3])
        img_no, content_no, page_no = 3 + 3 * i, 4 + 3 * i, 5 + 3 * i
        objects.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (width, height, len(pixels))
            + pixels
            + b"\nendstream"
        )
        w_pt, h_pt = width * 72 / 200, height * 72 / 200
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (w_pt, h_pt)
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (w_pt, h_pt, img_no, content_no)
        )
        kids.append(b"%d 0 R" % page_no)
    all_objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))]
    all_objects += objects
    buf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(all_objects, 1):
        offsets.append(len(buf))
        buf += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(buf)
    buf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(all_objects) + 1)
    for off in offsets:
        buf += b"%010d 00000 n \n" % off
    buf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(all_objects) + 1, xref)
    out.write_bytes(bytes(buf))
    return out
