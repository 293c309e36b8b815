"""DOCX → PDF through LibreOffice headless, with a private profile and a time limit."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from gdnn.common.errors import DomainError

TIMEOUT_S = 180


def soffice_path() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise DomainError("Không tìm thấy LibreOffice (soffice) để tạo PDF; cài gói libreoffice "
                          "(`make install`) hoặc chọn định dạng docx.")
    return found


def docx_to_pdf(docx: bytes, *, timeout: float = TIMEOUT_S) -> bytes:
    """The PDF LibreOffice makes of the DOCX; DomainError when soffice is missing, fails or hangs."""
    soffice = soffice_path()
    with tempfile.TemporaryDirectory(prefix="gdnn-pdf-") as tmp:
        work = Path(tmp)
        source = work / "bao-cao.docx"
        source.write_bytes(docx)
        profile = (work / "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
                   "--convert-to", "pdf", "--outdir", str(work / "out"), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise DomainError(f"LibreOffice không tạo xong PDF trong {int(timeout)} giây.") from exc
        target = work / "out" / "bao-cao.pdf"
        if done.returncode != 0 or not target.exists():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise DomainError(f"LibreOffice không chuyển được báo cáo sang PDF ({detail[-1] if detail else 'lỗi'}).")
        return target.read_bytes()
