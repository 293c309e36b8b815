"""`gdnn bench export [--scale medium] [--values 2000000] [--format csv|xlsx|parquet|adx|dxf2] [--json]`

Streams a whole-dataset export of about `--values` data values of the analytics benchmark's
synthetic data (gdnn.analytics.bench_data: the national shape — institutions by occupation × level
× sex × ethnicity × disability, communes, provinces — at the chosen scale) and reports the export
process's peak RSS. The data is generated and loaded first (PostgreSQL: COPY); the export then runs
in a fresh child process, exactly as the worker runs an export job (dataset_export_run, or the
streamed ADX/DXF2 writer), so its peak RSS is the export's alone. Needs PostgreSQL:

    scripts/with-postgres.sh .venv/bin/gdnn bench export --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time

from django.db import connection

from gdnn.common.errors import DomainError

FORMATS = ("csv", "xlsx", "parquet", "adx", "dxf2")


def _periods_for(target: int) -> tuple[str, str, int]:
    """From the first half-year on, the shortest range of periods whose values reach `target`
    (ranges end on a half-year or a year: 2021S1, 2021, 2022S1, …)."""
    from gdnn.collection.periods import period_parse
    from gdnn.exchange.selectors import periods_between

    with connection.cursor() as cursor:
        cursor.execute("SELECT period, count(*) FROM collection_datavalue GROUP BY period")
        counts = dict(cursor.fetchall())
    years = sorted({int(p[:4]) for p in counts})
    first = period_parse(f"{years[0]}S1")
    total = 0
    for year in years:
        for end in (f"{year}S1", str(year)):
            total = sum(counts.get(p, 0) for p in periods_between(first, period_parse(end)))
            if total >= target:
                return first.code, end, total
    return first.code, str(years[-1]), total


def _bench_user():
    from gdnn.accounts.models import User

    user, _ = User.objects.get_or_create(username="bench-export", defaults={"is_superuser": True})
    return user


def _peak_mb() -> float:
    """This process's peak RSS since exec (VmHWM). ru_maxrss would also count the parent's size at
    fork time, which Linux carries over exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(fmt: str, start: str, end: str) -> dict:
    """Run one export in this (fresh) process; the figures as a dict."""
    from gdnn.jobs.models import Job

    user = _bench_user()
    rss_before = _peak_mb()
    started = time.perf_counter()
    if fmt in ("adx", "dxf2"):
        from gdnn.exchange.exports import exchange_export
        from gdnn.exchange.selectors import export_scope

        scope = export_scope(user=user, root=None, start=start, end=end)
        pieces, name, _ = exchange_export(user=user, scope=scope, fmt=fmt)
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"gdnn-bench-{os.getpid()}-{name}")
        size = 0
        with open(path, "w", encoding="utf-8") as fh:
            for piece in pieces:
                size += fh.write(piece)
        os.unlink(path)
        message = f"{size} characters"
    else:
        from gdnn.exchange.exports import dataset_export_run

        job = Job.objects.create(kind="dataset_export", title="bench", requested_by=user,
                                 params={"org_unit": None, "root": None, "start": start, "end": end,
                                         "data_set": None, "states": "approved", "format": fmt})
        job = dataset_export_run(job)
        message = job.message
    seconds = time.perf_counter() - started
    return {"format": fmt, "seconds": round(seconds, 1), "message": message,
            "rss_before_export_mb": round(rss_before, 1),
            "peak_rss_mb": round(_peak_mb(), 1)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="gdnn bench export", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", choices=["small", "medium", "national"], default="medium")
    parser.add_argument("--values", type=int, default=2_000_000)
    parser.add_argument("--format", default="csv", help="csv, xlsx, parquet, adx, dxf2, or several: csv,parquet")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("START", "END"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.format, *args.child)))
        return 0
    if connection.vendor != "postgresql":
        raise DomainError("gdnn bench export needs PostgreSQL: scripts/with-postgres.sh .venv/bin/gdnn bench export")
    from gdnn.analytics.bench import _setup

    _scale, total, generate_s = _setup(args.scale)
    start, end, values = _periods_for(args.values)
    connection.close()
    runs = []
    for fmt in args.format.split(","):
        if fmt not in FORMATS:
            raise DomainError(f"unknown format {fmt} (one of {', '.join(FORMATS)})")
        run = subprocess.run([sys.executable, "-m", "gdnn.cli", "bench", "export", "--format", fmt,
                              "--child", start, end], capture_output=True, text=True, check=False)
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            return run.returncode
        runs.append(json.loads(run.stdout.splitlines()[-1]))
    result = {"scale": args.scale, "values_in_database": total, "generate_and_load_s": round(generate_s, 1),
              "periods": f"{start}..{end}", "values_exported": values, "runs": runs,
              "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
                         f"{platform.python_version()}, {connection.vendor}"}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:24} {value}")
    return 0
