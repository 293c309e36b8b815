"""Bounded load run on loopback: N concurrent users on a plan's progress page (the plan overview) or
on every page of every demo role, optionally while M PDF reports are rendered by a worker.

Usage: .venv/bin/python bench/web_load.py [--users 20] [--requests 25] [--pages dashboard|all]
       [--roles admin,tinh.langson,...] [--max-pages 60] [--pdfs 0] [--worker-processes 1]
       [--think MIN,MAX] [--data-dir .gdnn] [--port 8765]

Starts `gdnn serve` on 127.0.0.1 against an existing demo data dir (run `gdnn demo --no-serve`
first). With `--pages dashboard` (the default) every user is the demo province officer and fetches
the progress page of plan 141/KH-UBND a fixed number of times. With `--pages all` each demo role in
`--roles` first walks the pages it reaches from the home page (bench/crawl.py: same-site GET links,
no downloads, logout or API, at most `--max-pages`), then the users are spread over the roles and
each fetches its role's pages in turn. With --pdfs M, a `gdnn worker` (with `--worker-processes`
task loops) runs beside the server and M PDF reports of that plan are requested through the report
page at the start; each one's time until its download is ready is reported. Prints JSON with the
server time p50/p95 overall and per page (from GDNN's request log line; the crawl and warm-up
requests are left out) and the client-side latency. Traffic goes to 127.0.0.1 only, and the run is
bounded in requests and time.

Think time: by default a user asks for its next page as soon as the last one arrived, so N users
are N requests always in flight (a stress run: on 2 cores a queue of 50 makes every request wait
for the ~49 before it, whatever the page costs). `--think 1,5` makes each user read a page for a
uniformly random 1 to 5 s before the next (starting at a random moment in the first 5 s), as a
person does: the usual meaning of "concurrent users" in load testing (Locust's `between(1, 5)`).
The client latency of the requests sent while PDFs were still pending is reported apart
(`during_pdfs`), since that is the load the PDFs compete with.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
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
ROLES = "admin,tinh.langson,xa.huulung,truong.langson,xem"
_LOG_LINE = re.compile(r'"GET (\S+)" (\d{3}) (\d+)ms user=(\S+)')
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _session(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password}).encode()
    request = urllib.request.Request(f"{base}/login/", data=data, headers={"Referer": f"{base}/login/"})
    opener.open(request, timeout=30).read()
    return opener


def _pct(values: list[int], q: float) -> int | None:
    """The q-quantile by the nearest rank (the value below which q of the values lie)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(int(len(ordered) * q + 0.999999) - 1, 0)]


