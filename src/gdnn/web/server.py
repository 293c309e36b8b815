"""`gdnn serve`: gunicorn in front of the WSGI app; WhiteNoise serves the static files."""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path
from typing import Any


def warm_up() -> None:
    """Load now what a worker's first requests would otherwise load in front of a user: every view
    module and URL pattern (~0.4 s) and every page template (~0.1 s). Reads no data."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018  (the property imports the views and compiles the patterns)
    for folder in Path(__file__).resolve().parents[1].glob("*/templates"):
        for template in sorted(folder.rglob("*.html")):
            get_template(template.relative_to(folder).as_posix())


def _warm_and_freeze(worker: Any) -> None:
    """Warm the worker up (`warm_up`), then move what it loaded (Django, the apps, the URL and
    template machinery) out of the garbage collector's reach: a full collection then scans only
    what requests create, instead of pausing a request for ~80 ms every few requests
    (docs/performance.md). A failed warm-up is logged; the first request loads what is missing."""
    try:
        warm_up()
    except Exception:
        logging.getLogger("gdnn.web").warning("could not warm the web worker up", exc_info=True)
    gc.freeze()


def serve(*, host: str, port: int, workers: int) -> int:
    from gunicorn.app.base import BaseApplication

    from gdnn.config.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": max(1, workers),
                # Threads share one interpreter lock: they help while a request waits on a remote
                # database, not with CPU-bound pages. GDNN_THREADS sets them (default 4).
                "threads": max(1, int(os.environ.get("GDNN_THREADS", "4"))),
                "worker_class": "gthread",
                "timeout": 120,
                # No access log here: GDNN logs each request itself ("gdnn.request"), with the
                # real client address behind a trusted proxy and the user.
                "accesslog": None,
                "post_worker_init": _warm_and_freeze,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    print(f"GDNN: http://{host}:{port}/  (Ctrl-C để dừng)", flush=True)
    Server().run()
    return 0
