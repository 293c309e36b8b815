"""`gdnn worker`: one process that runs the queued tasks (django-tasks-db's worker loop) and, beside
it in a thread, stamps the heartbeat and publishes the analytics store from the outbox.

The store thread is why an approval shows on every web server within about a second even while
the task loop renders a 10-second PDF: it polls the outbox (one indexed query), and a failed
write (a full disk, an unwritable folder) is logged and retried with a back-off while readers keep
the last published store.

With `processes` > 1 the worker starts that many task loops in all: this process (with the store
thread) and `processes - 1` child processes running only the task loop (`gdnn worker --tasks-only`),
so several reports render side by side; django-tasks-db hands each queued task to one loop only.

The task loops run at a lower CPU priority (nice `GDNN_WORKER_NICE`, default 10) than the web
server and the store thread: a page asked while reports render is served first, and the reports
take the CPU the pages leave. On Linux the nice value belongs to a thread and what it starts, so
the store thread is started before the loop lowers its own; child loops and LibreOffice inherit it
(see `tasks_nice` for sessions and systemd).
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from django.db import close_old_connections, connection

logger = logging.getLogger("gdnn.worker")
HEARTBEAT_NAME = "worker"
HEARTBEAT_SECONDS = 5.0
PRUNE_SECONDS = 3600.0  # finished jobs past GDNN_JOB_KEEP_DAYS are deleted once an hour


@dataclass
class StoreState:
    poll: float
    delay: float = 0.0
    last_beat: float = float("-inf")
    last_prune: float = float("-inf")
    failures: int = 0


def store_tick(state: StoreState, *, heartbeat: bool = True) -> float:
    """One turn of the store thread: stamp the heartbeat when due, take the outbox into the store.
    Returns the seconds to wait before the next turn (doubling up to a minute while writes fail)."""
    from gdnn.analytics.services import analytics_refresh
    from gdnn.jobs.services import worker_heartbeat_beat

    now = time.monotonic()
    try:
        if heartbeat and now - state.last_beat >= HEARTBEAT_SECONDS:
            worker_heartbeat_beat(name=HEARTBEAT_NAME)
            state.last_beat = now
        analytics_refresh()
        state.delay, state.failures = state.poll, 0
    except Exception:  # keep serving the last store; try again later
        state.failures += 1
        state.delay = min(max(state.delay, state.poll) * 2, 60.0)
        logger.exception("analytics refresh failed (%d in a row); retrying in %.1f s", state.failures, state.delay)
    if heartbeat and now - state.last_prune >= PRUNE_SECONDS:
        _prune(state, now)
    return state.delay


def _prune(state: StoreState, now: float) -> None:
    """The hourly clean-up of finished jobs (the parent worker only: it also stamps the heartbeat)."""
    from gdnn.jobs.services import jobs_prune

    state.last_prune = now
    try:
        if pruned := jobs_prune():
            logger.info("deleted %d finished jobs past their keeping time", pruned)
    except Exception:
        logger.exception("could not delete old jobs; trying again in an hour")


def store_loop(*, stop: threading.Event, poll: float, heartbeat: bool = True) -> None:
    state = StoreState(poll=poll)
    try:
        while not stop.is_set():
            close_old_connections()
            stop.wait(store_tick(state, heartbeat=heartbeat))
    finally:
        connection.close()


def tasks_nice() -> int:
    """Lower this thread's CPU priority to GDNN_WORKER_NICE (never raise it); returns the nice value.

    Linux's autogroups share the CPU fairly between sessions before nice values count, so a worker
    started in a session of its own (`setsid`, a supervisor) also lowers its session's group: else
    its reports would still take half the CPU from a web server in another session. Under systemd,
    the unit's CPUWeight does this between services."""
    from django.conf import settings

    wanted = min(max(int(settings.GDNN_WORKER_NICE), 0), 19)
    current = os.getpriority(os.PRIO_PROCESS, 0)
    if wanted > current:
        os.setpriority(os.PRIO_PROCESS, 0, wanted)
    if os.getsid(0) == os.getpid():
        _autogroup_nice(wanted)
    return max(wanted, current)


def _autogroup_nice(value: int) -> None:
    """Set this session's autogroup nice when it is lower (best effort: no autogroups, no change)."""
    path = "/proc/self/autogroup"
    try:
        with open(path) as handle:  # "/autogroup-123 nice 0"
            current = int(handle.read().split()[-1])
        if value > current:
            with open(path, "w") as handle:
                handle.write(str(value))
    except (OSError, ValueError, IndexError):
        pass


def worker_run(*, interval: float = 1.0, poll: float = 0.5, batch: bool = False, store: bool = True,
               processes: int = 1) -> int:
    """Run until stopped (SIGTERM/SIGINT); with `batch`, until the queue is empty."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker_id = f"{socket.gethostname()}:{os.getpid()}"[:64]
    stop = threading.Event()
    thread = None
    if store:
        thread = threading.Thread(target=store_loop, kwargs={"stop": stop, "poll": poll}, name="gdnn-store",
                                  daemon=True)
        thread.start()
    tasks_nice()
    command = [sys.executable, "-m", "gdnn.cli", "worker", "--tasks-only", "--interval", str(interval)]
    children = [subprocess.Popen(command + (["--batch"] if batch else [])) for _ in range(max(processes, 1) - 1)]
    worker = Worker(queue_names=["default"], interval=interval, batch=batch, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id=worker_id, excluded_queue_names=[])
    logging.getLogger("django_tasks_db").setLevel(logging.INFO)
    if not batch:
        worker.configure_signals()
        from gdnn.reports.pdf import converter_warm

        # LibreOffice and the report code start beside the queue, not in front of the first PDF.
        threading.Thread(target=converter_warm, name="gdnn-pdf-warm", daemon=True).start()
    try:
        worker.run()
    finally:
        from gdnn.reports.pdf import converter_shutdown

        converter_shutdown()  # this loop's LibreOffice, if a PDF started one: none is left running
        stop.set()
        if thread is not None:
            thread.join(timeout=30)
        _children_stop(children, batch=batch)
    return 0


def _children_stop(children: list[subprocess.Popen], *, batch: bool) -> None:
    """Let the child loops finish (a batch) or stop after their current task (SIGTERM), then reap them."""
    for child in children:
        if not batch and child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=None if batch else 120)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
