"""``kczg registry``: the entries of earlier lists that not_listed_before looks up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from service.db import get_engine
from service.registry_store import RegistryImportError, import_registry

#: Exit codes: 2 usage (no such file), 3 a file that cannot be imported, 9 database error.
EXIT_USAGE = 2
EXIT_BAD_FILE = 3
EXIT_DATABASE = 9

app = typer.Typer(
    help="The registry of earlier lists (for the not_listed_before check).",
    no_args_is_help=True,
)


@app.command("import")
def import_file(
    file: Annotated[
        Path, typer.Argument(help="A .csv or .xlsx with columns list, edition, name (unit).")
    ],
) -> None:
    """Import the entries of earlier lists; a file with a bad row stores nothing."""
    if not file.is_file():
        typer.echo(f"kczg registry import: {file}: no such file", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        summary = import_registry(get_engine(), file)
    except RegistryImportError as err:
        typer.echo(f"kczg registry import: {err}", err=True)
        raise typer.Exit(EXIT_BAD_FILE) from None
    except SQLAlchemyError as err:
        typer.echo(f"kczg registry import: database error: {err.__class__.__name__}", err=True)
        raise typer.Exit(EXIT_DATABASE) from None
    lists = ", ".join(f"{e} {name} {n}" for (e, name), n in sorted(summary.by_list.items()))
    typer.echo(
        f"imported {summary.added} entries ({summary.skipped} already held) from {file}: {lists}"
    )
