"""OCR noise that can be undone safely (text from tesseract or a scan's text layer).

Each repair is one a Vietnamese text cannot mean otherwise:

- letters from other alphabets that OCR confuses with Vietnamese ones: the Icelandic "Ð" (U+00D0)
  for "Đ" (U+0110), a caron "ǎ" for the breve "ă" (Vietnamese has no caron; tone marks stay);
- "35 %" for "35%";
- the letters l, I and O inside a run of digits ("l00%", "2O25"): no Vietnamese word mixes them;
- a "|" opening a line that holds no other "|" (a table row always has two): a scanned rule;
- a syllable broken by a hyphen at the end of a line ("nghiệ-" / "p"): joined back when the two
  parts make one syllable, that is a single run of vowels ("tế-" / "xã" stays two words).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from gdnn.parsing.vocab import vocab

_SPACED_PERCENT = re.compile(r"(?<=\d)[ \u00a0]+%")
_DIGIT_RUN = re.compile(r"(?<![\w.,])(?=[\dlIO]*\d)(?=[\dlIO]*[lIO])[\dlIO]{2,}(?=%|[^\w]|$)")
_STRAY_PIPE = re.compile(r"(?m)^[ \t]*\|[ \t]*(?=[^|\n]*$)")
_BROKEN_WORD = re.compile(r"(\w+)-[ \t]*\n[ \t]*([a-zà-ỹđ]\w*)")
_VOWELS = "aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
_VOWEL_RUN = re.compile(f"[{_VOWELS}]+")


@cache
def _letters() -> dict[int, str]:
    return {ord(k): v for k, v in vocab("text")["ocr_letters"].items()}


def _digits(m: re.Match[str]) -> str:
    return m.group(0).replace("l", "1").replace("I", "1").replace("O", "0")


def _one_syllable(m: re.Match[str]) -> str:
    head, tail = m.group(1), m.group(2)
    word = (head + tail).casefold()
    if len(_VOWEL_RUN.findall(word)) == 1 and not head.isdigit():
        return head + tail
    return m.group(0)


def repair_ocr(text: str) -> str:
    letters = _letters()
    if any(chr(c) in text for c in letters):
        text = unicodedata.normalize("NFC", text.translate(letters))
    text = _SPACED_PERCENT.sub("%", text)
    text = _DIGIT_RUN.sub(_digits, text)
    text = _STRAY_PIPE.sub("", text)
    return _BROKEN_WORD.sub(_one_syllable, text)
