"""Cost of one DOCX → PDF conversion: one-shot `soffice --convert-to pdf` against the persistent
converter (one LibreOffice kept running, driven through UNO), CPU and wall per PDF.

Usage: GDNN_DATA_DIR=/tmp/gdemo .venv/bin/python bench/pdf_convert.py [--docx FILE] [--runs 5]

The DOCX defaults to the demo's 2025 report (`gdnn demo --no-serve` writes it under
DATA_DIR/demo-output). CPU counts this process and every LibreOffice/bridge process it started
(read from /proc while they run; reaped children through getrusage). The persistent converter's
first conversion (which starts LibreOffice) is reported apart from the warm ones. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
TICK = os.sysconf("SC_CLK_TCK")


def _descendants_cpu() -> float:
    """CPU seconds of the running descendants of this process (utime + stime from /proc)."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICK
    mine, total, frontier = {os.getpid()}, 0.0, [os.getpid()]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in mine:
                mine.add(child)
                frontier.append(child)
                total += cpu.get(child, 0.0)
    return total


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime + _descendants_cpu()


def _measure(convert, docx: bytes) -> tuple[float, float, bytes]:
    cpu, wall = _cpu(), time.perf_counter()
    out = convert(docx)
    return _cpu() - cpu, time.perf_counter() - wall, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data_dir = Path(os.environ.get("GDNN_DATA_DIR", ROOT / ".gdnn"))
    parser.add_argument("--docx", default=str(data_dir / "demo-output" / "bao-cao_141-KH-UBND_Lang-Son_2025.docx"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from gdnn.reports import pdf

    docx = Path(args.docx).read_bytes()
    soffice = pdf.soffice_path()
    result: dict[str, object] = {"docx": args.docx, "runs": args.runs}
    oneshot = [_measure(lambda d: pdf.docx_to_pdf_oneshot(d, soffice=soffice), docx) for _ in range(args.runs)]
    result["oneshot_cpu_s"] = round(statistics.median(c for c, _, _ in oneshot), 2)
    result["oneshot_wall_s"] = round(statistics.median(w for _, w, _ in oneshot), 2)
    python = pdf.uno_python()
    if python is None:
        result["persistent"] = "no Python with the uno module (install python3-uno)"
    else:
        with tempfile.TemporaryDirectory(prefix="gdnn-pdf-bench-") as tmp:
            converter = pdf.UnoConverter(soffice=soffice, python=python, profile_root=Path(tmp))
            try:
                first = _measure(converter.convert, docx)
                warm = [_measure(converter.convert, docx) for _ in range(args.runs)]
            finally:
                converter.close()
        result["persistent_first_cpu_s"], result["persistent_first_wall_s"] = round(first[0], 2), round(first[1], 2)
        result["persistent_cpu_s"] = round(statistics.median(c for c, _, _ in warm), 2)
        result["persistent_wall_s"] = round(statistics.median(w for _, w, _ in warm), 2)
        result["same_size"] = len(first[2]) == len(oneshot[0][2])
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdnn.config.settings")
    sys.exit(main())
