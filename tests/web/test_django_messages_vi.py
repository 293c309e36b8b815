"""Django's own texts (form and model validators, the password rules, the admin, the paginator, the
CSRF page) read in Vietnamese on a Vietnamese page: Django's Vietnamese catalogue lags behind its
English one, and GDNN's catalogue fills the gap. Language names and Django's developer pages
(welcome page, debug pages) are not shown to officials and are left out."""

from __future__ import annotations

import re
from pathlib import Path

import django
import pytest
from django.utils import translation

DJANGO = Path(django.__file__).parent
CATALOGUES = ["conf/locale", "contrib/admin/locale", "contrib/auth/locale", "contrib/contenttypes/locale",
              "contrib/sessions/locale"]
NOT_SHOWN = re.compile(r"conf/global_settings\.py|views/templates/(default_urlconf|technical_)|contrib/admin/"
                       r"templates/admin/(auth/user/add_form|widgets)|views/debug\.py|contrib/admindocs")
SAME_IN_VIETNAMESE = {"…", ":?.!", ":", "%(class_name)s %(instance)s", "IPv4", "IPv6", "%(truncated_text)s…", ", ", "%s", "%(size)d byte", "%s KB", "%s MB",
                      "%s GB", "%s TB", "%s PB", "Django site admin", "Django administration"}


def _unquote(lines: list[str]) -> str:
    return "".join(re.fullmatch(r'(?:msg\w+(?:\[\d\])? )?"(.*)"', line).group(1) for line in lines)  # type: ignore[union-attr]


def entries(po: Path) -> list[tuple[str | None, str, str | None, str]]:
    """(context, msgid, plural msgid, locations) of every entry of a .po file."""
    out = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        where = " ".join(line for line in lines if line.startswith("#:"))
        fields: dict[str, list[str]] = {}
        key = None
        for line in lines:
            if line.startswith("#"):
                continue
            head = line.split(" ", 1)[0]
            if head in ("msgctxt", "msgid", "msgid_plural", "msgstr") or head.startswith("msgstr["):
                key = head
                fields[key] = [line]
            elif key:
                fields[key].append(line)
        if "msgid" in fields and _unquote(fields["msgid"]):
            context = _unquote(fields["msgctxt"]) if "msgctxt" in fields else None
            plural = _unquote(fields["msgid_plural"]) if "msgid_plural" in fields else None
            out.append((context, _unquote(fields["msgid"]).encode().decode("unicode_escape").encode("latin-1")
                        .decode(), plural, where))
    return out


def _translated(context: str | None, msgid: str, plural: str | None) -> str:
    if plural is not None:
        return translation.npgettext(context, msgid, plural, 5) if context else translation.ngettext(msgid, plural, 5)
    return translation.pgettext(context, msgid) if context else translation.gettext(msgid)


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_django_speaks_vietnamese_on_a_vietnamese_page(catalogue):
    source = DJANGO / catalogue / "en" / "LC_MESSAGES" / "django.po"
    english = []
    with translation.override("vi"):
        for context, msgid, plural, where in entries(source):
            if NOT_SHOWN.search(where) or msgid in SAME_IN_VIETNAMESE:
                continue
            wanted = plural if plural is not None else msgid
            if _translated(context, msgid, plural) in (msgid, wanted):
                english.append(msgid)
    assert english == [], "\n".join(english)


def test_the_select_prompt_and_the_password_rule_read_in_vietnamese():
    from django.contrib.auth.password_validation import MinimumLengthValidator
    from django.core.exceptions import ValidationError
    from django.db.models.fields import BLANK_CHOICE_LABEL

    with translation.override("vi"):
        assert str(BLANK_CHOICE_LABEL) == "- Chọn một mục -"
        with pytest.raises(ValidationError) as refused:
            MinimumLengthValidator(min_length=12).validate("ngan")
        assert refused.value.messages == ["Mật khẩu quá ngắn: cần ít nhất 12 ký tự."]
