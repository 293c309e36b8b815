"""Who issues the report and who receives it ("Nơi nhận"), read from the plan's reporting duties.

Pure Python over the duty records already loaded by the generator. A duty's "to" is free text as
the plan wrote it ("Sở Lao động - Thương binh và Xã hội tổng hợp, báo cáo Ủy ban nhân dân tỉnh");
it is cut where an agency name begins, and each agency that lost vocational education in the
2025 reorganisation is replaced by the one that holds it now (the agency register).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Protocol

from gdnn.plans.agency_register import current_name, recipients_parse

FILING = "Lưu: VT"


class Duty(Protocol):
    who: str
    frequency: str
    to: str


_SUBUNIT_WORDS = ("các ", "cơ sở giáo dục nghề nghiệp", "trường", "trung tâm")


def duty_for(duties: Iterable[Duty], *, kind: str, level: str) -> Duty | None:
    """The plan's duty of this frequency that the reporting unit's level owes.

    A province reports under the duty of a single provincial agency; a commune under one addressed
    to the communes ("UBND các xã"); an institution under one addressed to the institutions.
    """
    same = [d for d in duties if d.frequency == kind and d.to]
    if level == "commune":
        wanted = [d for d in same if "xã" in d.who.casefold()]
    elif level == "institution":
        wanted = [d for d in same if any(w in d.who.casefold() for w in _SUBUNIT_WORDS[1:])]
    else:
        wanted = [d for d in same if not any(w in d.who.casefold() for w in _SUBUNIT_WORDS)]
    return wanted[0] if wanted else None


def _fold(name: str) -> str:
    text = " ".join(name.casefold().replace("uỷ", "ủy").split())
    return re.sub(r"^ubnd\b", "ủy ban nhân dân", text)


def recipient_list(duty: Duty | None, *, fallback: list[str], on: dt.date, issuer: str) -> list[str]:
    """"Nơi nhận": the duty's recipients as they are called today (never the issuer itself), then
    the filing copy."""
    names = [current_name(n, on) for n in recipients_parse(duty.to)] if duty else []
    out: list[str] = []
    for name in [n for n in names if not _fold(issuer).startswith(_fold(n))] or fallback:
        if name not in out:
            out.append(name)
    return [*out, FILING]
