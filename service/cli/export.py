"""``kczg export``: a filtered list of submissions as XLSX (with its audit trail) or CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["export"]


def export(
    out: Annotated[Path, typer.Option("--out", help="The file to write.", dir_okay=False)],
    form: Annotated[
        str | None, typer.Option("--list", help="The list, e.g. 新锐企业榜 (or its key).")
    ] = None,
    edition: Annotated[int | None, typer.Option(help="The edition, e.g. 2022.")] = None,
    format: Annotated[str, typer.Option("--format", help="xlsx or csv.")] = "xlsx",
    verdict: Annotated[
        str | None, typer.Option(help="eligible, ineligible or needs_review.")
    ] = None,
    errors: Annotated[
        bool | None, typer.Option("--errors/--no-errors", help="Only with / without errors.")
    ] = None,
    unit: Annotated[str | None, typer.Option(help="Only this recommending unit's.")] = None,
    review: Annotated[
        str | None, typer.Option(help="Review status: pending, reviewed or returned.")
    ] = None,
    text: Annotated[str | None, typer.Option(help="Applicant or file name contains.")] = None,
    base_url: Annotated[
        str, typer.Option(help="Where the pages are served, for the link column.")
    ] = "http://127.0.0.1:8000",
) -> None:
    """Export submissions, one row each: corrected values under the catalogue's labels."""
    from schemas.errors import KczgError
    from service.auth import LOCAL_ADMIN
    from service.cli.exit_codes import fail, fail_with
    from service.usecases.context import open_services
    from service.usecases.exports import ExportFormat
    from service.usecases.exports import export as write
    from service.usecases.review import REVIEW_NAMES, VERDICT_NAMES
    from service.usecases.submissions import Filters

    try:
        kind = ExportFormat(format)
    except ValueError:
        fail("export", f"--format must be xlsx or csv, not {format!r}")
    if verdict is not None and (verdict not in VERDICT_NAMES or verdict == "none"):
        fail("export", "--verdict must be eligible, ineligible or needs_review")
    if review is not None and review not in REVIEW_NAMES:
        fail("export", f"--review must be one of {', '.join(REVIEW_NAMES)}")
    filters = Filters(
        form=form,
        edition=edition,
        verdict=verdict,
        has_errors=errors,
        unit=unit,
        review_status=review,
        text=text,
    )
    partial = out.with_name(out.name + ".part")
    try:
        services = open_services(upgrade=True)
        try:
            count = write(
                services, LOCAL_ADMIN, partial, format=kind, filters=filters, base_url=base_url
            )
        finally:
            services.engine.dispose()
        partial.replace(out)
    except KczgError as err:
        partial.unlink(missing_ok=True)
        fail_with("export", err)
    except OSError as err:
        partial.unlink(missing_ok=True)
        fail("export", f"cannot write {out}: {err.strerror or err}", code=3)
    typer.echo(f"{count} submissions -> {out}", err=True)
