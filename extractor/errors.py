"""Errors a reader raises for a file it cannot read, each of one ``ErrorKind``.

The CLI prints ``<file>: <message>`` on one line and exits with the code its kind maps
to (``service.cli.exit_codes``), never a traceback; the HTTP API answers with the
status and JSON body of the kind (``service.api.errors``).

- ``MissingFile``: no file at the path
- ``NotAFile``: a directory (or other non-file) where a form file was asked for
- ``UnreadableFile``: broken, truncated or not the format its extension says
- ``EncryptedFile``: encrypted or password-protected
- ``UnsafeFile``: a zip bomb, oversized part or XML with entities
- ``UnknownFormError``: readable, but no 科创中国 application form
- ``ExtractionTimeout``: over its time limit
- ``MissingConverter``: a converter the format needs is not installed
"""

from __future__ import annotations

from schemas.errors import ErrorKind, KczgError

__all__ = [
    "EncryptedFile",
    "ExtractionError",
    "ExtractionTimeout",
    "MissingConverter",
    "MissingFile",
    "NotAFile",
    "OcrModelsMissing",
    "UnknownFormError",
    "UnreadableFile",
    "UnsafeFile",
]


class ExtractionError(KczgError):
    """A file that cannot be read as a form; ``source`` names the file."""

    kind = ErrorKind.UNREADABLE
    source: str

    def __init__(self, source: str, message: str) -> None:
        super().__init__(message, source=source)


class MissingFile(ExtractionError):
    kind = ErrorKind.NOT_FOUND


class NotAFile(ExtractionError):
    """A path that names a directory or other non-file where a form file was asked for."""

    kind = ErrorKind.USAGE


class UnreadableFile(ExtractionError):
    kind = ErrorKind.UNREADABLE


class EncryptedFile(ExtractionError):
    kind = ErrorKind.ENCRYPTED


class UnsafeFile(ExtractionError):
    kind = ErrorKind.UNSAFE


class UnknownFormError(ExtractionError):
    kind = ErrorKind.UNKNOWN_FORM


class ExtractionTimeout(ExtractionError):
    kind = ErrorKind.TIMEOUT


class MissingConverter(ExtractionError):
    kind = ErrorKind.MISSING_CONVERTER


class OcrModelsMissing(RuntimeError):
    """The OCR models are not where the rapidocr_onnxruntime wheel puts them, or the OCR
    runtime asked for cannot be had; raised deep in the OCR code, which does not know the
    file, and turned into MissingConverter for it."""
