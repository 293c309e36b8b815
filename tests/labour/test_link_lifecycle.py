"""Hashed link tokens (resend invalidates the old link), drafts resumed through the same link,
the read-only thank-you summary after submission (until an owner reopens), and reminders as a
background job and as part of `gdnn remind`."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from django.utils import timezone

from gdnn.jobs.models import Job
from gdnn.labour.models import EmployerResponse, Link, token_hash
from gdnn.labour.services.waves import (
    employer_wave_create,
    link_reissue,
    link_revoke,
    wave_remind,
    waves_remind_all,
)
from tests.jobs.helpers import run_queued_jobs
from tests.labour.helpers import closes, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def wave():
    w = world()
    wave = employer_wave_create(province=w["province"], title="Khảo sát vòng đời", reference_year=2026,
                                sample_size=12, closes_on=closes(), by=w["officer"], seed=11)
    return wave, w


def _form(action, **fields):
    return {"staff_total": "", "occ-0": "", "staff-0": "", "hard-0": "", "hire1-0": "", "hire3-0": "",
            "skills": "", **fields, "action": action}


def test_the_database_holds_no_clear_token(wave):
    wave, _ = wave
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM labour_link")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert wave.issued and all(token not in stored for token in wave.issued.values())
    assert all(token_hash(token) in stored for token in wave.issued.values())
    assert {f.name for f in Link._meta.get_fields()} >= {"token_hash"} and not hasattr(Link, "token")


def test_a_resend_refuses_the_old_link_and_the_new_one_works(client, wave):
    wave, w = wave
    link = wave.links.select_related("enterprise").first()
    old = wave.issued[link.pk]
    assert client.get(f"/s/{old}/").status_code == 200
    client.force_login(w["officer"])
    response = client.post(f"/labour/waves/{wave.pk}/links/{link.pk}/reissue/")
    page = response.content.decode()
    assert response.status_code == 200 and "đường dẫn cũ không còn dùng được" in page
    new = page.split("/s/")[1].split("/")[0]
    assert new != old and Link.objects.get(pk=link.pk).token_hash == token_hash(new)
    assert [m.to for m in mail.outbox] == [[link.enterprise.email]] and f"/s/{new}/" in mail.outbox[0].body
    assert new not in client.get(f"/labour/waves/{wave.pk}/").content.decode()  # shown once only
    client.logout()
    refused = client.get(f"/s/{old}/")
    assert refused.status_code == 404 and "đường dẫn mới" in refused.content.decode()
    assert client.post(f"/s/{old}/", _form("submit", staff_total="3", willing="no")).status_code == 404
    assert client.get(f"/s/{new}/").status_code == 200
    response = client.post(f"/s/{new}/", _form("submit", staff_total="3", willing="no"))
    assert response.status_code == 200 and Link.objects.get(pk=link.pk).answered_at is not None
    link_revoke(link=link, by=w["officer"])
    with pytest.raises(Exception, match="thu hồi"):
        link_reissue(link=link, by=w["officer"])


def test_a_draft_is_resumed_through_the_same_link_then_submitted_read_only(client, wave):
    wave, w = wave
    link = wave.links.first()
    url = f"/s/{wave.issued[link.pk]}/"
    # A draft: incomplete (no answer on willingness), saved, not counted as an answer.
    response = client.post(url, _form("draft", staff_total="25", **{"occ-0": "6520227", "staff-0": "7"}))
    assert response.status_code == 200 and 'id="saved"' in response.content.decode()
    assert Link.objects.get(pk=link.pk).answered_at is None
    assert EmployerResponse.objects.get(link=link).willing_to_train == ""
    # Resumed later through the same link: what was saved is in the form.
    page = client.get(url).content.decode()
    assert 'id="draft"' in page and 'value="25"' in page and 'value="7"' in page
    assert 'name="action" value="submit"' in page
    # Submitting an incomplete answer is refused and keeps the draft.
    response = client.post(url, _form("submit", staff_total="25", **{"occ-0": "6520227", "staff-0": "7"}))
    assert response.status_code == 400 and "sẵn sàng phối hợp" in response.content.decode()
    assert Link.objects.get(pk=link.pk).answered_at is None
    response = client.post(url, _form("submit", staff_total="25", willing="maybe", skills="Hàn TIG",
                                      **{"occ-0": "6520227", "staff-0": "7", "hire1-0": "2"}))
    assert response.status_code == 200 and Link.objects.get(pk=link.pk).answered_at is not None
    # After submission: a read-only thank-you summary, no form, and a post changes nothing.
    page = client.get(url).content.decode()
    assert 'id="thanks"' in page and "Hàn TIG" in page and "Có thể" in page and "<form" not in page.split(
        'id="thanks"')[1]
    response = client.post(url, _form("submit", staff_total="99", willing="no"))
    assert response.status_code == 409 and "đã được gửi" in response.content.decode()
    assert EmployerResponse.objects.get(link=link).staff_total == 25
    # The owner reopens: the same link edits again.
    client.force_login(w["officer"])
    client.post(f"/labour/waves/{wave.pk}/links/{link.pk}/reopen/")
    client.logout()
    assert Link.objects.get(pk=link.pk).answered_at is None
    assert 'name="action" value="draft"' in client.get(url).content.decode()
    response = client.post(url, _form("submit", staff_total="30", willing="yes"))
    assert response.status_code == 200 and EmployerResponse.objects.get(link=link).staff_total == 30


def test_reminders_are_a_job_the_worker_runs(client, wave, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.DATA_DIR = tmp_path
    wave, w = wave
    answered = wave.links.first()
    client.post(f"/s/{wave.issued[answered.pk]}/", _form("submit", staff_total="3", willing="no"))
    client.force_login(w["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/labour/waves/{wave.pk}/remind/")
    job = Job.objects.get(kind="labour_remind")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == Job.Status.QUEUED and not mail.outbox  # nothing sent by the click itself
    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.message == "Đã gửi 11 thư nhắc."
    assert len(mail.outbox) == 11 and all(answered.stratum.wave.title in m.subject for m in mail.outbox)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Đã gửi 11 thư nhắc." in page and "/download/" not in page
    # A second click within three days sends nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/labour/waves/{wave.pk}/remind/")
    assert run_queued_jobs() == 1
    assert Job.objects.filter(kind="labour_remind").first().message == "Đã gửi 0 thư nhắc." and len(mail.outbox) == 11
    # Someone outside the wave's owners cannot queue it.
    client.force_login(w["viewer"])
    assert client.post(f"/labour/waves/{wave.pk}/remind/").status_code == 403


def test_gdnn_remind_reminds_open_waves_every_three_days(wave, capsys):
    from gdnn.cli import cmd_remind

    wave, w = wave
    links = list(wave.links.order_by("pk"))
    link_revoke(link=links[0], by=w["officer"])
    Link.objects.filter(pk=links[1].pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert cmd_remind(type("A", (), {"on": timezone.localdate()})(), []) == 0
    assert "Khảo sát lao động: đã gửi 10 thư nhắc" in capsys.readouterr().out
    reminded = {m.to[0] for m in mail.outbox}
    assert links[0].enterprise.email not in reminded and links[1].enterprise.email not in reminded
    assert waves_remind_all() == 0  # not again within three days
    Link.objects.filter(wave=wave).update(last_reminded_at=timezone.now() - dt.timedelta(days=3, minutes=1))
    assert waves_remind_all() == 10
    assert waves_remind_all(on=closes() + dt.timedelta(days=1)) == 0  # a closed wave is left alone


def test_the_data_migration_hashes_the_tokens_already_sent(client, wave):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("gdnn.labour.migrations.0002_link_token_hash_and_drafts")
    wave, _ = wave
    link = wave.links.first()
    clear = "a" * 43  # a link sent before the migration held its token in clear
    Link.objects.filter(pk=link.pk).update(token_hash=clear)
    migration.hash_tokens(apps, None)
    assert Link.objects.get(pk=link.pk).token_hash == token_hash(clear)
    assert not Link.objects.filter(token_hash=clear).exists()
    assert client.get(f"/s/{clear}/").status_code == 200  # the link already sent keeps working


class RefusesOneAddress(locmem.EmailBackend):
    """A mail server that refuses one address (a mail test double: the only kind allowed)."""

    address = ""

    def send_messages(self, messages):
        if any(self.address in m.to for m in messages):
            raise smtplib.SMTPRecipientsRefused({self.address: (550, b"no such user")})
        return super().send_messages(messages)


def test_a_reminder_the_mail_server_refuses_leaves_that_link_as_it_was(client, wave, settings, monkeypatch):
    wave, w = wave
    refused = wave.links.select_related("enterprise").order_by("pk")[3]
    monkeypatch.setattr(RefusesOneAddress, "address", refused.enterprise.email)
    default_mailers = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": "tests.labour.test_link_lifecycle.RefusesOneAddress"}}
    assert wave_remind(wave=wave, by=w["officer"]) == 11 == len(mail.outbox)
    refused.refresh_from_db()
    assert refused.token_hash == token_hash(wave.issued[refused.pk]) and refused.reminders == 0
    assert client.get(f"/s/{wave.issued[refused.pk]}/").status_code == 200  # its link still works
    others = Link.objects.filter(wave=wave).exclude(pk=refused.pk)
    assert all(link.token_hash != token_hash(wave.issued[link.pk]) and link.reminders == 1 for link in others)
    settings.MAILERS = default_mailers
    assert wave_remind(wave=wave, by=w["officer"]) == 1  # it goes out on the next run


class RefusesEveryAddress(locmem.EmailBackend):
    """A mail server that is down for every address."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("connection refused")


