"""Survey waves: an employer wave draws a stratified sample from the register and gives every
sampled enterprise a personal link; a tracer wave gives every graduate of the chosen institutions
and cohort a link. Links expire when the wave closes and can be revoked; reminders go by e-mail.

Only a token's SHA-256 is stored. The full link exists at issue time only: wave creation (the
tokens are on `wave.issued`), a resend (`link_reissue`) and a reminder, which both issue a new
token and so invalidate the old one.

Sample design (stored on the wave and its strata): strata are VSIC section × size; the sample size
is allocated in proportion to the register count N_h (at least 2 where the stratum has 2), and
units are drawn by simple random sampling without replacement inside each stratum, with a
recorded random seed so the draw can be repeated.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import secrets
import smtplib
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from gdnn.accounts.models import User
from gdnn.common.errors import DomainError
from gdnn.common.mail import mail_send
from gdnn.labour.estimators import proportional_allocation
from gdnn.labour.models import Enterprise, Graduate, Link, Stratum, Wave, token_hash
from gdnn.labour.permissions import ensure_province_writer, ensure_wave_owner
from gdnn.orgunits.models import OrgUnit

logger = logging.getLogger(__name__)
TOKEN_BYTES = 32  # 256 bits: unguessable
REMIND_EVERY_DAYS = 3


def _expiry(closes_on: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(closes_on, dt.time(23, 59, 59)))


def _token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def _issue(links: list[Link]) -> dict[int, str]:
    """Give each (saved) link a new token; the clear tokens by link pk."""
    issued = {}
    for link in links:
        token = _token()
        link.token_hash = token_hash(token)
        issued[link.pk] = token
    Link.objects.bulk_update(links, ["token_hash"])
    return issued


def _create_links(wave: Wave, links: list[Link]) -> None:
    tokens = [_token() for _ in links]
    for link, token in zip(links, tokens, strict=True):
        link.token_hash = token_hash(token)
    Link.objects.bulk_create(links)  # sets the pks (PostgreSQL and SQLite return them)
    wave.issued = {link.pk: token for link, token in zip(links, tokens, strict=True)}


@transaction.atomic
def employer_wave_create(*, province: OrgUnit, title: str, reference_year: int, sample_size: int,
                         closes_on: dt.date, by: User | None, seed: int | None = None) -> Wave:
    ensure_province_writer(user=by, province=province)
    if closes_on < timezone.localdate():
        raise DomainError(gettext("Ngày kết thúc khảo sát đã qua."))
    register = list(Enterprise.objects.filter(province=province).select_related("industry").order_by("pk"))
    if not register:
        raise DomainError(gettext("%(province)s chưa có danh sách doanh nghiệp; hãy nhập danh sách trước.")
                          % {"province": province.name})
    if sample_size < 2:
        raise DomainError(gettext("Cỡ mẫu phải từ 2 doanh nghiệp trở lên."))
    groups: dict[tuple[int, str], list[Enterprise]] = defaultdict(list)
    for e in register:
        groups[(e.industry_id, e.size)].append(e)
    allocation = proportional_allocation({k: len(v) for k, v in groups.items()}, sample_size)
    seed = secrets.randbelow(2**31) if seed is None else seed
    rng = random.Random(seed)
    wave = Wave.objects.create(
        kind=Wave.Kind.EMPLOYER, province=province, title=title, reference_year=reference_year,
        closes_on=closes_on, created_by=by,
        design={"method": "stratified SRSWOR", "strata": "VSIC section × size", "allocation": "proportional",
                "minimum_per_stratum": 2, "seed": seed, "requested": sample_size,
                "drawn": sum(allocation.values()), "register_size": len(register)})
    expires = _expiry(closes_on)
    links = []
    for (industry_id, size), members in sorted(groups.items()):
        n = allocation[(industry_id, size)]
        stratum = Stratum.objects.create(wave=wave, industry_id=industry_id, size=size, population=len(members),
                                         sample=n)
        for enterprise in rng.sample(members, n):
            links.append(Link(wave=wave, enterprise=enterprise, stratum=stratum, expires_at=expires))
    _create_links(wave, links)
    return wave


@transaction.atomic
def tracer_wave_create(*, province: OrgUnit, title: str, cohort_year: int, months_after: int,
                       institutions: list[OrgUnit], closes_on: dt.date, by: User | None) -> Wave:
    ensure_province_writer(user=by, province=province)
    if months_after not in (6, 12):
        raise DomainError(gettext("Khảo sát người tốt nghiệp thực hiện sau 6 hoặc 12 tháng."))
    if closes_on < timezone.localdate():
        raise DomainError(gettext("Ngày kết thúc khảo sát đã qua."))
    for institution in institutions:
        if not institution.path.startswith(province.path):
            raise DomainError(gettext("%(institution)s không thuộc %(province)s.")
                              % {"institution": institution.name, "province": province.name})
    graduates = list(Graduate.objects.filter(institution__in=institutions, graduated_on__year=cohort_year))
    if not graduates:
        raise DomainError(gettext("Chưa có người tốt nghiệp năm %(year)s của các cơ sở đã chọn.") % {"year": cohort_year})
    wave = Wave.objects.create(
        kind=Wave.Kind.TRACER, province=province, title=title, reference_year=cohort_year,
        months_after=months_after, closes_on=closes_on, created_by=by,
        design={"method": "census of listed graduates", "institutions": [i.code for i in institutions],
                "cohort": cohort_year, "months_after": months_after})
    expires = _expiry(closes_on)
    _create_links(wave, [Link(wave=wave, graduate=g, expires_at=expires) for g in graduates])
    return wave


@transaction.atomic
def link_revoke(*, link: Link, by: User | None) -> Link:
    if by is not None:
        ensure_wave_owner(user=by, wave=link.wave)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def link_url(token: str) -> str:
    """The full personal link for a clear token (known only when it is issued)."""
    return f"{settings.GDNN_BASE_URL.rstrip('/')}{reverse('labour-answer', args=[token])}"


def _usable(link: Link) -> None:
    if link.revoked_at is not None:
        raise DomainError(gettext("Đường dẫn này đã bị thu hồi; không cấp lại được."))
    if link.expires_at <= timezone.now():
        raise DomainError(gettext("Cuộc khảo sát đã kết thúc; không cấp lại đường dẫn được."))


@transaction.atomic
def link_reissue(*, link: Link, by: User | None, send: bool = True) -> str:
    """Resend: a new token for the link (the old link stops working at once); e-mailed to the
    respondent when `send` and an address is known. The new clear token, to show once."""
    if by is not None:
        ensure_wave_owner(user=by, wave=link.wave)
    link = Link.objects.select_for_update(of=("self",)).select_related("wave", "enterprise", "graduate").get(pk=link.pk)
    _usable(link)
    token = _issue([link])[link.pk]
    if send:
        _mail(link, token, reminder=False)
    return token


@transaction.atomic
def link_reopen(*, link: Link, by: User | None) -> Link:
    """Let the respondent edit a submitted answer again (through their current link)."""
    if by is not None:
        ensure_wave_owner(user=by, wave=link.wave)
    link = Link.objects.select_for_update(of=("self",)).select_related("wave").get(pk=link.pk)
    _usable(link)
    if link.answered_at is not None:
        link.answered_at = None
        link.save(update_fields=["answered_at"])
    return link


def _mail(link: Link, token: str, *, reminder: bool) -> bool:
    who = link.enterprise or link.graduate
    address = getattr(who, "email", "")
    if not address:
        return False
    wave = link.wave
    try:
        mail_send(to=address, subject=f"{'Nhắc trả lời' if reminder else 'Đường dẫn khảo sát'}: {wave.title}",
                  body=f"Kính gửi {who},\n\nXin mời trả lời phiếu khảo sát “{wave.title}” tại địa chỉ riêng dưới "
                  f"đây (hết hạn ngày {wave.closes_on:%d/%m/%Y}):\n{link_url(token)}\n\n"
                  "Phần đã lưu tạm vẫn được giữ. Đường dẫn gửi trước đây không còn dùng được.\n\nXin cảm ơn.")
    except (OSError, smtplib.SMTPException) as exc:
        # The caller's transaction rolls the new token back: the link that was not sent stays as it was.
        raise DomainError(gettext("Không gửi được thư đến %(address)s: máy chủ thư không nhận (%(error)s). "
                                  "Hãy thử lại sau hoặc báo quản trị hệ thống.")
                          % {"address": address, "error": exc.__class__.__name__}) from exc
    return True


def wave_remind(*, wave: Wave, by: User | None, min_days: int = REMIND_EVERY_DAYS,
                failed: list[str] | None = None) -> int:
    """E-mail every respondent who has not submitted (link open, address known) and was not reminded
    in the last `min_days` days (a second click sends nothing twice); the count sent. Each reminder
    carries a new link and is committed with it, one by one: a mail server failing half-way leaves
    the links already sent valid and the others unchanged (they go out on the next run). `failed`
    collects the addresses the mail server refused."""
    if by is not None:
        ensure_wave_owner(user=by, wave=wave)
    now = timezone.now()
    due = (Link.objects.filter(wave=wave, answered_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)
           .exclude(last_reminded_at__gt=now - dt.timedelta(days=min_days)))
    sent = 0
    for pk in list(due.order_by("pk").values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                # Locked and checked again: a concurrent run (the page's job and `gdnn remind`) sends it once.
                link = due.select_for_update(of=("self",)).select_related("wave", "enterprise", "graduate") \
                    .filter(pk=pk).first()
                if link is None or not getattr(link.enterprise or link.graduate, "email", ""):
                    continue
                token = _issue([link])[link.pk]  # the stored hash cannot give the old link back
                _mail(link, token, reminder=True)
                link.reminders += 1
                link.last_reminded_at = now
                link.save(update_fields=["reminders", "last_reminded_at"])
                sent += 1
        except DomainError:
            logger.warning("labour reminder not sent for link %s", pk, exc_info=True)
            if failed is not None:
                failed.append(str(pk))
    return sent

def waves_remind_all(*, on: dt.date | None = None) -> int:
    """`gdnn remind`: every wave still open gets its reminders (each respondent at most once in
    `REMIND_EVERY_DAYS` days, never through a revoked or expired link); the count sent."""
    on = on or timezone.localdate()
    return sum(wave_remind(wave=wave, by=None) for wave in Wave.objects.filter(closes_on__gte=on).order_by("pk"))
