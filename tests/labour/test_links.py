"""Personal links: answered without an account; revoked, expired and unknown links refused; a
respondent sees only their own answer; personal data only for the survey's owners."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from gdnn.common.mail import FOOTER, SUBJECT_PREFIX
from gdnn.labour.models import Link, TrainingOccupation, token_hash
from gdnn.labour.selectors import LinkRefused, wave_estimates, wave_progress
from gdnn.labour.services.answers import DemandInput, employer_answer
from gdnn.labour.services.waves import employer_wave_create, link_revoke, wave_remind
from tests.labour.helpers import closes, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def wave():
    w = world()
    wave = employer_wave_create(province=w["province"], title="Khảo sát thử", reference_year=2026, sample_size=12,
                                closes_on=closes(), by=w["officer"], seed=7)
    return wave, w


def _answer_form(occupation="6520227", staff="5", hire1="2", skills=""):
    return {"staff_total": "20", "occ-0": occupation, "staff-0": staff, "hard-0": "1", "hire1-0": hire1,
            "hire3-0": "4", "willing": "yes", "skills": skills}


def test_the_sample_is_stratified_and_its_design_stored(wave):
    wave, _ = wave
    strata = list(wave.strata.all())
    assert len(strata) == 6 and sum(s.population for s in strata) == 24
    assert sum(s.sample for s in strata) == 12 == wave.links.count()
    assert wave.design["seed"] == 7 and wave.design["allocation"] == "proportional"
    assert all(link.enterprise.industry_id == link.stratum.industry_id for link in wave.links.all())
    assert len(wave.issued) == 12 and all(len(token) >= 43 for token in wave.issued.values())
    assert {link.token_hash for link in wave.links.all()} == {token_hash(t) for t in wave.issued.values()}


def test_an_enterprise_answers_without_an_account_and_the_rate_moves(client, wave):
    wave, _ = wave
    link = wave.links.first()
    assert client.get(f"/s/{wave.issued[link.pk]}/").status_code == 200
    response = client.post(f"/s/{wave.issued[link.pk]}/", _answer_form())
    assert response.status_code == 200 and "Phiếu trả lời đã được gửi" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert wave_progress(wave=wave).answered == 1
    est = wave_estimates(wave=wave)
    stratum = link.stratum
    assert est.rows[0].hire_1y.total == pytest.approx(stratum.population * 2)
    assert est.willing["Có"].total == pytest.approx(stratum.population) and est.willing["Không"].total == 0


def test_a_revoked_link_is_refused(client, wave):
    wave, w = wave
    link = wave.links.first()
    link_revoke(link=link, by=w["officer"])
    response = client.get(f"/s/{wave.issued[link.pk]}/")
    assert response.status_code == 410 and "thu hồi" in response.content.decode()
    response = client.post(f"/s/{wave.issued[link.pk]}/", _answer_form())
    assert response.status_code == 410
    with pytest.raises(LinkRefused):
        employer_answer(token=wave.issued[link.pk], staff_total=1, willing_to_train="yes", lines=[])
    assert not Link.objects.get(pk=link.pk).answered_at


def test_an_expired_link_is_refused(client, wave):
    wave, _ = wave
    link = wave.links.first()
    Link.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.post(f"/s/{wave.issued[link.pk]}/", _answer_form())
    assert response.status_code == 410 and "hết hạn" in response.content.decode()
    assert not Link.objects.get(pk=link.pk).answered_at


def test_an_unknown_token_is_not_found(client, wave):
    assert client.get("/s/khong-co-that/").status_code == 404


def test_a_respondent_cannot_see_another_respondents_answers(client, wave):
    wave, _ = wave
    first, second = list(wave.links.select_related("enterprise"))[:2]
    client.post(f"/s/{wave.issued[first.pk]}/", _answer_form(skills="Bí mật của doanh nghiệp thứ nhất"))
    page = client.get(f"/s/{wave.issued[second.pk]}/").content.decode()
    assert "Bí mật của doanh nghiệp thứ nhất" not in page
    assert first.enterprise.name not in page and second.enterprise.name in page
    assert "Bí mật của doanh nghiệp thứ nhất" in client.get(f"/s/{wave.issued[first.pk]}/").content.decode()


def test_personal_data_is_shown_only_to_the_owners(client, wave):
    wave, w = wave
    link = wave.links.select_related("enterprise").first()
    client.post(f"/s/{wave.issued[link.pk]}/", _answer_form(skills="Thiếu thợ hàn bậc cao"))
    client.force_login(w["viewer"])
    page = client.get(f"/labour/waves/{wave.pk}/").content.decode()
    assert "Tỷ lệ trả lời" in page and "Cần tuyển 1 năm" in page  # the aggregates
    assert wave.issued[link.pk] not in page and link.enterprise.tax_code not in page
    assert "Thiếu thợ hàn bậc cao" not in page
    assert client.post(f"/labour/waves/{wave.pk}/links/{link.pk}/revoke/").status_code == 403
    client.force_login(w["officer"])
    page = client.get(f"/labour/waves/{wave.pk}/").content.decode()
    assert link.enterprise.tax_code in page and "Thiếu thợ hàn bậc cao" in page
    assert wave.issued[link.pk] not in page  # only the hash is stored: the link is shown when issued


def test_reminders_go_to_those_who_have_not_answered(wave):
    wave, w = wave
    first = wave.links.first()
    employer_answer(token=wave.issued[first.pk], staff_total=3, willing_to_train="no",
                    lines=[DemandInput(TrainingOccupation.objects.get(code="6520227"), 1, 0, 1, 1)])
    sent = wave_remind(wave=wave, by=w["officer"])
    assert sent == 11 == len(mail.outbox)
    # built as every GDNN e-mail is (gdnn.common.mail): prefix, sender, footer
    assert all(m.subject == f"{SUBJECT_PREFIX}Nhắc trả lời: {wave.title}" for m in mail.outbox)
    assert all(m.from_email == settings.DEFAULT_FROM_EMAIL and m.body.endswith(f"{FOOTER}\n") for m in mail.outbox)
    assert all(wave.issued[first.pk] not in m.body for m in mail.outbox)
    # Each reminder carries a new link (the stored hash cannot give the old one back) that works.
    second = Link.objects.get(pk=wave.links.all()[1].pk)
    body = next(m.body for m in mail.outbox if m.to == [second.enterprise.email])
    new_token = body.split("/s/")[1].split("/")[0]
    assert second.token_hash == token_hash(new_token) != token_hash(wave.issued[second.pk])
    assert Link.objects.filter(wave=wave, reminders=1).count() == 11
    assert wave_remind(wave=wave, by=w["officer"]) == 0  # not twice within three days
    Link.objects.filter(wave=wave).update(last_reminded_at=timezone.now() - dt.timedelta(days=4))
    assert wave_remind(wave=wave, by=w["officer"]) == 11
