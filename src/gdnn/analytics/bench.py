"""`gdnn bench analytics [--scale small|national] [--json]` — the analytics benchmark.

Measures in one run, on the same data: full rebuild; approval → visible latency; p50/p95 of "all
targets of one provincial plan with status and projection"; the national roll-up of all indicators
for one period; and as baselines the same roll-up as a GROUP BY over the raw data-value table in
the database and as a raw DuckDB scan of the Parquet files; peak RSS. The national scale needs
PostgreSQL: `scripts/with-postgres.sh .venv/bin/gdnn bench analytics --scale national --json`.

Every step of the rebuild is reported with its wall time (`*_s`) and the CPU time of this process
(`*_cpu_s`, all its threads; DuckDB's included); the export also with the CPU time the PostgreSQL
server processes spent (`export_pg_cpu_s`, read from /proc when the server runs on this machine).

Generating the national data takes minutes; to iterate on the rebuild alone, keep the cluster and
the store between runs and time the rebuild only:

    GDNN_PG_KEEP=/tmp/gdnn-bench-pg GDNN_DATA_DIR=/tmp/gdnn-bench-data scripts/with-postgres.sh \
        .venv/bin/gdnn bench analytics --scale national --json              # first run: generates
    GDNN_PG_KEEP=/tmp/gdnn-bench-pg GDNN_DATA_DIR=/tmp/gdnn-bench-data scripts/with-postgres.sh \
        .venv/bin/gdnn bench analytics --scale national --rebuild-only --json   # then: rebuild only

`--rebuild-only` reuses the values already in the database (generating them if there are none),
runs the full rebuild `--repeat` times and reports each run, the load average and the peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import sys
import time
from decimal import Decimal

from django.core.management import call_command
from django.db import connection

from gdnn.common.errors import DomainError

PLAN_QUERIES = 200
COLD_QUERIES = 20


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _setup(scale_name: str) -> tuple[object, int, float]:
    from gdnn.analytics.bench_data import SCALES, create_institutions, create_submissions, load_values
    from gdnn.collection.models import DataValue
    from gdnn.collection.services.datasets import dataset_sync
    from gdnn.indicators.services import indicator_catalog_sync
    from gdnn.orgunits.services import orgunits_load_vietnam
    from gdnn.plans.services import agency_register_sync, strategy_plans_load

    call_command("migrate", verbosity=0, interactive=False)
    orgunits_load_vietnam()
    indicator_catalog_sync()
    dataset_sync()
    agency_register_sync()
    strategy_plans_load()
    scale = SCALES[scale_name]
    started = time.perf_counter()
    institutions = create_institutions(scale)
    count = DataValue.objects.filter(org_unit__in=institutions[:1]).count()
    if count == 0:
        count = load_values(scale, create_submissions(scale, institutions))
    else:
        count = DataValue.objects.count()
    return scale, count, time.perf_counter() - started


def _bench_plan(province):
    """A provincial plan with the national strategy's targets and an admissions target."""
    from gdnn.indicators.models import Indicator
    from gdnn.plans.models import Plan, Target
    from gdnn.plans.selectors import plan_get

    Plan.objects.filter(doc_number="BENCH/KH-UBND").delete()
    national = plan_get(ref="2239/QĐ-TTg")
    plan = Plan.objects.create(doc_number="BENCH/KH-UBND", issuer="UBND tỉnh (benchmark)", issuer_key="bench",
                               level="province", org_unit=province, status=Plan.Status.PUBLISHED)
    for order, t in enumerate(national.targets.all()):
        Target.objects.create(plan=plan, order=order, indicator=t.indicator, year=t.year, comparator=t.comparator,
                              value_min=t.value_min, value_max=t.value_max, unit=t.unit, org_unit=province)
    Target.objects.create(plan=plan, order=99, indicator=Indicator.objects.get(code="GDNN.ADMISSIONS"), year=2030,
                          comparator="ge", value_min=Decimal(100000), unit="persons", org_unit=province)
    return plan


def _approve_new_submission(institution) -> object:
    """A new half-year report of one institution: values written, submitted, then approved by the
    collection service; returns the submission."""
    from gdnn.collection.models import DataSet, DataValue, Submission
    from gdnn.collection.services.workflow import submission_approve
    from gdnn.indicators.models import DataElement

    data_set = DataSet.objects.get(code="INST_SEMIANNUAL")
    period = "2026S2"
    DataValue.objects.filter(submission__org_unit=institution, submission__period=period).delete()  # a kept database
    Submission.objects.filter(org_unit=institution, period=period).delete()
    submission = Submission.objects.create(data_set=data_set, org_unit=institution, period=period,
                                           state=Submission.State.SUBMITTED)
    element = DataElement.objects.get(code="ADMISSIONS")
    DataValue.objects.create(data_element=element, org_unit=institution, period=period, submission=submission,
                             disaggregation="disability:no|ethnicity:kinh|sex:female|training_level:college",
                             value=Decimal(777))
    return submission_approve(submission=submission, by=None)


