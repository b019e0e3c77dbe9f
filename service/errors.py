"""Errors of the service layer: storage, access, jobs and requests.

Tree (under ``schemas.errors.KczgError``)::

    ServiceError
    ├── InvalidInput      a value the database cannot store (e.g. a NUL character)
    ├── NotFound          no such submission, job, token or file (also: not yours)
    ├── Unauthorized      no token, a wrong or a revoked one
    ├── Forbidden         a role that may not do this
    ├── Conflict          the state does not allow it (e.g. cancel a finished job)
    ├── TooLarge          an upload over the size limit
    ├── UnsupportedType   a file whose content is no format we read
    ├── QueueFull         too many jobs waiting; try again later
    │   ├── QueueUnavailable  the queue's broker (Redis) cannot be reached
    │   └── ExportsBusy       every export process is busy; try again later
    ├── DatabaseError     the database failed or cannot be reached
    └── StorageError      the file store failed (disk full, unreachable)
"""

from __future__ import annotations

from schemas.errors import ErrorKind, KczgError

__all__ = [
    "Conflict",
    "DatabaseError",
    "ExportsBusy",
    "Forbidden",
    "InvalidInput",
    "NotFound",
    "QueueFull",
    "QueueUnavailable",
    "ServiceError",
    "StorageError",
    "TooLarge",
    "Unauthorized",
    "UnsupportedType",
]


class ServiceError(KczgError):
    kind = ErrorKind.INVALID


class InvalidInput(ServiceError):
    kind = ErrorKind.INVALID


class NotFound(ServiceError):
    kind = ErrorKind.NOT_FOUND


class Unauthorized(ServiceError):
    kind = ErrorKind.UNAUTHORIZED


class Forbidden(ServiceError):
    kind = ErrorKind.FORBIDDEN


class Conflict(ServiceError):
    kind = ErrorKind.CONFLICT


class TooLarge(ServiceError):
    kind = ErrorKind.TOO_LARGE


class UnsupportedType(ServiceError):
    kind = ErrorKind.UNSUPPORTED_TYPE


class QueueFull(ServiceError):
    kind = ErrorKind.QUEUE_FULL

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QueueUnavailable(QueueFull):
    """Jobs cannot be handed to the workers now; like a full queue, try again later."""

    kind = ErrorKind.QUEUE_UNAVAILABLE


class ExportsBusy(QueueFull):
    """Every export process is busy; like a full queue, try again later."""


class DatabaseError(ServiceError):
    kind = ErrorKind.DATABASE


class StorageError(ServiceError):
    kind = ErrorKind.STORAGE
