"""Run the queued jobs as `gdnn worker --batch` does, in this process and this test's transaction.

django-tasks-db's own loop closes "obsolete" connections between tasks, which on PostgreSQL would
close the test's transaction; so this takes the ready tasks one by one and hands each to the
library's `Worker.run_task`, as the loop does. Tests with a real worker process:
tests/jobs/test_worker_process.py.
"""

from __future__ import annotations


def run_queued_jobs() -> int:
    from django.db import transaction
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="test", excluded_queue_names=[])
    done = 0
    while True:
        with transaction.atomic():
            task = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if task is None:
                return done
            task.claim("test")
        worker.run_task(task)
        done += 1
