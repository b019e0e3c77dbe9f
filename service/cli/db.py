"""``kczg db``: the database's migrations."""

from __future__ import annotations

import typer

__all__ = ["app"]

app = typer.Typer(help="The database: migrations.", no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Bring the database to the newest schema (also done at serve and worker start)."""
    from schemas.errors import KczgError
    from service.cli.exit_codes import fail_with
    from service.db import database_url
    from service.usecases.context import open_services

    try:
        open_services(upgrade=True)
    except KczgError as err:
        fail_with("db upgrade", err)
    url = database_url()
    shown = url.split("@")[-1] if "@" in url else url
    typer.echo(f"database at the newest schema: {shown}")
