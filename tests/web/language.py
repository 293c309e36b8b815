"""What a reader sees of a page, and the strings in it that belong to the other language.

Skipped: script/style, and any element marked as data (`translate="no"`, `data-lang-neutral`, an
identifier shown as `class="code"` or `<code>`) or as another language on purpose (`lang="…"`, e.g. the language switch). Data values a page
shows without marking (unit names, plan titles, …) are passed in as `data` and ignored."""

from __future__ import annotations

import re
from html.parser import HTMLParser

VIETNAMESE = "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VI_WORD = re.compile(rf"\w*[{VIETNAMESE}{VIETNAMESE.upper()}]\w*")
RAW_CODE = re.compile(r"(?<![\w./-])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![\w./-])")
# English words of an interface: whole words that a Vietnamese page never needs.
ENGLISH_UI = re.compile(
    r"\b(?:Save|Cancel|Delete|Edit|Search|Submit|Approved|Rejected|Returned|Draft|Published|Select|Status|"
    r"Password|Username|Name|Date|Total|Back|Next|Previous|Download|Upload|Required|Overview|Plans?|"
    r"Reports?|Users?|Settings|Add|Remove|Change|Yes|No|Filter|Show|Hide|Open|Close|Actions?|Values?|"
    r"Period|Indicators?|Targets?|Progress|Notifications?|Account|Level|Unit|Units|Year|Source|Issuer|"
    r"Number|Review|Warnings?|Missing|Comment|Create|Update|Import|Export|Help|Home|Loading|Error|"
    r"the|and|of|is|are|not|with|for|this|that|you|your|from|was|has|have|been|will|must|please|"
    r"field|enter|valid|option|characters|required|changed|added|deleted|units?|reported|provisional|"
    r"achieved|on track|behind|at risk|no data|incomplete data)\b")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIP_TAGS = {"script", "style", "template", "noscript", "svg", "code", "pre"}
TEXT_ATTRS = ("placeholder", "title", "aria-label", "alt")


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is it skipped?
        self.texts: list[str] = []

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        skip = (self._skipped() or tag in SKIP_TAGS or a.get("translate") == "no" or "data-lang-neutral" in a
                or ("lang" in a and tag != "html") or "code" in (a.get("class") or "").split())
        if not skip:
            self.texts += [a[k] for k in TEXT_ATTRS if a.get(k)]
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                self.texts.append(a["value"])
        if tag not in VOID:
            self.stack.append(skip)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._skipped() and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return parser.texts


# A Vietnamese document number ("Nghị định 30/2020/NĐ-CP", "45/KH-UBND") is a proper name.
DOC_NUMBER = re.compile(r"\b\d+(?:/\d{4})?/[A-ZĐ]+(?:-[A-ZĐa-z]+)*")


# "Province (tỉnh)": an English term glossed with the Vietnamese one it stands for.
GLOSS = re.compile(r"(?<=[A-Za-z]) \([^()]+\)")
TRUNCATED = re.compile(r"[^›·:]*…")


def _without(text: str, parts: list[str]) -> str:
    for value in parts:
        if value in text:
            text = text.replace(value, " ")
    for cut in TRUNCATED.findall(text):  # a data value shortened with "…"
        start = cut.strip(" …")
        if start and any(value.startswith(start) for value in parts):
            text = text.replace(cut, " ")
    return DOC_NUMBER.sub(" ", text)


def foreign_strings(html: str, language: str, data: tuple[set[str], list[str]]) -> list[str]:
    """Texts of the page in the other language, or showing a raw code (ALL_CAPS_WITH_UNDERSCORES).
    data: (texts that are data as a whole, data values to cut out of longer texts)."""
    whole, parts = data
    found = []
    for text in visible_texts(html):
        if text.strip(" ,:;()") in whole:
            continue
        rest = _without(GLOSS.sub(" ", text) if language == "en" else text, parts)
        if RAW_CODE.search(rest):
            found.append(f"code: {text[:120]}")
        elif language == "en" and VI_WORD.search(rest):
            found.append(f"vi: {text[:120]}")
        elif language == "vi" and ENGLISH_UI.search(rest):
            found.append(f"en: {text[:120]}")
    return found
