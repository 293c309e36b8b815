"""When the background worker was last seen alive: the one place `gdnn check` asks.

ASSUMPTION until the jobs worker (`gdnn worker`) lands: the worker touches the file
GDNN_WORKER_HEARTBEAT_FILE (default GDNN_DATA_DIR/worker.heartbeat) at least every
WORKER_BEAT_SECONDS, and its modification time is the heartbeat. If the worker records its
heartbeat elsewhere (e.g. a database row), change only `worker_last_seen` below.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.conf import settings

WORKER_BEAT_SECONDS = 30
# Three missed beats and the worker is taken for dead.
WORKER_STALE_SECONDS = 3 * WORKER_BEAT_SECONDS


def heartbeat_file() -> Path:
    configured = getattr(settings, "GDNN_WORKER_HEARTBEAT_FILE", "") or os.environ.get("GDNN_WORKER_HEARTBEAT_FILE")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "worker.heartbeat"


def worker_last_seen() -> dt.datetime | None:
    """The time of the worker's last heartbeat (aware, UTC), or None if no worker ever ran here."""
    try:
        mtime = heartbeat_file().stat().st_mtime
    except OSError:
        return None
    return dt.datetime.fromtimestamp(mtime, tz=dt.UTC)


def worker_beat() -> None:
    """Record a heartbeat now (for the worker loop to call)."""
    path = heartbeat_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    os.utime(path)
