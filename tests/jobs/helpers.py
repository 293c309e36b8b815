"""Run the queued jobs as `gdnn worker --batch` would, in this process."""

from __future__ import annotations


def run_queued_jobs() -> None:
    from gdnn.jobs.worker import worker_run

    worker_run(batch=True, store=False)
