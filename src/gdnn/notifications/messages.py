"""A notice's words are chosen when it is read, in the reader's language: the sender stores which
message it is and its parameters, never its sentence. Each message is a Vietnamese msgid; a
parameter that has an English form is stored twice, `name` and `name_en` (`both`).

A notice stored before messages existed has only its text, which is shown as it is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

MESSAGES: dict[str, str] = {
    "report_returned": gettext_noop("Báo cáo “%(data_set)s” của %(unit)s kỳ %(period)s đã bị trả lại bởi %(by)s.\n"
                                    "Lý do: %(reason)s"),
    "report_returned_anonymous": gettext_noop("Báo cáo “%(data_set)s” của %(unit)s kỳ %(period)s đã bị trả lại.\n"
                                              "Lý do: %(reason)s"),
    "report_approved": gettext_noop("Báo cáo “%(data_set)s” của %(unit)s kỳ %(period)s đã được phê duyệt bởi "
                                    "%(by)s."),
    "report_approved_anonymous": gettext_noop("Báo cáo “%(data_set)s” của %(unit)s kỳ %(period)s đã được phê "
                                              "duyệt."),
    "report_submitted": gettext_noop("Báo cáo “%(data_set)s” của %(unit)s kỳ %(period)s đã được nộp và đang chờ "
                                     "bạn phê duyệt."),
    "report_due_soon": gettext_noop("Báo cáo “%(data_set)s” của %(unit)s kỳ %(period)s cần nộp trước hạn "
                                    "%(closes)s (còn %(days)s ngày)."),
    "report_overdue": gettext_noop("Báo cáo “%(data_set)s” của %(unit)s kỳ %(period)s đã quá hạn nộp "
                                   "(%(closes)s). Hãy nộp ngay."),
    "task_report_submitted": gettext_noop("Báo cáo nhiệm vụ của %(agency)s kỳ %(period)s (%(plan)s) đã được gửi "
                                          "và đang chờ xem xét."),
    "task_report_approved": gettext_noop("Báo cáo nhiệm vụ của %(agency)s kỳ %(period)s (%(plan)s) đã được chấp "
                                         "nhận."),
    "task_report_returned": gettext_noop("Báo cáo nhiệm vụ của %(agency)s kỳ %(period)s (%(plan)s) đã bị trả "
                                         "lại.\nLý do: %(reason)s"),
    "task_due_soon": gettext_noop("Báo cáo nhiệm vụ “%(task)s” (%(plan)s) kỳ %(period)s cần gửi trước "
                                  "%(due)s."),
    "task_overdue": gettext_noop("Báo cáo nhiệm vụ “%(task)s” (%(plan)s) kỳ %(period)s đã quá hạn (%(due)s). "
                                 "Hãy gửi ngay."),
}


def both(name: str, value: Callable[[], Any]) -> dict[str, str]:
    """A parameter in Vietnamese and in English: `value` is called under each language."""
    out = {}
    for language, key in (("vi", name), ("en", f"{name}_en")):
        with translation.override(language):
            out[key] = str(value())
    return out


def message_text(message: str, params: dict[str, Any], fallback: str = "") -> str:
    """The message in the active language; `fallback` (the stored text) for an unknown message or
    parameters that do not fit it."""
    template = MESSAGES.get(message)
    if template is None:
        return fallback
    english = (translation.get_language() or "vi").startswith("en")
    values = {k: v for k, v in params.items() if not k.endswith("_en")}
    if english:
        values.update({k[:-3]: v for k, v in params.items() if k.endswith("_en") and v not in ("", None)})
    try:
        return gettext(template) % values
    except (KeyError, TypeError, ValueError):
        return fallback
