"""A/B probe on the analytics bench data: CPU and wall time of targets_progress on the bench's
provincial plan (BENCH/KH-UBND), cold (no kept results) and warm, SQL queries per call, and with -v a
cProfile of a cold call. Run in the session that ran the bench, e.g.

    scripts/with-postgres.sh bash -c '.venv/bin/gdnn bench analytics --scale medium --json;
        .venv/bin/python bench/progress_probe.py new 8 -v'

and, for the code of another commit, with PYTHONPATH pointing at that commit's `src` (the first
argument is only a label)."""
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdnn.config.settings")
import django

django.setup()
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from gdnn.analytics import engine  # noqa: E402
from gdnn.analytics.progress import targets_progress  # noqa: E402
from gdnn.plans.models import Plan  # noqa: E402

label = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10
plan = Plan.objects.get(doc_number="BENCH/KH-UBND")
as_of = dt.date(2026, 11, 22)

def forget():
    r = engine.reader()
    if hasattr(r, "forget"):
        r.forget()

def timed(cold):
    cpu, wall = [], []
    for _ in range(n):
        if cold:
            forget()
        c0, w0 = time.process_time(), time.perf_counter()
        targets_progress(plan=plan, as_of=as_of)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    cpu.sort()
    wall.sort()
    return round(cpu[len(cpu)//2], 1), round(wall[len(wall)//2], 1)

targets_progress(plan=plan, as_of=as_of)  # open the reader
with CaptureQueriesContext(connection) as ctx:
    first = targets_progress(plan=plan, as_of=as_of)
cold = timed(True)
warm = timed(False)
forget()
prof = cProfile.Profile()
prof.enable()
targets_progress(plan=plan, as_of=as_of)
prof.disable()
out = io.StringIO()
pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(18)
print(json.dumps({"code": label, "targets": len(first), "sql_queries": len(ctx.captured_queries),
                  "cold_cpu_ms_median": cold[0], "cold_wall_ms_median": cold[1],
                  "warm_cpu_ms_median": warm[0], "warm_wall_ms_median": warm[1],
                  "figures": sum(len(i.points) for i in first), "load": os.getloadavg()[0]}))
if "-v" in sys.argv:
    print(out.getvalue())