def test_a_reminder_job_the_mail_server_refuses_entirely_fails_and_says_so(wave, settings, monkeypatch):
    """Every address refused: the job fails with a message saying so (it used to be "done: 0 sent"),
    in the language of the page that asked, and its page leads back to the wave."""
    from django.utils import translation

    from gdnn.jobs.models import Job
    from gdnn.labour.jobs import wave_remind_job_request, wave_remind_task

    wave, w = wave
    settings.MAILERS = {"default": {"BACKEND": "tests.labour.test_link_lifecycle.RefusesEveryAddress"}}
    with translation.override("en"):
        job = wave_remind_job_request(user=w["officer"], wave=wave)
    wave_remind_task.call(job.pk)
    job = Job.objects.get(pk=job.pk)
    assert job.status == Job.Status.FAILED and job.title.startswith("Reminders: ")
    assert job.message.startswith("No reminder was sent: the mail server refused all 12 addresses.")
    assert job.params["back"] == f"/labour/waves/{wave.pk}/"
    assert not Link.objects.filter(wave=wave, reminders__gt=0).exists()  # every link as it was
    settings.MAILERS = {"default": {"BACKEND": "tests.labour.test_link_lifecycle.RefusesOneAddress"}}
    monkeypatch.setattr(RefusesOneAddress, "address",
                        wave.links.select_related("enterprise").order_by("pk")[0].enterprise.email)
    again = wave_remind_job_request(user=w["officer"], wave=wave)
    wave_remind_task.call(again.pk)
    again = Job.objects.get(pk=again.pk)
    assert again.status == Job.Status.DONE
    assert again.message == "Đã gửi 11 thư nhắc. 1 thư không gửi được (máy chủ thư không nhận); sẽ gửi lại ở lần nhắc sau."
