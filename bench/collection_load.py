"""Load run for data collection: N institutions save and submit their form at the same time.

    scripts/with-postgres.sh .venv/bin/python bench/collection_load.py [--institutions 200] [--workers 4]

Against the PostgreSQL of DATABASE_URL (a throwaway cluster from scripts/with-postgres.sh), the
script migrates, creates one province, one commune and N institutions with a reporter each, starts
`gdnn serve` (gunicorn, gthread) on a free loopback port, and runs one thread per institution with
its own HTTP session: log in, open the form, save CELLS cells (one of them twice), submit. Then it
checks from the database that no update was lost (every value, audit row and event is there, every
form is submitted) and that no request failed or deadlocked, and prints one JSON object with the
submit and save latencies (ms). Not part of the test suite; bounded by --timeout.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "mat-khau-tai-thu-42"
CELLS = [("ENROLMENT", f"disability:no|ethnicity:{e}|sex:{s}|training_level:{lvl}")
         for lvl in ("college", "intermediate") for s in ("male", "female") for e in ("kinh", "minority")]
CELLS += [("MANAGERS", ""), ("TEACHERS", "sex:female")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup_world(n: int):
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from gdnn.accounts.models import Role, User
    from gdnn.accounts.services import user_create
    from gdnn.collection.periods import period_for_date
    from gdnn.collection.services.datasets import dataset_sync
    from gdnn.indicators.services import indicator_catalog_sync
    from gdnn.orgunits.models import Institution, OrgUnit
    from gdnn.orgunits.services import institution_create

    call_command("migrate", verbosity=0, interactive=False)
    indicator_catalog_sync()
    dataset_sync()

    def unit(code, name, level, parent=None):
        existing = OrgUnit.objects.filter(code=code, level=level).first()
        if existing:
            return existing
        u = OrgUnit.objects.create(code=code, name=name, level=level, parent=parent)
        u.path, u.depth = f"{parent.path if parent else '/'}{u.pk}/", (parent.depth + 1 if parent else 0)
        u.save(update_fields=["path", "depth"])
        return u

    province = unit("99", "Tỉnh Thử tải", OrgUnit.Level.PROVINCE)
    commune = unit("99001", "Xã Thử tải", OrgUnit.Level.COMMUNE, province)
    codes = []
    for i in range(n):
        code = f"CS-LOAD-{i:04d}"
        school = OrgUnit.objects.filter(code=code).first() or institution_create(
            code=code, name=f"Trường thử tải {i}", commune=commune, institution_type=Institution.Type.CENTRE,
            ownership=Institution.Ownership.PUBLIC)
        if not User.objects.filter(username=f"load{i}").exists():
            user_create(username=f"load{i}", password=PASSWORD, role=Role.INSTITUTION_REPORTER, org_unit=school)
        codes.append(code)
    return codes, period_for_date(timezone.localdate(), "semiannual").code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a 302 is the answer we time, not the page after it
        return None


class Session:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=120) as r:
            return r.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        req = urllib.request.Request(self.base + path, data=body, headers={"X-CSRFToken": self.csrf()})
        try:
            with self.opener.open(req, timeout=120) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()


def one_institution(base: str, i: int, code: str, period: str, start: threading.Barrier) -> dict:
    s = Session(base)
    s.get("/login/")
    status, _ = s.post("/login/", {"username": f"load{i}", "password": PASSWORD})
    if status != 302:
        return {"saves": [], "submit": 0.0, "errors": [f"login load{i}: {status}"]}
    form = f"/data/INST_SEMIANNUAL/{code}/{period}/"
    s.get(form)
    start.wait()
    saves, errors = [], []
    for n, (element, key) in enumerate([*CELLS, CELLS[0]]):
        value = str(100 + i) if n == len(CELLS) else str(n + 1)  # the first cell is saved twice
        t0 = time.perf_counter()
        status, text = s.post(form + "cell/", {"element": element, "key": key, "value": value})
        saves.append((time.perf_counter() - t0) * 1000)
        if status != 200 or '"ok": true' not in text.replace('"ok":true', '"ok": true'):
            errors.append(f"save {code} {element}: {status} {text[:200]}")
    t0 = time.perf_counter()
    status, text = s.post(form + "transition/", {"action": "submit", "comment": ""})
    submit_ms = (time.perf_counter() - t0) * 1000
    if status != 302:
        errors.append(f"submit {code}: {status} {re.sub(r'\s+', ' ', text)[:300]}")
    return {"saves": saves, "submit": submit_ms, "errors": errors}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--institutions", type=int, default=200)
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--timeout", type=int, default=600, help="seconds before the run is abandoned")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Chạy qua scripts/with-postgres.sh (cần DATABASE_URL PostgreSQL).", file=sys.stderr)
        return 2
    os.environ.update({"DJANGO_SETTINGS_MODULE": "gdnn.config.settings", "GDNN_SECURE": "0", "GDNN_PLAIN_STATIC": "1",
                       "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-collection-load-not-secret"),
                       "GDNN_LOGIN_MAX_FAILURES": "1000"})
    work = Path(tempfile.mkdtemp(prefix="gdnn-bench-"))
    os.environ.setdefault("GDNN_DATA_DIR", str(work))
    t_setup = time.perf_counter()
    codes, period = setup_world(args.institutions)
    setup_s = time.perf_counter() - t_setup
    port = free_port()
    log_path = work / "server.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [sys.executable, "-c", "from gdnn.web.server import serve; import django; django.setup(); "
         f"serve(host='127.0.0.1', port={port}, workers={args.workers})"],
        stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        start = threading.Barrier(len(codes), timeout=args.timeout)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(codes)) as pool:
            futures = [pool.submit(one_institution, base, i, code, period, start) for i, code in enumerate(codes)]
            results = [f.result(timeout=args.timeout) for f in futures]
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    from gdnn.collection.models import DataValue, DataValueAudit, Submission, SubmissionEvent

    scope = {"org_unit__code__in": codes, "period": period}
    values = dict(DataValue.objects.filter(**scope, data_element__code=CELLS[0][0], disaggregation=CELLS[0][1])
                  .values_list("org_unit__code", "value"))
    lost = sum(1 for i, code in enumerate(codes) if values.get(code) != 100 + i)
    expected_values = len(codes) * len(CELLS)
    server_log = log_path.read_text(errors="replace")
    server_ms = {kind: [float(m.group(1)) for m in re.finditer(rf'"POST /data/\S+/{kind}/ \S+" \d+ \S+ (\d+)ms',
                                                             server_log)] for kind in ("cell", "transition")}
    errors = [e for r in results for e in r["errors"]]
    report = {
        "institutions": len(codes), "server_workers": args.workers, "server_threads_per_worker": 4,
        "submit_p50_ms": percentile([r["submit"] for r in results], 50),
        "submit_p95_ms": percentile([r["submit"] for r in results], 95),
        "save_p50_ms": percentile([s for r in results for s in r["saves"]], 50),
        "save_p95_ms": percentile([s for r in results for s in r["saves"]], 95),
        "save_mean_ms": round(statistics.fmean(s for r in results for s in r["saves"]), 1),
        "server_submit_p50_ms": percentile(server_ms["transition"], 50) if server_ms["transition"] else None,
        "server_submit_p95_ms": percentile(server_ms["transition"], 95) if server_ms["transition"] else None,
        "server_save_p50_ms": percentile(server_ms["cell"], 50) if server_ms["cell"] else None,
        "server_save_p95_ms": percentile(server_ms["cell"], 95) if server_ms["cell"] else None,
        "wall_s": round(wall, 2), "setup_s": round(setup_s, 2),
        "data_values": DataValue.objects.filter(**scope).count(), "data_values_expected": expected_values,
        "audit_rows": DataValueAudit.objects.filter(submission__org_unit__code__in=codes,
                                                    submission__period=period).count(),
        "audit_rows_expected": len(codes) * (len(CELLS) + 1),
        "submitted": Submission.objects.filter(**scope, state="submitted").count(),
        "submit_events": SubmissionEvent.objects.filter(submission__org_unit__code__in=codes,
                                                        submission__period=period, to_state="submitted").count(),
        "lost_updates": lost, "request_errors": len(errors), "deadlocks": server_log.count("deadlock detected"),
        "first_errors": errors[:3],
        "machine": f"{platform.machine()} {os.cpu_count()} CPU, {platform.python_implementation()} "
                   f"{platform.python_version()}, {platform.platform(terse=True)}",
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    shutil.rmtree(work, ignore_errors=True)
    ok = (not lost and not errors and not report["deadlocks"] and report["submitted"] == len(codes)
          and report["data_values"] == expected_values and report["audit_rows"] == report["audit_rows_expected"])
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
