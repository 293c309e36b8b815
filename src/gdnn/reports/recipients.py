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

from gdnn.plans.agency_register import agency_kinds, match_agency

# Where an agency name starts: its head word at the start, after a separator or after "về/báo cáo".
_HEADS = r"(?:Thủ tướng|Văn phòng|Bộ |Sở |Ủy ban|UBND|Phòng |Ban |Tỉnh ủy|Thành ủy|Hội đồng|HĐND|Trung tâm|Trường )"
_START = re.compile(rf"(?:^|(?<=[,;(]\s)|(?<=\bvề\s)|(?<=\bcáo\s)|(?<=\bgửi\s)){_HEADS}")
_TAIL = re.compile(r"\s+(?:tổng hợp|để|theo|trước|chậm nhất|định kỳ|giải quyết)\b.*$")
# Ministries are not in the provincial register; GDNN moved to the Ministry of Education on 01/3/2025.
_MINISTRY_MOVES = {"bộ lao động - thương binh và xã hội": ("Bộ Giáo dục và Đào tạo", dt.date(2025, 3, 1))}
FILING = "Lưu: VT"


class Duty(Protocol):
    who: str
    frequency: str
    to: str


def recipients_parse(text: str) -> list[str]:
    """Agency names in a duty's "to" text, in order, without lead-in words or trailing clauses."""
    text = re.sub(r"\s*\(qua [^)]*\)", "", text or "")
    starts = [m.start() for m in _START.finditer(text)]
    names = []
    for begin, end in zip(starts, [*starts[1:], len(text)], strict=False):
        name = _TAIL.sub("", text[begin:end]).strip(" ,;.")
        name = re.sub(r"\s+(?:và|báo cáo|về)$", "", name).strip(" ,;.")
        if name and name not in names:
            names.append(name)
    return names


def current_name(name: str, on: dt.date) -> str:
    """The agency that holds vocational education on the date in place of a dissolved one."""
    folded = " ".join(name.casefold().replace("–", "-").split())
    for old, (new, since) in _MINISTRY_MOVES.items():
        if folded.startswith(old) and on >= since:
            return new
    kind = match_agency(name)
    if kind and kind.valid_to and kind.valid_to < on and kind.gdnn_successor:
        successor = next((k for k in agency_kinds() if k.code == kind.gdnn_successor), None)
        if successor and not successor.name.endswith(("cấp xã", "cấp tỉnh")):
            return successor.name
    return name


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
