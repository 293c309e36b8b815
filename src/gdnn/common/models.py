"""One generic trail of who changed what, for the changes that have no trail of their own.

Data values and submissions keep their own rows (collection's DataValueAudit and SubmissionEvent);
everything else that an auditor asks about (a plan published, a target corrected, an institution
created, a unit moved, a token made or revoked, a user deactivated, a login throttle cleared) is
an AuditEvent, written by one small function per kind in common/events.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        PLAN_PUBLISHED = "plan_published", _("Ban hành kế hoạch")
        TARGET_CORRECTED = "target_corrected", _("Sửa chỉ tiêu")
        INSTITUTION_CREATED = "institution_created", _("Thêm cơ sở GDNN")
        ORGUNIT_MOVED = "orgunit_moved", _("Chuyển đơn vị")
        TOKEN_CREATED = "token_created", _("Tạo mã truy cập API")
        TOKEN_REVOKED = "token_revoked", _("Thu hồi mã truy cập API")
        USER_DEACTIVATED = "user_deactivated", _("Khóa tài khoản")
        USER_REACTIVATED = "user_reactivated", _("Mở lại tài khoản")
        THROTTLE_CLEARED = "throttle_cleared", _("Gỡ giới hạn đăng nhập")

    kind = models.CharField(_("sự kiện"), max_length=24, choices=Kind.choices)
    at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)
    # The actor's name is kept on the row, so the trail still says who even if the user row goes.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("người thực hiện"))
    actor_name = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    client_address = models.GenericIPAddressField(_("địa chỉ máy"), null=True, blank=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=40)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=300)
    old = models.JSONField(_("giá trị cũ"), null=True, blank=True)
    new = models.JSONField(_("giá trị mới"), null=True, blank=True)

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ("at", "pk")
        indexes = [models.Index(fields=["object_type", "object_id"], name="auditevent_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.object_repr} ({self.actor_name or '—'})"
