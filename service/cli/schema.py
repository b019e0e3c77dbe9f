"""``kczg schema FORM``: the JSON Schema of a form's typed record."""

from __future__ import annotations

import json
from typing import Annotated

import typer


def schema(
    form: Annotated[
        str, typer.Argument(help="Form list name (新锐企业榜) or key (rising_company).")
    ],
    edition: Annotated[int, typer.Option("--edition", help="Edition year of the form.")] = 2022,
) -> None:
    """Print the JSON Schema of a form's typed record."""
    from schemas.catalogue import UnknownForm, form_spec
    from schemas.editions import UnknownEdition
    from schemas.models import json_schema
    from service.cli.exit_codes import fail

    try:
        spec = form_spec(form, edition)
    except (UnknownForm, UnknownEdition) as error:
        fail("schema", str(error))
    typer.echo(json.dumps(json_schema(spec, edition), ensure_ascii=False, indent=2))
