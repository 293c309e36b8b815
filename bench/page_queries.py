"""Query count and in-process time of every page a demo role reaches from its menu and links.

Usage: GDNN_DATA_DIR=/tmp/gdemo .venv/bin/python bench/page_queries.py [--users tinh.langson,admin] [--max-pages 60]

Crawls, with Django's test client against an existing demo data dir (`gdnn demo --no-serve`), the
pages each user reaches from the home page (the same crawl as `bench/web_load.py --all-pages`), and
prints one JSON line per page: user, path, status, SQL queries, milliseconds of the last fetch and
the median CPU milliseconds of the `--repeat` fetches (this process's CPU, which includes SQLite and
DuckDB: the figure the machine's load hardly moves). A page whose query
count grows with the data is an N+1 to fix; the regression tests in tests/web/test_query_counts.py
hold the fixed ones. Reads only: it never follows a form or a link that changes data.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _fetch(client, username: str, repeat: int, path: str) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(path)
            ms, cpu_ms = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
        cpu.append(cpu_ms)
    html = response.get("Content-Type", "").startswith("text/html")
    print(json.dumps({"user": username, "path": path, "status": response.status_code,
                      "queries": len(ctx.captured_queries), "ms": round(ms, 1),
                      "cpu_ms_median": round(statistics.median(cpu), 1)}), flush=True)
    return response.status_code, response.content.decode(errors="replace") if html else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="admin,tinh.langson,xa.huulung,truong.langson,xem")
    parser.add_argument("--max-pages", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=1, help="fetch each page this many times (report the last)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdnn.config.settings")
    os.environ.setdefault("GDNN_SECURE", "0")
    import django

    django.setup()
    from crawl import crawl_links
    from django.test import Client

    from gdnn.accounts.models import User

    for username in args.users.split(","):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        crawl_links(functools.partial(_fetch, client, username, args.repeat), max_pages=args.max_pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
