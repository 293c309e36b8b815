"""SQL queries and CPU time of the analysis pages (the map of each era, the pivot by province).

Usage: GDNN_DATA_DIR=/tmp/gdemo .venv/bin/python bench/analysis_pages.py [--repeat 5] [--user admin]

Against an existing demo data dir (`gdnn demo --no-serve`), with Django's test client: for a rate
target of the national plan, the map of the current and of the pre-2025 provinces, and the pivot
of that indicator over the provinces; one JSON line per page with the queries and CPU milliseconds
of the first fetch (nothing kept yet) and the median CPU of the `--repeat` fetches after it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--user", default="admin")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdnn.config.settings")
    os.environ.setdefault("GDNN_SECURE", "0")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gdnn.accounts.models import User
    from gdnn.plans.models import Target

    target = (Target.objects.filter(plan__org_unit__isnull=True, unit="percent", indicator__isnull=False, year__isnull=False)
              .select_related("indicator").order_by("plan_id", "order", "pk").first())
    if target is None:
        print("no rate target with an indicator in a plan of the whole country", file=sys.stderr)
        return 1
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=args.user))
    base = f"/analysis/plans/{target.plan_id}/targets/{target.pk}/map/"
    pages = [base, base + "?era=old",
             f"/analysis/pivot/?indicator={target.indicator.code}&unit=VN&level=province&era=new"]
    for path in pages:
        cpu, queries, status = [], [], 0
        for _ in range(1 + args.repeat):
            with CaptureQueriesContext(connection) as ctx:
                c0 = time.process_time()
                status = client.get(path).status_code
                cpu.append((time.process_time() - c0) * 1000)
            queries.append(len(ctx.captured_queries))
        print(json.dumps({"path": path, "status": status, "queries_first": queries[0], "queries": queries[-1],
                          "cpu_ms_first": round(cpu[0], 1), "cpu_ms_median": round(statistics.median(cpu[1:]), 1),
                          "load": round(os.getloadavg()[0], 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
