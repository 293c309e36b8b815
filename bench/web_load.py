"""Bounded load run on loopback: N concurrent users on a plan's progress page (the plan overview),
optionally while M PDF reports are rendered by a worker.

Usage: .venv/bin/python bench/web_load.py [--users 20] [--requests 25] [--pdfs 0] [--data-dir .gdnn] [--port 8765]

Starts `gdnn serve` on 127.0.0.1 against an existing demo data dir (run `gdnn demo --no-serve`
first), logs in one session per user as the demo province officer, and has every user fetch the
progress page of plan 141/KH-UBND a fixed number of times. With --pdfs M, a `gdnn worker` runs beside
the server and M PDF reports of that plan are requested through the report page at the start;
each one's time until its download is ready is reported. Prints JSON with the server time p50/p95
(from GDNN's request log line) and the client-side latency. Traffic goes to 127.0.0.1 only, and the
run is bounded in requests and time.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GDNN = ROOT / ".venv" / "bin" / "gdnn"


def _session(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password}).encode()
    request = urllib.request.Request(f"{base}/login/", data=data, headers={"Referer": f"{base}/login/"})
    opener.open(request, timeout=30).read()
    return opener


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=25, help="requests per user")
    parser.add_argument("--data-dir", default=os.environ.get("GDNN_DATA_DIR", str(ROOT / ".gdnn")))
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pdfs", type=int, default=0, help="PDF reports rendered by a worker during the run")
    args = parser.parse_args()
    env = {**os.environ, "GDNN_DATA_DIR": args.data_dir, "GDNN_SECURE": "0"}
    # A known password for the demo province officer, set through Django's own API.
    password = "tai-khoan-tai-thu-nghiem-2026"
    subprocess.run([str(GDNN), "manage", "shell", "-c",
                    "from gdnn.accounts.models import User; u=User.objects.get(username='tinh.langson'); "
                    f"u.set_password('{password}'); u.save()"], env=env, check=True)
    plan_id = subprocess.run([str(GDNN), "plan", "show", "141/KH-UBND", "--format", "json"], env=env, check=True,
                             capture_output=True, text=True)
    plan_id = json.loads(plan_id.stdout)["id"]
    log = Path(args.data_dir) / "web_load_access.log"
    log.unlink(missing_ok=True)
    server = subprocess.Popen([str(GDNN), "serve", "--port", str(args.port), "--workers", str(args.workers)], env=env,
                              stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    worker = None
    if args.pdfs:
        worker = subprocess.Popen([str(GDNN), "worker"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True)
    pdf_seconds: list[float] = []
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        url = f"{base}/dashboard/plans/{plan_id}/"
        sessions = [_session(base, "tinh.langson", password) for _ in range(args.users)]
        sessions[0].open(url, timeout=60).read()  # warm the analytics store
        latencies: list[float] = []
        errors = []
        lock = threading.Lock()

        def user(opener: urllib.request.OpenerDirector) -> None:
            for _ in range(args.requests):
                t0 = time.perf_counter()
                try:
                    body = opener.open(url, timeout=60).read()
                    ok = b"spark" in body or "Tiến độ".encode() in body
                except OSError as exc:
                    ok, body = False, str(exc).encode()
                with lock:
                    latencies.append(time.perf_counter() - t0)
                    if not ok:
                        errors.append(body[:200])

        def pdf(opener: urllib.request.OpenerDirector, k: int) -> None:
            t0 = time.perf_counter()
            page = opener.open(f"{base}/reports/?plan={plan_id}", timeout=60).read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "plan": plan_id, "org_unit": "",
                                           "period": str(2021 + k % 5), "format": "pdf"}).encode()
            request = urllib.request.Request(f"{base}/reports/", data=data, headers={"Referer": f"{base}/reports/"})
            final = opener.open(request, timeout=60).geturl()
            job = re.search(r"job=(\d+)", final)
            if not job:
                with lock:
                    errors.append(f"pdf {k}: no job ({final})".encode())
                return
            while time.perf_counter() - t0 < 300:
                status = opener.open(f"{base}/jobs/{job.group(1)}/status/", timeout=60).read().decode()
                if 'data-status="done"' in status or 'data-status="failed"' in status:
                    with lock:
                        if 'data-status="done"' in status:
                            pdf_seconds.append(time.perf_counter() - t0)
                        else:
                            errors.append(f"pdf {k}: failed".encode())
                    return
                time.sleep(0.5)
            with lock:
                errors.append(f"pdf {k}: not ready in 300 s".encode())

        started = time.perf_counter()
        threads = [threading.Thread(target=user, args=(s,)) for s in sessions]
        threads += [threading.Thread(target=pdf, args=(_session(base, "tinh.langson", password), k))
                    for k in range(args.pdfs)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        wall = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if worker is not None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
    server_ms = [int(m.group(1)) for m in re.finditer(rf'"GET /dashboard/plans/{plan_id}/" 200 (\d+)ms',
                                                         log.read_text())]
    server_ms = server_ms[1:]  # the warm-up request
    server_ms.sort()
    latencies.sort()
    print(json.dumps({
        "users": args.users, "requests": len(latencies), "errors": len(errors), "workers": args.workers,
        "wall_s": round(wall, 2), "throughput_rps": round(len(latencies) / wall, 1),
        "server_p50_ms": statistics.median(server_ms) if server_ms else None,
        "server_p95_ms": server_ms[int(len(server_ms) * 0.95) - 1] if server_ms else None,
        "client_p50_ms": round(statistics.median(latencies) * 1000, 1),
        "client_p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
        "pdfs": args.pdfs, "pdf_ready_s": sorted(round(x, 1) for x in pdf_seconds),
        "pdf_ready_max_s": round(max(pdf_seconds), 1) if pdf_seconds else None,
        "machine": f"{os.cpu_count()} cores",
    }))
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