def run(scale_name: str) -> dict:
    from gdnn.analytics.engine import reader
    from gdnn.analytics.progress import targets_progress
    from gdnn.analytics.selectors import national_rollup
    from gdnn.analytics.services import analytics_rebuild, analytics_refresh
    from gdnn.analytics.store import read_manifest, store_root
    from gdnn.orgunits.models import OrgUnit

    if scale_name == "national" and connection.vendor != "postgresql":
        raise DomainError("national scale needs PostgreSQL: scripts/with-postgres.sh .venv/bin/gdnn bench analytics "
                          "--scale national --json")
    scale, values, generate_s = _setup(scale_name)
    rebuild = analytics_rebuild()
    manifest = read_manifest()
    institution = OrgUnit.objects.filter(code__startswith="BENCH-").select_related("parent").first()
    province = OrgUnit.objects.get(pk=int(institution.path.strip("/").split("/")[0]))
    plan = _bench_plan(province)
    as_of = dt.date(2026, 11, 22)
    targets_progress(plan=plan, as_of=as_of)  # warm the reader
    timings = []
    for _ in range(PLAN_QUERIES):
        t0 = time.perf_counter()
        targets_progress(plan=plan, as_of=as_of)
        timings.append(time.perf_counter() - t0)
    cold, cold_cpu = [], []  # the same query with no result kept (what a new snapshot's first view pays)
    for _ in range(COLD_QUERIES):
        reader().forget()
        t0, c0 = time.perf_counter(), time.process_time()
        targets_progress(plan=plan, as_of=as_of)
        cold.append(time.perf_counter() - t0)
        cold_cpu.append(time.process_time() - c0)
    admissions = next(r for r in targets_progress(plan=plan, as_of=as_of) if r.target.order == 99)
    before = dict(admissions.series)
    t_approve = time.perf_counter()
    _approve_new_submission(institution)
    visible_s = None
    while time.perf_counter() - t_approve < 30:
        analytics_refresh()  # what the worker's store thread does (it polls every 0.5 s)
        row = next(r for r in targets_progress(plan=plan, as_of=as_of) if r.target.order == 99)
        if dict(row.series).get("2026") != before.get("2026"):
            visible_s = time.perf_counter() - t_approve
            break
    period = "2025"
    t0 = time.perf_counter()
    rollup = national_rollup(period=period)
    national_s = time.perf_counter() - t0
    files = [str(store_root() / f) for f in read_manifest().base_files if "year=2025" in f]
    con = reader().con
    t0 = time.perf_counter()
    con.execute("SELECT cur_province_id, element_id, disagg_id, SUM(value * share) FROM read_parquet(?) "
                "GROUP BY ALL", [files]).fetchall()
    scan_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        path_root = ("split_part(u.path, '/', 2)" if connection.vendor == "postgresql"
                     else "substr(u.path, 2, instr(substr(u.path, 2), '/') - 1)")
        cursor.execute(f"""
            SELECT {path_root} AS province, dv.data_element_id, dv.disaggregation, SUM(dv.value)
            FROM collection_datavalue dv
            JOIN collection_submission s ON s.id = dv.submission_id AND s.state = 'approved'
            JOIN orgunits_orgunit u ON u.id = dv.org_unit_id
            WHERE dv.period IN ('2025', '2025S1', '2025S2')
            GROUP BY 1, 2, 3""")
        cursor.fetchall()
    postgres_s = time.perf_counter() - t0
    timings.sort()
    return {
        "scale": scale.name,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
                   f"{platform.python_version()}, {connection.vendor}",
        "data_values": values,
        "fact_rows": rebuild.rows,
        "generate_and_load_s": round(generate_s, 2),
        "full_rebuild_s": round(rebuild.seconds, 2),
        "full_rebuild_phases_s": rebuild.timings,
        "approval_visible_s": round(visible_s, 3) if visible_s is not None else None,
        "plan_targets": plan.targets.count(),
        "plan_query_p50_ms": _ms(statistics.median(timings)),
        "plan_query_p95_ms": _ms(timings[int(len(timings) * 0.95) - 1]),
        "plan_query_cold_p50_ms": _ms(statistics.median(cold)),
        "plan_query_cold_cpu_p50_ms": _ms(statistics.median(cold_cpu)),
        "national_rollup_s": round(national_s, 3),
        "national_rollup_values": sum(1 for v in rollup.values() if v is not None),
        "duckdb_scan_s": round(scan_s, 3),
        "postgres_rollup_s" if connection.vendor == "postgresql" else "sqlite_rollup_s": round(postgres_s, 3),
        "rollup_vs_scan": round(national_s / scan_s, 2) if scan_s else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "store_files": 1 + len(manifest.deltas),
    }


def run_rebuild_only(scale_name: str, repeat: int) -> dict:
    from gdnn.analytics.services import analytics_rebuild

    if scale_name == "national" and connection.vendor != "postgresql":
        raise DomainError("national scale needs PostgreSQL: scripts/with-postgres.sh .venv/bin/gdnn bench analytics "
                          "--scale national --rebuild-only --json")
    scale, values, generate_s = _setup(scale_name)
    runs = []
    for _ in range(repeat):
        load = os.getloadavg()[0]
        cpu0 = time.process_time()
        result = analytics_rebuild()
        runs.append({"full_rebuild_s": round(result.seconds, 2),
                     "full_rebuild_cpu_s": round(time.process_time() - cpu0, 2),
                     "load_avg_1m_before": round(load, 2), "phases": result.timings})
    return {
        "scale": scale.name, "data_values": values, "fact_rows": result.rows,
        "generate_and_load_s": round(generate_s, 2), "runs": runs,
        "load_avg_1m_after": round(os.getloadavg()[0], 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="gdnn bench analytics", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["small", "medium", "national"], default="small")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--rebuild-only", action="store_true",
                        help="time the full rebuild alone, on the values already in the database")
    parser.add_argument("--repeat", type=int, default=1, help="rebuilds to run with --rebuild-only")
    args = parser.parse_args(argv)
    result = run_rebuild_only(args.scale, max(1, args.repeat)) if args.rebuild_only else run(args.scale)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")
    sys.stdout.flush()
    return 0
