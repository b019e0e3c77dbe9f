"""Errors a reader raises for a file it cannot read; each maps to one exit code.

The CLI prints ``<file>: <message>`` on one line and exits with the code, never a
traceback. Exit codes (documented in the README):

- 2  usage error (bad option, missing file)
- 3  unreadable: broken, truncated or not the format its extension says
- 4  encrypted or password-protected
- 5  unsafe: a zip bomb, oversized part or XML with entities
- 6  not a known form: readable, but no 科创中国 application form
- 7  timed out
- 8  a converter the format needs is not installed
"""

from __future__ import annotations


class ExtractionError(Exception):
    exit_code = 3

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


class UnreadableFile(ExtractionError):
    exit_code = 3


class EncryptedFile(ExtractionError):
    exit_code = 4


class UnsafeFile(ExtractionError):
    exit_code = 5


class UnknownFormError(ExtractionError):
    exit_code = 6


class ExtractionTimeout(ExtractionError):
    exit_code = 7


class MissingConverter(ExtractionError):
    exit_code = 8


class OcrModelsMissing(RuntimeError):
    """The OCR models are not where the rapidocr_onnxruntime wheel puts them, or the OCR
    runtime asked for cannot be had; raised deep in the OCR code, which does not know the
    file, and turned into MissingConverter for it."""
