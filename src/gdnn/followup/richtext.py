"""The "what was done" text: a small subset of HTML, cleaned by nh3 (Ammonia), and its plain paragraphs.

Plain text typed without tags becomes one <p> per paragraph (a blank line or a new line apart).
"""

from __future__ import annotations

import html
import re

import nh3

TAGS = {"p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li"}
_BLOCK = re.compile(r"</?(?:p|br|ul|ol|li)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
MAX_CHARS = 20_000


def richtext_clean(text: str) -> str:
    """Safe HTML from what the officer typed: only TAGS, no attributes, no scripts or links."""
    text = (text or "").replace("\r\n", "\n").strip()[:MAX_CHARS]
    if not text:
        return ""
    if not _TAG.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n+", text) if p.strip()]
        text = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    cleaned = nh3.clean(text, tags=TAGS, attributes={}, url_schemes=set(), strip_comments=True).strip()
    if cleaned and not _TAG.search(cleaned):  # markup that was all stripped: keep its text as paragraphs
        cleaned = "".join(f"<p>{p.strip()}</p>" for p in cleaned.split("\n") if p.strip())
    return cleaned


def richtext_paragraphs(cleaned: str) -> list[str]:
    """The paragraphs of cleaned HTML as plain text (list items keep a leading "- ")."""
    marked = re.sub(r"<li\b[^>]*>", "\n- ", cleaned or "", flags=re.IGNORECASE)
    plain = _TAG.sub("", _BLOCK.sub("\n", marked))
    return [" ".join(html.unescape(line).split()) for line in plain.split("\n") if line.strip()]


def richtext_for_editing(cleaned: str) -> str:
    """What the form shows again: plain paragraphs (a line each) when the text has no other markup."""
    paragraphs = re.findall(r"<p>(.*?)</p>", cleaned or "", flags=re.DOTALL)
    if paragraphs and "".join(f"<p>{p}</p>" for p in paragraphs) == cleaned and not any(_TAG.search(p) for p in
                                                                                        paragraphs):
        return "\n".join(html.unescape(p) for p in paragraphs)
    return cleaned or ""
