"""The one table from error kinds to exit codes, and the one way a command fails.

Every command prints ``kczg <command>: <message>`` on one line to stderr and exits
with the code of the error's kind, never with a traceback.
"""

from __future__ import annotations

from typing import NoReturn

import typer

from schemas.errors import ErrorKind, KczgError

__all__ = ["EXIT_CODES", "EXIT_FLAGGED", "EXIT_INTERRUPTED", "fail", "fail_with"]

#: ``kczg extract --strict``: read, but with error flags.
EXIT_FLAGGED = 1
#: ``kczg ingest`` stopped by Ctrl-C (the shell's code for SIGINT); run again, it resumes.
EXIT_INTERRUPTED = 130

EXIT_CODES: dict[ErrorKind, int] = {
    ErrorKind.USAGE: 2,
    ErrorKind.INVALID: 2,
    ErrorKind.NOT_FOUND: 2,
    ErrorKind.NOT_COVERED: 2,
    ErrorKind.UNREADABLE: 3,
    ErrorKind.UNSUPPORTED_TYPE: 3,
    ErrorKind.TOO_LARGE: 3,
    ErrorKind.STORAGE: 3,
    ErrorKind.ENCRYPTED: 4,
    ErrorKind.UNSAFE: 5,
    ErrorKind.UNKNOWN_FORM: 6,
    ErrorKind.TIMEOUT: 7,
    ErrorKind.MISSING_CONVERTER: 8,
    ErrorKind.DATABASE: 9,
    ErrorKind.UNAUTHORIZED: 10,
    ErrorKind.FORBIDDEN: 10,
    ErrorKind.CONFLICT: 11,
    ErrorKind.QUEUE_FULL: 12,
    ErrorKind.QUEUE_UNAVAILABLE: 12,
}


def fail(command: str, message: str, *, code: int = 2) -> NoReturn:
    """Prints ``kczg <command>: <message>`` to stderr and exits with ``code``."""
    typer.echo(f"kczg {command}: {message}", err=True)
    raise typer.Exit(code)


def fail_with(command: str, error: KczgError) -> NoReturn:
    """Fails with the message and the exit code of ``error``'s kind."""
    fail(command, str(error), code=EXIT_CODES[error.kind])
