"""`gdnn bench parse [--json]`: how fast the parser is and how its memory grows with the input.

Figures: parse of seed 000 (41 KB) after start-up (median of N runs), a ~5 MB synthetic plan built
from seed-like content, and peak traced memory for 1, 2.5 and 5 MB inputs (linear growth expected).
Seeds are the plans shipped in `gdnn.demo.seeds`.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable

from gdnn.demo.seeds import SEEDS_DIR, seed_paths
from gdnn.parsing.pipeline import parse_document, parse_text
from gdnn.parsing.samples import sample_text


def _seed_texts() -> list[tuple[str, str]]:
    files = list(seed_paths().values())
    if files:
        return [(p.name, p.read_text(encoding="utf-8")) for p in files]
    return [("sample_plan.txt", sample_text())]


def _shifter(shift: int) -> Callable[[re.Match[str]], str]:
    return lambda m: f"{(int(m.group(1)) + shift) % 100}%"


def synthetic(size_bytes: int, texts: list[str]) -> str:
    """A long plan: seed-like sections repeated with varied figures, years and numbering."""
    parts: list[str] = []
    total = 0
    i = 0
    while total < size_bytes:
        base = texts[i % len(texts)]
        shift = i % 7
        varied = re.sub(r"(?<![\d/.,])(\d{1,2})%", _shifter(shift), base)
        varied = varied.replace("năm 2025", f"năm {2025 + shift}")
        parts.append(varied)
        total += len(varied.encode("utf-8")) + 1
        i += 1
    return "\n".join(parts)


def _peak_mb(text: str) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    parse_text(text, filename="synthetic.txt")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (peak - base) / 1e6


def run(runs: int = 20) -> dict[str, float | str | int]:
    seeds = _seed_texts()
    first_name, _ = seeds[0]
    seed_path = SEEDS_DIR / first_name
    parse_text(seeds[0][1])  # start-up: imports, vocabulary and catalog caches
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        if seed_path.exists():
            parse_document(seed_path)
        else:
            parse_text(seeds[0][1])
        times.append((time.perf_counter() - t0) * 1000)
    texts = [t for _, t in seeds]
    big = synthetic(5_000_000, texts)
    t0 = time.perf_counter()
    draft = parse_text(big, filename="synthetic-5mb.txt")
    big_s = time.perf_counter() - t0
    mem = {label: _peak_mb(synthetic(size, texts)) for label, size in (("1mb", 1_000_000), ("2_5mb", 2_500_000), ("5mb", 5_000_000))}
    return {
        "input": first_name,
        "seed_000_ms": round(statistics.median(times), 2),
        "seed_000_runs": runs,
        "text_5mb_s": round(big_s, 3),
        "text_5mb_targets": len(draft.targets),
        "peak_mem_mb_1mb": round(mem["1mb"], 1),
        "peak_mem_mb_2_5mb": round(mem["2_5mb"], 1),
        "peak_mem_mb_5mb": round(mem["5mb"], 1),
        "peak_mem_mb_per_input_mb": round(mem["5mb"] / 5, 1),
        "peak_mem_growth_ratio_5mb_vs_1mb": round(mem["5mb"] / mem["1mb"], 2) if mem["1mb"] else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["parse"]:
        args_list = args_list[1:]
    parser = argparse.ArgumentParser(prog="gdnn bench parse", description="Benchmark the plan parser.")
    parser.add_argument("--json", action="store_true", help="print one JSON object (keys name figure and unit)")
    parser.add_argument("--runs", type=int, default=20, help="runs for the seed median (default 20)")
    args = parser.parse_args(args_list)
    result = run(args.runs)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:36} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
