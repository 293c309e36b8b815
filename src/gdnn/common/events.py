"""One tiny function per audit event kind (the Saleor `order/events.py` pattern).

Services call these inside their transaction, so the event and the change commit together. The
client address comes from the request being served (common/middleware.py), or is empty for the
command line and jobs.
"""

from __future__ import annotations

from typing import Any

from gdnn.common.clientaddr import current_client_address
from gdnn.common.models import AuditEvent

Kind = AuditEvent.Kind


def _record(kind: str, obj: Any, *, by: Any, old: dict | None = None, new: dict | None = None,
            object_type: str | None = None) -> AuditEvent:
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        kind=kind, actor=actor, actor_name=actor.get_username() if actor else "",
        client_address=current_client_address(), object_type=object_type or obj._meta.label_lower,
        object_id=str(obj.pk), object_repr=str(obj)[:300], old=old, new=new,
    )


def plan_published(*, plan: Any, by: Any, old_status: str) -> AuditEvent:
    return _record(Kind.PLAN_PUBLISHED, plan, by=by, old={"status": old_status}, new={"status": plan.status})


def target_corrected(*, target: Any, by: Any, old: dict, new: dict) -> AuditEvent:
    return _record(Kind.TARGET_CORRECTED, target, by=by, old=old, new=new)


def institution_created(*, unit: Any, by: Any) -> AuditEvent:
    return _record(Kind.INSTITUTION_CREATED, unit, by=by,
                   new={"code": unit.code, "name": unit.name, "parent": unit.parent.code if unit.parent else None})


def institution_updated(*, unit: Any, by: Any, old: dict, new: dict) -> AuditEvent:
    return _record(Kind.INSTITUTION_UPDATED, unit, by=by, old=old, new=new)


def orgunit_moved(*, unit: Any, by: Any, old_parent: Any, old_path: str) -> AuditEvent:
    return _record(Kind.ORGUNIT_MOVED, unit, by=by,
                   old={"parent": old_parent.code if old_parent else None, "path": old_path},
                   new={"parent": unit.parent.code if unit.parent else None, "path": unit.path})


def apitoken_created(*, token: Any, by: Any) -> AuditEvent:
    return _record(Kind.TOKEN_CREATED, token, by=by, new={"user": token.user.get_username(), "name": token.name,
                                                         "expires_at": token.expires_at.isoformat()
                                                         if token.expires_at else None})


def apitoken_revoked(*, token: Any, by: Any, reason: str) -> AuditEvent:
    return _record(Kind.TOKEN_REVOKED, token, by=by, old={"revoked_at": None},
                   new={"revoked_at": token.revoked_at.isoformat(), "reason": reason})


def user_deactivated(*, user: Any, by: Any) -> AuditEvent:
    return _record(Kind.USER_DEACTIVATED, user, by=by, old={"is_active": True}, new={"is_active": False})


def user_reactivated(*, user: Any, by: Any) -> AuditEvent:
    return _record(Kind.USER_REACTIVATED, user, by=by, old={"is_active": False}, new={"is_active": True})


def loginthrottle_cleared(*, throttle: Any, by: Any) -> AuditEvent:
    return _record(Kind.THROTTLE_CLEARED, throttle, by=by,
                   old={"kind": throttle.kind, "key": throttle.key, "failures": throttle.failures})


def data_exported(*, export: Any, by: Any, what: dict) -> AuditEvent:
    """Who exported which values (scope, periods, states, format): a job or a direct API export."""
    return _record(Kind.DATA_EXPORTED, export, by=by, new=what,
                   object_type=None if hasattr(export, "_meta") else "exchange.export")
def _member(member: Any) -> dict:
    return {"user": member.user.get_username(), "agency": member.agency.code, "org_unit": member.org_unit.code}


def agency_member_added(*, member: Any, by: Any) -> AuditEvent:
    return _record(Kind.AGENCY_MEMBER_ADDED, member, by=by, new=_member(member))


def agency_member_removed(*, member: Any, by: Any) -> AuditEvent:
    return _record(Kind.AGENCY_MEMBER_REMOVED, member, by=by, old=_member(member))
