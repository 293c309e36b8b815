"""Real `gdnn worker` and `gdnn serve` processes on the test database (PostgreSQL: a second process
can open it, which an in-memory SQLite test database does not allow)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection


def needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("another process can open the test database only on PostgreSQL (scripts/with-postgres.sh)")


def process_env(data_dir: Path) -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {**os.environ, "DATABASE_URL": url, "GDNN_DATA_DIR": str(data_dir), "GDNN_SECURE": "0",
            "GDNN_PLAIN_STATIC": "1", "GDNN_CONN_MAX_AGE": "0"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gdnn_process(args: list[str], data_dir: Path, log: Path) -> Iterator[subprocess.Popen]:
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "gdnn.cli", *args], env=process_env(data_dir),
                                stdout=out, stderr=subprocess.STDOUT)
        try:
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def job_wait(job, timeout: float = 90) -> None:
    """Poll the job's row until it is no longer queued or running (or `timeout` seconds pass)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.active:
            return
        time.sleep(0.3)
