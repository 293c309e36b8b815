"""One generic trail of who changed what, for the changes that have no trail of their own.

Data values and submissions keep their own rows (collection's DataValueAudit and SubmissionEvent);
everything else that an auditor asks about (a plan published, a target corrected, an institution
created, a unit moved, a token made or revoked, a user deactivated, a login throttle cleared) is
an AuditEvent, written by one small function per kind in common/events.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        PLAN_PUBLISHED = "plan_published", pgettext_lazy("audit", "Ban hành kế hoạch")
        TARGET_CORRECTED = "target_corrected", pgettext_lazy("audit", "Sửa chỉ tiêu")
        INSTITUTION_CREATED = "institution_created", pgettext_lazy("audit", "Thêm cơ sở GDNN")
        INSTITUTION_UPDATED = "institution_updated", pgettext_lazy("audit", "Sửa cơ sở GDNN")
        ORGUNIT_MOVED = "orgunit_moved", pgettext_lazy("audit", "Chuyển đơn vị")
        TOKEN_CREATED = "token_created", pgettext_lazy("audit", "Tạo mã truy cập API")
        TOKEN_REVOKED = "token_revoked", pgettext_lazy("audit", "Thu hồi mã truy cập API")
        USER_DEACTIVATED = "user_deactivated", pgettext_lazy("audit", "Khóa tài khoản")
        USER_REACTIVATED = "user_reactivated", pgettext_lazy("audit", "Mở lại tài khoản")
        THROTTLE_CLEARED = "throttle_cleared", pgettext_lazy("audit", "Gỡ giới hạn đăng nhập")
        DATA_EXPORTED = "data_exported", pgettext_lazy("audit", "Xuất dữ liệu")
        AGENCY_MEMBER_ADDED = "agency_member_added", pgettext_lazy("audit", "Gán cán bộ cho cơ quan")
        AGENCY_MEMBER_REMOVED = "agency_member_removed", pgettext_lazy("audit", "Bỏ cán bộ khỏi cơ quan")

    kind = models.CharField(pgettext_lazy("audit", "sự kiện"), max_length=24, choices=Kind.choices)
    at = models.DateTimeField(pgettext_lazy("audit", "lúc"), auto_now_add=True, db_index=True)
    # The actor's name is kept on the row, so the trail still says who even if the user row goes.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=pgettext_lazy("audit", "người thực hiện"))
    actor_name = models.CharField(pgettext_lazy("audit", "tên người thực hiện"), max_length=150, blank=True)
    client_address = models.GenericIPAddressField(pgettext_lazy("audit", "địa chỉ máy"), null=True, blank=True)
    object_type = models.CharField(pgettext_lazy("audit", "loại đối tượng"), max_length=40)
    object_id = models.CharField(pgettext_lazy("audit", "mã đối tượng"), max_length=64)
    object_repr = models.CharField(pgettext_lazy("audit", "đối tượng"), max_length=300)
    old = models.JSONField(pgettext_lazy("audit", "giá trị cũ"), null=True, blank=True)
    new = models.JSONField(pgettext_lazy("audit", "giá trị mới"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("audit", "sự kiện nhật ký")
        verbose_name_plural = pgettext_lazy("audit", "nhật ký thay đổi")
        ordering = ("at", "pk")
        indexes = [models.Index(fields=["object_type", "object_id"], name="auditevent_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.object_repr} ({self.actor_name or '—'})"
