"""Domain errors: bad input that a user can fix. The CLI turns them into exit status 2."""


class DomainError(Exception):
    """A request that breaks a rule of the domain; the message is shown to the user as is."""


class NotFound(DomainError):
    """A unit, plan or record named by the user does not exist."""


class PermissionDenied(DomainError):
    """The user's role or scope does not allow this."""
