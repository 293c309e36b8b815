"""Issue 14 item 2: approvals that commit out of id order while the worker refreshes and readers
read. 20 commune reports × 4 rounds of submit → approve → reopen on PostgreSQL, approvals from 4
threads that hold their transaction open a random while after the outbox row is written, a real
`gdnn worker` process, 4 readers: after every round the store equals the database."""

from __future__ import annotations

import random
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from gdnn.orgunits.models import OrgUnit
from tests.factories import unit_ensure
from tests.jobs.processes import gdnn_process, needs_postgres

pytestmark = pytest.mark.django_db(transaction=True)
REPORTS, ROUNDS, WRITERS, READERS = 20, 4, 4, 4


def _in_threads(func, items, threads: int) -> list[BaseException]:
    errors: list[BaseException] = []
    chunks = [items[i::threads] for i in range(threads)]

    def run(chunk):
        try:
            for item in chunk:
                func(item)
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(c,)) for c in chunks]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return errors


def _wait_published(timeout: float = 60) -> None:
    from gdnn.collection.services.outbox import submission_changes_pending_exist

    deadline = time.monotonic() + timeout
    while submission_changes_pending_exist():
        assert time.monotonic() < deadline, "the worker did not take in the outbox"
        time.sleep(0.1)


def test_the_store_equals_the_database_after_every_round(settings, tmp_path):
    needs_postgres()
    from gdnn.analytics.selectors import element_value
    from gdnn.analytics.services import analytics_rebuild
    from gdnn.analytics.verify import analytics_verify
    from gdnn.collection.models import DataSet, DataValue, Submission
    from gdnn.collection.periods import period_for_date
    from gdnn.collection.services.datasets import dataset_sync
    from gdnn.collection.services.workflow import submission_approve, submission_reopen, submission_submit
    from gdnn.indicators.models import DataElement

    settings.DATA_DIR, settings.GDNN_ANALYTICS_DIR = tmp_path, ""
    dataset_sync()
    province = unit_ensure(code="20", name="Tỉnh Lạng Sơn", level=OrgUnit.Level.PROVINCE)
    communes = [unit_ensure(code=f"99{i:03d}", name=f"Xã thử {i}", level=OrgUnit.Level.COMMUNE, parent=province)
                for i in range(REPORTS)]
    period = period_for_date(timezone.localdate(), "annual").code
    data_set = DataSet.objects.get(code="COMMUNE_ANNUAL")
    elements = {e.code: e for e in DataElement.objects.all()}
    submissions = []
    for i, commune in enumerate(communes):
        s = Submission.objects.create(data_set=data_set, org_unit=commune, period=period)
        DataValue.objects.bulk_create([
            DataValue(data_element=elements[code], org_unit=commune, period=period, submission=s,
                      disaggregation="ethnicity:kinh|sex:male", value=Decimal(v + i))
            for code, v in (("LABOUR_FORCE", 1000), ("WORKERS_TRAINED", 600), ("WORKERS_TRAINED_CERT", 372))])
        submissions.append(s)
    analytics_rebuild()
    labour = elements["LABOUR_FORCE"]
    expected_total = sum(1000 + i for i in range(REPORTS))

    def approve_late(s):
        with transaction.atomic():
            submission_approve(submission=s, by=None)
            time.sleep(random.uniform(0, 0.15))  # commit after others with higher outbox ids

    def reopen_late(s):
        with transaction.atomic():
            submission_reopen(submission=s, by=None)
            time.sleep(random.uniform(0, 0.15))

    stop, read_errors, reads = threading.Event(), [], [0]

    def read():
        try:
            while not stop.is_set():
                element_value(element=labour, unit=province, period=period)
                reads[0] += 1
        except BaseException as exc:
            read_errors.append(exc)
        finally:
            connection.close()

    readers = [threading.Thread(target=read) for _ in range(READERS)]
    with gdnn_process(["worker", "--poll", "0.05"], tmp_path, tmp_path / "worker.log"):
        for r in readers:
            r.start()
        try:
            for round_no in range(ROUNDS):
                assert not _in_threads(lambda s: submission_submit(submission=s, by=None, comment="thử"),
                                       submissions, WRITERS)
                assert not _in_threads(approve_late, submissions, WRITERS)
                _wait_published()
                result = analytics_verify()
                assert result.equal and result.submissions_store == REPORTS, (round_no, result.differences)
                assert element_value(element=labour, unit=province, period=period) == expected_total
                assert not _in_threads(reopen_late, submissions, WRITERS)
                _wait_published()
                result = analytics_verify()
                assert result.equal and result.submissions_store == 0, (round_no, result.differences)
                # "no data" (None), or 0 once a compaction put the values in the province cube and
                # deltas took them out again
                assert not element_value(element=labour, unit=province, period=period)
        finally:
            stop.set()
            for r in readers:
                r.join()
    assert not read_errors, read_errors[:3]
    assert reads[0] > 0
