"""The one CLI, ``kczg``, that fronts everything."""

from __future__ import annotations

import typer

from service.commands import registry
from service.commands.check import check
from service.commands.extract import extract
from service.commands.samples import samples
from service.commands.schema import schema

app = typer.Typer(
    name="kczg",
    help="Read 科创中国 application forms into checked, structured data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("extract")(extract)
app.command("schema")(schema)
app.command("samples")(samples)
app.command("check")(check)
app.add_typer(registry.app, name="registry")
