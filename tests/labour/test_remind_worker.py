"""A real `gdnn worker` process sends the reminders an officer queued from the wave page
(PostgreSQL only: the worker opens the test database; scripts/with-postgres.sh)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gdnn.jobs.models import Job
from gdnn.labour.models import Link
from gdnn.labour.services.waves import employer_wave_create
from tests.jobs.processes import gdnn_process, job_wait, needs_postgres
from tests.labour.helpers import closes, world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_process_sends_the_reminders_the_page_queued(client, settings, tmp_path, monkeypatch):
    needs_postgres()
    settings.DATA_DIR = tmp_path
    monkeypatch.setenv("EMAIL_URL", "console://")  # the worker's mail goes to its log
    w = world(enterprises=12)
    wave = employer_wave_create(province=w["province"], title="Khảo sát nhắc qua worker", reference_year=2026,
                                sample_size=6, closes_on=closes(), by=w["officer"], seed=2)
    links = list(wave.links.select_related("enterprise").order_by("pk"))
    Link.objects.filter(pk=links[0].pk).update(answered_at=timezone.now())  # answered: no reminder
    client.force_login(w["officer"])
    response = client.post(f"/labour/waves/{wave.pk}/remind/")
    job = Job.objects.get(kind="labour_remind")
    assert response["Location"] == f"/jobs/{job.pk}/" and job.status == Job.Status.QUEUED
    log = tmp_path / "worker.log"
    with gdnn_process(["worker", "--interval", "0.2"], tmp_path, log):
        job_wait(job)
    assert job.status == Job.Status.DONE, (job.message, log.read_text()[-3000:])
    assert job.message == f"Đã gửi {len(links) - 1} thư nhắc."
    assert [link.reminders for link in Link.objects.filter(wave=wave).order_by("pk")] == [0] + [1] * (len(links) - 1)
    text = log.read_text()
    assert all(f"To: {link.enterprise.email}" in text for link in links[1:])
    assert f"To: {links[0].enterprise.email}" not in text
