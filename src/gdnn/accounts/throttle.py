"""Login throttling that slows guessing down but cannot be turned on a user.

Every login attempt is charged *before* the password is checked, under a row lock, to each key it
is subject to; only an attempt that every key allows gets a real password check. So forty
parallel guesses get exactly as many checks as the limit allows, on SQLite (write transactions
are serialised) and on PostgreSQL (SELECT … FOR UPDATE).

Keys and their rules:

- **account** (the username as typed): after GDNN_LOGIN_MAX_FAILURES failures, each further
  attempt waits a delay that doubles (GDNN_LOGIN_DELAY_SECONDS, 2×, 4×, …) up to
  GDNN_LOGIN_DELAY_MAX_SECONDS. A stranger can slow an account down, so:
- **device** (the account on a browser that has logged in to it before, proved by a signed
  cookie, or a browser that holds a session of that account): such an attempt is charged here
  instead of to the account and the address, so a stranger's guesses never delay the owner.
- **address** (the real client address, behind trusted proxies only): more room
  (GDNN_LOGIN_ADDRESS_MAX_FAILURES) and a short cap (GDNN_LOGIN_ADDRESS_DELAY_MAX_SECONDS). It holds
  back only attempts at accounts that already have failures: a first attempt at an account with
  a clean record is always checked, so failures at other accounts from a shared address (an
  office, a whole province behind one proxy) never stop anyone else.

A key's count is forgotten GDNN_LOGIN_WINDOW_SECONDS after its last failure; a successful login
clears its account and device keys and takes its own charge back from the address. An officer
sees the keys that hold someone back and clears them (views_throttle.py). There is no hard lock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext

from gdnn.accounts.models import LoginThrottle, User
from gdnn.common import events
from gdnn.common.errors import PermissionDenied

Kind = LoginThrottle.Kind
DEVICE_COOKIE = "gdnn_device"
DEVICE_SALT = "gdnn.accounts.device"
DEVICE_MAX_AGE = 180 * 24 * 3600
DEVICE_MAX_ACCOUNTS = 8  # accounts remembered per browser


@dataclasses.dataclass(frozen=True)
class Attempt:
    """Who tries to log in, from where, and which accounts this browser has logged in to before."""

    username: str
    address: str | None
    device: str | None = None  # the browser's device id, if its cookie names this account

    @property
    def account(self) -> str:
        return self.username.casefold()[:150]

    def throttle_keys(self) -> list[tuple[str, str]]:
        if self.device:
            return [(Kind.DEVICE, f"{self.device}:{self.account}")]
        keys = [(Kind.ACCOUNT, self.account)]
        if self.address:
            keys.append((Kind.ADDRESS, self.address))
        return sorted(keys)  # one lock order for everyone: no deadlock between two attempts


@dataclasses.dataclass(frozen=True)
class Verdict:
    allowed: bool
    wait_seconds: int = 0


# --- the device cookie -------------------------------------------------------------------------

def device_read(cookie: str | None) -> tuple[str, list[str]]:
    """The browser's device id and the accounts it has logged in to (a fresh id if none or forged)."""
    try:
        data = signing.loads(cookie or "", salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
        return str(data["d"]), [str(u) for u in data["u"]][:DEVICE_MAX_ACCOUNTS]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return secrets.token_urlsafe(12), []


def device_cookie_after_login(*, cookie: str | None, username: str) -> str:
    """The cookie value to set after a successful login: this account first, then the others."""
    device, accounts = device_read(cookie)
    account = username.casefold()[:150]
    accounts = [account, *[a for a in accounts if a != account]][:DEVICE_MAX_ACCOUNTS]
    return signing.dumps({"d": device, "u": accounts}, salt=DEVICE_SALT, compress=True)


def attempt_for(*, username: str, address: str | None, cookie: str | None, session_user: str | None) -> Attempt:
    """The attempt with its device key if this browser proved it knows the account."""
    account = username.casefold()[:150]
    device, accounts = device_read(cookie)
    if account and (account in accounts or (session_user or "").casefold() == account):
        return Attempt(username=username, address=address, device=device)
    return Attempt(username=username, address=address)


# --- the rules ---------------------------------------------------------------------------------

def _delay(kind: str, failures: int) -> float:
    if kind == Kind.ADDRESS:
        free, cap = settings.GDNN_LOGIN_ADDRESS_MAX_FAILURES, settings.GDNN_LOGIN_ADDRESS_DELAY_MAX_SECONDS
    else:
        free, cap = settings.GDNN_LOGIN_MAX_FAILURES, settings.GDNN_LOGIN_DELAY_MAX_SECONDS
    if failures < free:
        return 0.0
    return float(min(cap, settings.GDNN_LOGIN_DELAY_SECONDS * 2 ** min(failures - free, 30)))


def _window_start(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.GDNN_LOGIN_WINDOW_SECONDS)


def _forget_if_old(row: LoginThrottle, now: dt.datetime) -> None:
    if row.last_failure_at is None or row.last_failure_at < _window_start(now):
        row.failures, row.blocked_until = 0, None


def _rows_ensure(attempt: Attempt) -> None:
    # Committed on its own, so the locking transaction below only ever updates existing rows.
    LoginThrottle.objects.bulk_create(
        [LoginThrottle(kind=kind, key=key, username="" if kind == Kind.ADDRESS else attempt.account)
         for kind, key in attempt.throttle_keys()],
        ignore_conflicts=True,
    )


def _key_filter(attempt: Attempt) -> Q:
    condition = Q(pk__in=[])
    for kind, key in attempt.throttle_keys():
        condition |= Q(kind=kind, key=key)
    return condition


def login_attempt_begin(*, attempt: Attempt) -> Verdict:
    """Charge the attempt to its keys if they all allow a password check now; else say how long to wait."""
    _rows_ensure(attempt)
    with transaction.atomic():
        now = timezone.now()
        rows = list(LoginThrottle.objects.select_for_update().filter(_key_filter(attempt)).order_by("kind", "key"))
        for row in rows:
            _forget_if_old(row, now)
        account = next((r for r in rows if r.kind == Kind.ACCOUNT), None)
        waits = [
            (row.blocked_until - now).total_seconds()
            for row in rows
            if row.blocked_until is not None and row.blocked_until > now
            # An address holds back only attempts at accounts that already failed.
            and not (row.kind == Kind.ADDRESS and account is not None and account.failures == 0)
        ]
        if waits:
            return Verdict(allowed=False, wait_seconds=max(1, math.ceil(max(waits))))
        for row in rows:
            row.failures += 1
            row.last_failure_at, row.last_address = now, attempt.address
            delay = _delay(row.kind, row.failures)
            row.blocked_until = now + dt.timedelta(seconds=delay) if delay else None
            row.save(update_fields=["failures", "last_failure_at", "last_address", "blocked_until"])
    LoginThrottle.objects.filter(last_failure_at__lt=_window_start(now)).delete()  # forgotten keys
    return Verdict(allowed=True)


@transaction.atomic
def login_attempt_succeeded(*, attempt: Attempt) -> None:
    """The password was right: clear the account's keys and take the charge back from the address."""
    keys = attempt.throttle_keys()
    for kind, key in keys:
        if kind == Kind.ADDRESS:
            LoginThrottle.objects.filter(kind=kind, key=key, failures__gt=0).update(failures=F("failures") - 1)
        else:
            LoginThrottle.objects.filter(kind=kind, key=key).delete()


# --- what an officer sees and clears -----------------------------------------------------------

@transaction.atomic
def loginthrottle_clear(*, throttle: LoginThrottle, by: User) -> None:
    """Forget a key's failures (an officer's decision, recorded with the count that was cleared)."""
    from gdnn.accounts.selectors import loginthrottles_visible

    if not loginthrottles_visible(user=by).filter(pk=throttle.pk).exists():
        raise PermissionDenied(gettext("Bạn không có quyền gỡ giới hạn đăng nhập này."))
    events.loginthrottle_cleared(throttle=throttle, by=by)
    throttle.delete()
