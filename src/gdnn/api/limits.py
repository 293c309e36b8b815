"""Rate limits and quotas per token and per user, counted in the database (decision 0010).

Each limit is a window of fixed length that opens at the first request after the previous window
closed: a limit of 100 per minute lets 100 requests through and answers the 101st within that
minute with 429 and `Retry-After` (whole seconds until the window closes). The counter row is
locked for the few statements of one count (`SELECT … FOR UPDATE`), so several web servers sharing
the database count together. A refused request still counts: hammering does not shorten the wait.
"""

from __future__ import annotations

import datetime as dt
import logging
import math

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from gdnn.accounts.models import ApiToken
from gdnn.api.errors import ApiError
from gdnn.api.models import ApiRateCounter, ApiUserLimit

log = logging.getLogger("gdnn.api")
MINUTE, DAY = 60, 86400


def limits_for(*, token: ApiToken) -> list[tuple[str, int, int]]:
    """(counter key, limit, window seconds) for every limit on the token and its user; 0 = none."""
    user_limit = ApiUserLimit.objects.filter(user_id=token.user_id).first()

    def pick(own: int | None, default_name: str, fallback: int) -> int:
        return own if own is not None else int(getattr(settings, default_name, fallback))

    user_rate = user_limit.rate_per_minute if user_limit else None
    user_quota = user_limit.quota_per_day if user_limit else None

    return [
        (f"token:{token.pk}:minute", pick(token.rate_per_minute, "GDNN_API_RATE_PER_MINUTE", 100), MINUTE),
        (f"token:{token.pk}:day", pick(token.quota_per_day, "GDNN_API_QUOTA_PER_DAY", 20000), DAY),
        (f"user:{token.user_id}:minute", pick(user_rate, "GDNN_API_USER_RATE_PER_MINUTE", 300), MINUTE),
        (f"user:{token.user_id}:day", pick(user_quota, "GDNN_API_USER_QUOTA_PER_DAY", 50000), DAY),
    ]


def _count(key: str, seconds: int, now: dt.datetime) -> tuple[int, dt.datetime]:
    """Count one request under `key`; returns the count in the window and when the window closes."""
    length = dt.timedelta(seconds=seconds)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                row = ApiRateCounter.objects.select_for_update().filter(key=key).first()
                if row is None:
                    row = ApiRateCounter.objects.create(key=key, window_start=now, count=1)
                elif now >= row.window_start + length:
                    row.window_start, row.count = now, 1
                    row.save(update_fields=["window_start", "count"])
                else:
                    row.count += 1
                    row.save(update_fields=["count"])
                return row.count, row.window_start + length
        except IntegrityError:  # another server created the row first: count in it
            continue
    raise RuntimeError(f"rate counter {key} could not be written")


def rate_check(*, token: ApiToken) -> None:
    """Count this request against every limit of the token and its user; ApiError 429 with
    Retry-After over any of them. A busy database lets the request through (logged): a limit must
    never fail a read that the database could serve."""
    now = timezone.now()
    worst: tuple[int, str, int] | None = None
    for key, limit, seconds in limits_for(token=token):
        if limit <= 0:
            continue
        try:
            count, closes = _count(key, seconds, now)
        except DatabaseError:
            log.warning("rate counter %s not written (database busy); request let through", key)
            continue
        if count > limit:
            wait = max(1, math.ceil((closes - now).total_seconds()))
            if worst is None or wait > worst[0]:
                worst = (wait, key, limit)
    if worst is not None:
        wait, key, limit = worst
        per = gettext("phút") if key.endswith(":minute") else gettext("ngày")
        who = gettext("mã truy cập") if key.startswith("token:") else gettext("tài khoản")
        raise ApiError(429, gettext("Quá giới hạn %(limit)s yêu cầu mỗi %(per)s của %(who)s; thử lại sau "
                                    "%(wait)s giây.") % {"limit": limit, "per": per, "who": who, "wait": wait},
                       headers={"Retry-After": str(wait)})