def _crawl(base: str, opener: urllib.request.OpenerDirector, max_pages: int) -> list[str]:
    from crawl import crawl_links

    def fetch(path: str) -> tuple[int, str]:
        try:
            with opener.open(base + path, timeout=60) as answer:
                kind = answer.headers.get("Content-Type", "")
                return answer.status, answer.read().decode(errors="replace") if kind.startswith("text/html") else ""
        except urllib.error.HTTPError as exc:
            return exc.code, ""
        except OSError:
            return 0, ""

    return crawl_links(fetch, max_pages=max_pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=25, help="requests per user")
    parser.add_argument("--data-dir", default=os.environ.get("GDNN_DATA_DIR", str(ROOT / ".gdnn")))
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pdfs", type=int, default=0, help="PDF reports rendered by a worker during the run")
    parser.add_argument("--worker-processes", type=int, default=1, help="task loops of the worker (--processes)")
    parser.add_argument("--pages", choices=["dashboard", "all"], default="dashboard")
    parser.add_argument("--roles", default=ROLES, help="demo users whose pages are crawled (--pages all)")
    parser.add_argument("--max-pages", type=int, default=60, help="pages crawled per role (--pages all)")
    parser.add_argument("--think", default="0,0", help="seconds a user reads a page before the next: MIN,MAX")
    args = parser.parse_args()
    think_min, think_max = (float(x) for x in args.think.split(","))
    roles = args.roles.split(",") if args.pages == "all" else ["tinh.langson"]
    env = {**os.environ, "GDNN_DATA_DIR": args.data_dir, "GDNN_SECURE": "0"}
    # A known password for the demo province officer, set through Django's own API.
    password = "tai-khoan-tai-thu-nghiem-2026"
    subprocess.run([str(GDNN), "manage", "shell", "-c",
                    "from gdnn.accounts.models import User\n"
                    f"for u in User.objects.filter(username__in={sorted(set(roles) | {'tinh.langson'})!r}):\n"
                    f"    u.set_password('{password}'); u.save()"], env=env, check=True)
    plan_id = subprocess.run([str(GDNN), "plan", "show", "141/KH-UBND", "--format", "json"], env=env, check=True,
                             capture_output=True, text=True)
    plan_id = json.loads(plan_id.stdout)["id"]
    log = Path(args.data_dir) / "web_load_access.log"
    log.unlink(missing_ok=True)
    server = subprocess.Popen([str(GDNN), "serve", "--port", str(args.port), "--workers", str(args.workers)], env=env,
                              stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    worker = None
    if args.pdfs:
        extra = ["--processes", str(args.worker_processes)] if args.worker_processes > 1 else []
        worker = subprocess.Popen([str(GDNN), "worker", *extra], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True)
    pdf_seconds: list[float] = []
    pdf_ends: list[float] = []
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        pages: dict[str, list[str]] = {}
        for role in roles:
            if args.pages == "all":
                pages[role] = _crawl(base, _session(base, role, password), args.max_pages)
            else:
                pages[role] = [f"/dashboard/plans/{plan_id}/"]
            _session(base, role, password).open(base + pages[role][0], timeout=60).read()  # warm the store
        users = [(roles[k % len(roles)], _session(base, roles[k % len(roles)], password)) for k in range(args.users)]
        log_start = log.stat().st_size  # the crawl and warm-up requests are not measured
        sent: list[tuple[float, float]] = []  # (start, latency) of each request
        errors = []
        lock = threading.Lock()

        def user(k: int, role: str, opener: urllib.request.OpenerDirector) -> None:
            paths = pages[role]
            pace = random.Random(k)
            if think_max:
                time.sleep(pace.uniform(0, think_max))
            for i in range(args.requests):
                if i and think_max:
                    time.sleep(pace.uniform(think_min, think_max))
                path = paths[(k + i) % len(paths)]
                t0 = time.perf_counter()
                try:
                    with opener.open(base + path, timeout=60) as answer:
                        body, ok = answer.read(), answer.status == 200
                except OSError as exc:
                    ok, body = False, f"{path}: {exc}".encode()
                with lock:
                    sent.append((t0, time.perf_counter() - t0))
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
                            pdf_ends.append(time.perf_counter())
                        else:
                            errors.append(f"pdf {k}: failed".encode())
                    return
                time.sleep(0.5)
            with lock:
                errors.append(f"pdf {k}: not ready in 300 s".encode())

        started = time.perf_counter()
        threads = [threading.Thread(target=user, args=(k, role, s)) for k, (role, s) in enumerate(users)]
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
    with log.open("rb") as handle:
        handle.seek(log_start)
        measured = handle.read().decode(errors="replace")
    per_page: dict[str, list[int]] = {}
    wanted = {p for paths in pages.values() for p in paths}
    for m in _LOG_LINE.finditer(measured):
        if m.group(1) in wanted:
            per_page.setdefault(m.group(1), []).append(int(m.group(3)))
    server_ms = [ms for values in per_page.values() for ms in values]
    latencies = sorted(lat for _t0, lat in sent)
    window = sorted(lat for t0, lat in sent if pdf_ends and t0 < max(pdf_ends))
    slowest = sorted(per_page.items(), key=lambda kv: -(_pct(kv[1], 0.95) or 0))
    print(json.dumps({
        "users": args.users, "requests": len(latencies), "errors": len(errors), "workers": args.workers,
        "pages": sum(len(v) for v in pages.values()), "roles": roles,
        "wall_s": round(wall, 2), "throughput_rps": round(len(latencies) / wall, 1),
        "server_p50_ms": _pct(server_ms, 0.5), "server_p95_ms": _pct(server_ms, 0.95),
        "server_max_ms": max(server_ms) if server_ms else None,
        "client_p50_ms": round(statistics.median(latencies) * 1000, 1),
        "client_p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
        "pages_over_300ms_p95": sum(1 for _, v in slowest if (_pct(v, 0.95) or 0) > 300),
        "per_page": {path: {"n": len(v), "p50_ms": _pct(v, 0.5), "p95_ms": _pct(v, 0.95)} for path, v in slowest},
        "think_s": [think_min, think_max],
        "during_pdfs": window and {"requests": len(window), "client_p50_ms": round(statistics.median(window) * 1000, 1),
                                   "client_p95_ms": round(window[max(int(len(window) * 0.95) - 1, 0)] * 1000, 1)},
        "pdfs": args.pdfs, "worker_processes": args.worker_processes,
        "pdf_ready_s": sorted(round(x, 1) for x in pdf_seconds),
        "pdf_ready_max_s": round(max(pdf_seconds), 1) if pdf_seconds else None,
        "machine": f"{os.cpu_count()} cores", "load_average": [round(x, 2) for x in os.getloadavg()],
    }))
    for message in errors[:5]:
        print(message[:200], file=sys.stderr)
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
