"""``kczg extract``: one filled form -> typed fields, their sources and flags."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from service.cli.exit_codes import EXIT_FLAGGED

if TYPE_CHECKING:
    from schemas.record import FormRecord


def extract(
    file: Annotated[Path, typer.Argument(help="A .docx, .doc, .pdf or image of a filled form.")],
    flat: Annotated[
        bool, typer.Option("--flat", help="Print the flat JSON other tools read.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the full record with provenance.")
    ] = False,
    edition: Annotated[
        int | None, typer.Option(help="The edition (year), when the form does not say.")
    ] = None,
    form: Annotated[
        str | None, typer.Option(help="The list (e.g. 新锐企业榜), when the form does not say.")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help=f"Exit {EXIT_FLAGGED} when any error flag is raised.")
    ] = False,
) -> None:
    """Read a filled application form into typed fields, with their sources and flags."""
    from extractor.api import extract as extract_file
    from extractor.errors import ExtractionError
    from service.cli.exit_codes import fail_with

    try:
        record = extract_file(file, edition=edition, form=form, source=str(file))
    except ExtractionError as err:
        fail_with("extract", err)
    if flat:
        sys.stdout.write(json.dumps(record.flat(), ensure_ascii=False, indent=2) + "\n")
    elif as_json:
        sys.stdout.write(record.model_dump_json(indent=2) + "\n")
    else:
        _print_table(record)
    if strict and any(flag.severity == "error" for flag in record.flags):
        raise typer.Exit(EXIT_FLAGGED)


def _print_table(record: FormRecord) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"{record.edition} {record.form} — {record.source}")
    for column in ("字段", "值", "来源", "置信度"):
        table.add_column(column)
    for name, value in record.values.items():
        shown = (
            json.dumps(value.value, ensure_ascii=False)
            if isinstance(value.value, list)
            else str(value.value)
        )
        table.add_row(name, shown[:60], value.provenance.describe(), f"{value.confidence:.2f}")
    console.print(table)
    for flag in record.flags:
        style = "red" if flag.severity == "error" else "yellow"
        console.print(f"[{style}]{flag.severity}[/] {flag.field} {flag.code}: {flag.message}")
