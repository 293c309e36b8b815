"""`gdnn worker --processes 2`: two task loops (the worker and one child) share the queue, each job
is run by exactly one of them, and stopping the worker stops the child."""

from __future__ import annotations

import time

import pytest

from gdnn.jobs.models import Job
from tests.factories import PASSWORD
from tests.jobs.processes import gdnn_process
from tests.jobs.test_worker_process import YEAR, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_task_loops_share_the_queue_and_stop_together(client, world):  # noqa: F811
    from django_tasks_db.models import DBTaskResult

    assert client.login(username="tinh", password=PASSWORD)
    log = world["dir"] / "worker.log"
    with gdnn_process(["worker", "--interval", "0.2", "--processes", "2"], world["dir"], log) as proc:
        deadline = time.monotonic() + 90
        while log.read_text().count("Starting worker") < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert log.read_text().count("Starting worker") == 2, log.read_text()[-3000:]
        jobs = []
        for _ in range(4):
            response = client.post("/reports/", {"plan": world["plan"].pk, "org_unit": "20", "period": YEAR,
                                                 "format": "docx"})
            jobs.append(int(response["Location"].split("job=")[1].split("&")[0]))
        while time.monotonic() < deadline and Job.objects.filter(pk__in=jobs, status__in=[
                Job.Status.QUEUED, Job.Status.RUNNING]).exists():
            time.sleep(0.3)
        assert set(Job.objects.filter(pk__in=jobs).values_list("status", flat=True)) == {Job.Status.DONE}
        runs = [r.worker_ids for r in DBTaskResult.objects.all()]
        assert all(len(ids) == 1 for ids in runs)  # each job run once
        workers = {ids[0] for ids in runs}
        assert len(workers) == 2, (workers, log.read_text()[-3000:])
        assert f":{proc.pid}" in " ".join(workers)  # the parent is one of the two loops
        child_pid = int(next(w for w in workers if not w.endswith(f":{proc.pid}")).rsplit(":", 1)[1])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{child_pid}/stat") as stat:
                if stat.read().split()[2] == "Z":
                    break
        except FileNotFoundError:
            break
        time.sleep(0.2)
    else:
        raise AssertionError(f"the child task loop {child_pid} outlived the worker")
