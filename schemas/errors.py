"""The project's one root error type, and the kinds its errors come in.

Every error the project raises on purpose is a ``KczgError`` with a ``kind``; the CLI
maps kinds to exit codes (``service.cli.exit_codes``) and the HTTP API to a status and a
JSON body (``service.api.errors``), each in one table. Messages say what is wrong in
domain words and never name a CLI flag or an HTTP detail.

Tree::

    KczgError
    ├── extractor.errors.ExtractionError      a file that cannot be read as a form
    │   ├── UnreadableFile                    broken, truncated, not what it says
    │   ├── EncryptedFile                     password-protected
    │   ├── UnsafeFile                        zip bomb, oversized part, XML entities
    │   ├── UnknownFormError                  readable, but not a known form
    │   ├── ExtractionTimeout                 over its time limit
    │   └── MissingConverter                  LibreOffice or the OCR models missing
    ├── schemas.editions.UnknownEdition       an edition with no forms
    ├── schemas.flat.FlatRecordError          JSON not in the ``--flat`` shape
    ├── eligibility.evaluate.NotCovered       a list or edition the rules do not cover
    ├── eligibility.loader.RulesError         a rules file that does not load
    ├── eligibility.pilot_cities.PilotCitiesError
    └── service.errors.ServiceError           storage, access, jobs and requests
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ErrorKind", "KczgError"]


class ErrorKind(StrEnum):
    """What went wrong, as a stable English key (the API's ``error.code``)."""

    USAGE = "usage"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    UNREADABLE = "unreadable"
    ENCRYPTED = "encrypted"
    UNSAFE = "unsafe"
    UNKNOWN_FORM = "unknown_form"
    TIMEOUT = "timeout"
    MISSING_CONVERTER = "missing_converter"
    NOT_COVERED = "not_covered"
    TOO_LARGE = "too_large"
    UNSUPPORTED_TYPE = "unsupported_type"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    CONFLICT = "conflict"
    QUEUE_FULL = "queue_full"
    QUEUE_UNAVAILABLE = "queue_unavailable"
    DATABASE = "database"
    STORAGE = "storage"


class KczgError(Exception):
    """An error the project raises on purpose: a kind, a message, and what it is about.

    ``source`` names the file or record concerned; ``field`` the request field or form
    field, where one is to blame.
    """

    kind: ErrorKind = ErrorKind.INVALID

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        field: str | None = None,
        kind: ErrorKind | None = None,
    ) -> None:
        super().__init__(f"{source}: {message}" if source else message)
        self.message = message
        self.source = source
        self.field = field
        if kind is not None:
            self.kind = kind
