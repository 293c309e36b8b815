"""Domain errors: bad input that a user can fix. The CLI turns them into exit status 2."""


class DomainError(Exception):
    """A request that breaks a rule of the domain; the message is shown to the user as is."""


class Conflict(DomainError):
    """A well-formed request that the current state of the records forbids: a workflow move not in
    the table, a click on a report whose state has since changed, an answer already submitted, a
    limit of records already reached. The same request may succeed once the state changes (the API
    answers 409); any other DomainError means the request itself must change (the API answers 400)."""


class NotFound(DomainError):
    """A unit, plan or record named by the user does not exist."""


class PermissionDenied(DomainError):
    """The user's role or scope does not allow this."""


def http_status(exc: DomainError) -> int:
    """The HTTP status every channel (API, the entry form's saves) answers a domain error with:
    403 not allowed, 404 not found, 409 forbidden by the current state, 400 change the request."""
    if isinstance(exc, PermissionDenied):
        return 403
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, Conflict):
        return 409
    return 400


BUSY_MESSAGE = "Hệ thống đang bận ghi dữ liệu; không có gì thay đổi. Hãy thử lại sau ít giây."


def is_database_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" after its busy timeout: the request may simply be retried."""
    from django.db import OperationalError

    return isinstance(exc, OperationalError) and "locked" in str(exc).lower()
