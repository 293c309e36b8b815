"""Map an agency as a plan writes it to a kind in the register (agencies.toml), and read the agencies
a duty names ("Sở Lao động - Thương binh và Xã hội tổng hợp, báo cáo UBND tỉnh") as they are called
today. Pure Python."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class AgencyKind:
    code: str
    name: str
    level: str
    patterns: tuple[str, ...]
    valid_to: dt.date | None = None
    successors: tuple[str, ...] = ()
    gdnn_successor: str | None = None


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace("–", "-").split())


@lru_cache(maxsize=1)
def agency_kinds() -> tuple[AgencyKind, ...]:
    raw = tomllib.loads(resources.files("gdnn.plans").joinpath("agencies.toml").read_text(encoding="utf-8"))
    return tuple(
        AgencyKind(
            code=a["code"], name=a["name"], level=a["level"], patterns=tuple(_fold(p) for p in a["patterns"]),
            valid_to=a.get("valid_to"), successors=tuple(a.get("successors", [])), gdnn_successor=a.get("gdnn_successor"),
        )
        for a in raw["agency"]
    )


def match_agency(name: str) -> AgencyKind | None:
    """The first register kind whose pattern occurs in the name (word-bounded at the start)."""
    folded = f" {_fold(name)}"
    for kind in agency_kinds():
        if any(f" {p}" in folded for p in kind.patterns):
            return kind
    return None


# Where an agency name starts: its head word at the start, after a separator or after "về/báo cáo".
_HEADS = r"(?:Thủ tướng|Văn phòng|Bộ |Sở |Ủy ban|UBND|Phòng |Ban |Tỉnh ủy|Thành ủy|Hội đồng|HĐND|Trung tâm|Trường )"
_START = re.compile(rf"(?:^|(?<=[,;(]\s)|(?<=\bvề\s)|(?<=\bcáo\s)|(?<=\bgửi\s)){_HEADS}")
_TAIL = re.compile(r"\s+(?:tổng hợp|để|theo|trước|chậm nhất|định kỳ|giải quyết)\b.*$")
# Ministries are not in the provincial register; GDNN moved to the Ministry of Education on 01/3/2025.
_MINISTRY_MOVES = {"bộ lao động - thương binh và xã hội": ("Bộ Giáo dục và Đào tạo", dt.date(2025, 3, 1))}


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
