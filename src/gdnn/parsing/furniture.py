"""Stage 2b — page furniture: what a web copy adds around the document, removed before segmenting.

Legal portals put a metadata table before the text ("Số hiệu: 1026/QĐ-UBND Loại văn bản: Quyết
định", "Ngày ban hành: 30/03/2018"); news sites add timestamps, share buttons, view counters and,
after the article, sidebars listing other documents. The metadata table is kept as ``metadata``
(the header reader falls back on it); the rest is dropped, and the text ends at a sidebar's heading.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gdnn.parsing.model import NormalisedDocument
from gdnn.parsing.vocab import phrases, vocab

_HEAD_LINES = 30  # the metadata table stands before the document's own header
_SHORT = 80
_CLOCK = re.compile(r"\b\d{1,2}[:h]\d{2}\b")
_FULL_DATE = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d\d\b")
_AGO = re.compile(r"\b\d+\s+(?:ngày|giờ|phút|tuần|tháng)\s+trước\b", re.I)
_DOMAIN = re.compile(r"\b(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov)\S*", re.I)
_NATIONAL_MOTTO = re.compile(r"cộng h[òo]a xã hội|độc lập\s*[-–]\s*tự do", re.I)


@lru_cache(maxsize=1)
def _labels() -> list[tuple[str, str]]:
    """(label, field) pairs, longest label first."""
    table = vocab("furniture")["metadata_labels"]
    pairs = [(str(label), str(field)) for field, labels in table.items() for label in labels]
    return sorted(pairs, key=lambda p: -len(p[0]))


@lru_cache(maxsize=1)
def _label_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(label) for label, _ in _labels())
    return re.compile(rf"(?:^|(?<=\s)|(?<=\|))({alts})\s*[:|]\s*", re.I)


def metadata_fields(line: str) -> dict[str, str] | None:
    """The fields of one metadata-table line, or None when the line does not open with a label."""
    matches = list(_label_re().finditer(line))
    if not matches or matches[0].start() > 2:
        return None
    fields = dict(_labels())
    out: dict[str, str] = {}
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        value = line[m.end() : nxt.start() if nxt else len(line)].strip(" |")
        field = fields[m.group(1).casefold()]
        if field != "other" and value and field not in out:
            out[field] = value
    return out


@lru_cache(maxsize=1)
def _timestamp_words() -> frozenset[str]:
    return frozenset(phrases("furniture", "timestamp_words"))


@lru_cache(maxsize=1)
def _chrome_openers() -> tuple[str, ...]:
    return tuple(phrases("furniture", "chrome_openers"))


@lru_cache(maxsize=1)
def _sidebar_openers() -> tuple[str, ...]:
    return tuple(phrases("furniture", "sidebar_openers"))


def _is_timestamp(line: str) -> bool:
    if not (_CLOCK.search(line) or _FULL_DATE.search(line) or _AGO.search(line)):
        return False
    rest = _DOMAIN.sub(" ", line.casefold())
    return all(w in _timestamp_words() for w in re.findall(r"[^\W\d_]+", rest))


def _is_chrome(line: str) -> bool:
    if len(line) >= _SHORT:  # chrome is short: a paragraph of the text never is chrome
        return False
    low = line.casefold()
    if low.startswith(_chrome_openers()):
        return True
    if re.fullmatch(r"[^\W\d_](?:\s+[^\W\d_]){1,2}", line):  # "A A": the font-size buttons
        return True
    return _is_timestamp(line)


def _opens_sidebar(line: str) -> bool:
    return len(line) < 60 and line.casefold().strip(" •*-").startswith(_sidebar_openers())


def strip_furniture(doc: NormalisedDocument) -> NormalisedDocument:
    lines = doc.text.split("\n")
    metadata: dict[str, str] = {}
    kept: list[str] = []
    in_head = True
    for i, line in enumerate(lines):
        if in_head and (i >= _HEAD_LINES or _NATIONAL_MOTTO.search(line)):
            in_head = False
        if i > 0 and _opens_sidebar(line):
            break
        fields = metadata_fields(line) if in_head else None
        if fields is not None:
            for k, v in fields.items():
                metadata.setdefault(k, v)
            continue
        if _is_chrome(line):
            continue
        kept.append(line)
    return NormalisedDocument(doc.filename, "\n".join(kept), list(doc.warnings), metadata)
