"""The one CLI, ``kczg``, that fronts everything.

Command modules import their heavy parts inside the command, so that ``kczg --help``
answers at once.
"""

from __future__ import annotations

import typer

from service.cli import db, registry, token
from service.cli.check import check
from service.cli.export import export
from service.cli.extract import extract
from service.cli.ingest import ingest
from service.cli.samples import samples
from service.cli.schema import schema
from service.cli.serve import serve
from service.cli.worker import worker

__all__ = ["app"]

app = typer.Typer(
    name="kczg",
    help="Read 科创中国 application forms into checked, structured data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help text: rich's help renderer costs a quarter second of imports.
    rich_markup_mode=None,
)
app.command("extract")(extract)
app.command("schema")(schema)
app.command("samples")(samples)
app.command("check")(check)
app.command("serve")(serve)
app.command("worker")(worker)
app.command("export")(export)
app.command("ingest")(ingest)
app.add_typer(registry.app, name="registry")
app.add_typer(token.app, name="token")
app.add_typer(db.app, name="db")
