"""Recognising the numbering and bullet markers that open headings and list items.

Administrative documents (ND 30/2020) number their parts I, II (Roman), 1, 2 (Arabic), 1.1 (decimal),
a, b (letters) and list items with "-" or "+". Party documents (HD 36-HD/VPTW) close the number with a
hyphen instead: "I-", "1-", "1.1-", "a-"; a hyphen followed by a digit is a range ("10 - 15%"), not a marker.
"""

from __future__ import annotations

import re

# Each pattern captures the marker; the rest of the line follows.
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("roman", re.compile(r"(?:PHẦN\s+|Phần\s+)?([IVX]{1,5})\s*[.\-–/)]\s*(?=\S|$)")),
    ("decimal", re.compile(r"(\d{1,2}(?:\.\d{1,2}){1,3})(?:\.|\s?-(?=\s))?(?=\s|$)\s*")),
    ("arabic", re.compile(r"(\d{1,2})(?:\s*[.)/]\s*(?=\D|$)|\s?-\s+(?=[^\W\d_]))")),
    ("letter", re.compile(r"([a-zđ])(?:\s*[).]|\s?-)\s+")),
    ("bullet", re.compile(r"([-–—•●▪·*])(?:\s+|$|(?=[^\s\d-]))")),
    ("plus", re.compile(r"(\+)\s*")),
]


def split_marker(line: str) -> tuple[str, str, str]:
    """Return (kind, marker, rest) for a stripped line; kind "none" when there is no marker."""
    for kind, pattern in _MARKERS:
        m = pattern.match(line)
        if m is None:
            continue
        rest = line[m.end() :]
        if kind == "arabic" and rest[:1] in {"/", "%"}:
            continue
        if kind == "decimal" and re.match(r"\s*(%|\d)", rest):
            continue
        if kind == "bullet" and m.group(1) == "*" and rest.startswith("*"):
            continue
        return kind, m.group(0).strip(), rest
    return "none", "", line


def is_marker_only(line: str) -> bool:
    kind, _, rest = split_marker(line)
    return kind != "none" and not rest.strip()
