"""`gdnn serve`: gunicorn in front of the WSGI app; WhiteNoise serves the static files."""

from __future__ import annotations

import gc
import os
from typing import Any


def _freeze_loaded_objects(worker: Any) -> None:
    """Move what the worker loaded (Django, the apps, the URL and template machinery) out of the
    garbage collector's reach: a full collection then scans only what requests create, instead of
    pausing a request for ~80 ms every few requests (docs/performance.md)."""
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
                "post_worker_init": _freeze_loaded_objects,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    print(f"GDNN: http://{host}:{port}/  (Ctrl-C để dừng)", flush=True)
    Server().run()
    return 0
