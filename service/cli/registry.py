"""``kczg registry``: the entries of earlier lists that not_listed_before looks up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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
    from sqlalchemy.exc import SQLAlchemyError

    from schemas.errors import KczgError
    from service.cli.exit_codes import fail, fail_with
    from service.db import get_engine, migrate
    from service.registry_store import import_registry

    if not file.is_file():
        fail("registry import", f"{file}: {'is a directory' if file.is_dir() else 'no such file'}")
    try:
        engine = get_engine()
        migrate(engine)
        summary = import_registry(engine, file)
    except KczgError as err:
        fail_with("registry import", err)
    except SQLAlchemyError as err:
        typer.echo(f"kczg registry import: database error: {err.__class__.__name__}", err=True)
        raise typer.Exit(EXIT_DATABASE) from None
    lists = ", ".join(f"{e} {name} {n}" for (e, name), n in sorted(summary.by_list.items()))
    typer.echo(
        f"imported {summary.added} entries ({summary.skipped} already held) from {file}: {lists}"
    )
