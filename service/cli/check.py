"""``kczg check``: eligibility of filled forms (or flat JSON records), one by one and as a batch.

Exit codes: 0 every file was checked (whatever the verdicts); 2 usage (missing file, bad
option, bad manifest or pilot-city list, an edition or list the rules do not cover);
3-8 a form that could not be read (see ``extractor.errors``); 9 database error.
With several files the first failing file's code is returned, after all were reported.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from eligibility.batch import BatchReport, Submission, run_batch, submission_from_record
from eligibility.evaluate import Evaluation, NotCovered, evaluate
from eligibility.pilot_cities import PilotCities, PilotCitiesError
from eligibility.registry import Registry
from extractor.errors import ExtractionError
from extractor.sniff import EXTENSIONS
from schemas.editions import UnknownEdition
from schemas.record import FormRecord
from service.cli.exit_codes import EXIT_CODES
from service.db import get_engine, migrate
from service.errors import DatabaseError
from service.registry_store import SqlRegistry

EXIT_USAGE = 2
EXIT_UNREADABLE = 3
EXIT_DATABASE = 9

#: Files a directory contributes: forms the extractor reads and flat JSON records.
FORM_SUFFIXES = frozenset({*EXTENSIONS, ".json"})
#: The ground truth the sample generator writes beside each form: not a submission.
TRUTH_SUFFIX = ".truth.json"

_SPLIT = re.compile(r"[;；、]")


class CheckError(Exception):
    """A file that could not be checked, with the exit code it maps to."""

    def __init__(self, source: str, message: str, exit_code: int) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.exit_code = exit_code


@dataclass(frozen=True)
class Assignment:
    units: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()


@dataclass
class Outcomes:
    evaluations: list[Evaluation] = field(default_factory=list)
    #: The record each evaluation was made from, for its extraction flags.
    records: list[FormRecord] = field(default_factory=list)
    errors: list[CheckError] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    typer.echo(f"kczg check: {message}", err=True)
    return typer.Exit(code)


def expand(paths: list[Path]) -> list[Path]:
    """The files to check, in the order given; a directory gives its forms sorted by name."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and p.suffix.casefold() in FORM_SUFFIXES
                    and not p.name.casefold().endswith(TRUTH_SUFFIX)
                    and not p.name.startswith(".")
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            raise _fail(f"{path}: no such file or directory")
    return files


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in _SPLIT.split(text or "") if part.strip())


def read_manifest(path: Path) -> dict[Path, Assignment]:
    """Manifest CSV: ``file,units,channels`` (several units or channels split by ; or ；)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = [(reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise _fail(f"{path}: cannot read the manifest: {exc}") from None
    if not rows or not {"file", "units"} <= set(rows[0][1]):
        raise _fail(f"{path}: the manifest needs the columns file, units (and channels)")
    manifest: dict[Path, Assignment] = {}
    for number, row in rows:
        name = (row.get("file") or "").strip()
        if not name:
            raise _fail(f"{path}: row {number}: empty file")
        target = (path.parent / name).resolve()
        manifest[target] = Assignment(_split(row.get("units")), _split(row.get("channels")))
    return manifest


def _assignment(manifest: dict[Path, Assignment], file: Path) -> Assignment:
    found = manifest.get(file.resolve())
    if found is not None:
        return found
    by_name = [a for p, a in manifest.items() if p.name == file.name]
    return by_name[0] if len(by_name) == 1 else Assignment()


def _json_record(path: Path) -> FormRecord:
    from schemas.flat import record_from_flat

    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckError(str(path), f"not a JSON record: {exc}", EXIT_UNREADABLE) from None
    try:
        return record_from_flat(data, str(path))
    except (ValidationError, ValueError, KeyError, TypeError) as exc:
        message = f"not a record in the --flat shape: {exc}".splitlines()[0]
        raise CheckError(str(path), message, EXIT_UNREADABLE) from None


def read_record(path: Path, edition: int | None) -> FormRecord:
    if path.suffix.casefold() == ".json":
        record = _json_record(path)
        if edition is not None and record.edition != edition:
            message = f"a {record.edition} record, but --edition {edition} was given"
            raise CheckError(str(path), message, EXIT_USAGE)
        return record
    from extractor.api import extract

    try:
        return extract(path, edition=edition, source=str(path))
    except ExtractionError as err:
        raise CheckError(str(path), err.message, EXIT_CODES[err.kind]) from None


def check_one(
    path: Path, edition: int | None, registry: Registry, pilot_cities: PilotCities | None
) -> tuple[FormRecord, Evaluation]:
    record = read_record(path, edition)
    try:
        return record, evaluate(record, record.edition, registry, pilot_cities)
    except (UnknownEdition, NotCovered) as err:
        raise CheckError(str(path), str(err), EXIT_USAGE) from None


def run(
    files: list[Path],
    edition: int | None,
    manifest: dict[Path, Assignment],
    registry: Registry,
    pilot_cities: PilotCities | None,
) -> Outcomes:
    outcomes = Outcomes()
    for path in files:
        try:
            record, evaluation = check_one(path, edition, registry, pilot_cities)
        except CheckError as err:
            outcomes.errors.append(err)
            continue
        outcomes.evaluations.append(evaluation)
        outcomes.records.append(record)
        assignment = _assignment(manifest, path)
        outcomes.submissions.append(
            submission_from_record(record, str(path), assignment.units, assignment.channels)
        )
    return outcomes


def _print_json(outcomes: Outcomes, report: BatchReport | None, single: bool) -> None:
    payload: dict[str, Any]
    if single and outcomes.evaluations:
        payload = outcomes.evaluations[0].as_json()
    else:
        payload = {
            "results": [e.as_json() for e in outcomes.evaluations],
            "errors": [
                {"source": e.source, "error": str(e), "exit_code": e.exit_code}
                for e in outcomes.errors
            ],
        }
        if report is not None:
            payload["batch"] = report.as_json()
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


_STYLE = {
    "pass": "green",
    "fail": "red",
    "unknown": "yellow",
    "needs_review": "cyan",
    "eligible": "green",
    "ineligible": "red",
}


def _styled(text: str) -> str:
    return f"[{_STYLE.get(text, 'white')}]{text}[/]"


def _print_checks(console: Console, evaluation: Evaluation) -> None:
    table = Table(title=f"{evaluation.edition} {evaluation.form} — {evaluation.source}")
    for column in ("check", "result", "observed", "expected", "message"):
        table.add_column(column)
    for check in evaluation.checks:
        observed = json.dumps(check.observed, ensure_ascii=False) if check.observed else ""
        table.add_row(
            check.id, _styled(check.result.value), observed[:80], check.expected, check.message
        )
    console.print(table)
    console.print(f"verdict: {_styled(evaluation.verdict.value)}")


def _print_summary(console: Console, outcomes: Outcomes) -> None:
    table = Table(title="eligibility")
    for column in ("file", "list", "verdict", "failed", "unknown", "form flags"):
        table.add_column(column)
    for evaluation, record in zip(outcomes.evaluations, outcomes.records, strict=True):
        unknown = [c.id for c in evaluation.checks if c.result.value == "unknown"]
        table.add_row(
            evaluation.source,
            f"{evaluation.edition} {evaluation.form}",
            _styled(evaluation.verdict.value),
            ", ".join(evaluation.failed()),
            ", ".join(unknown),
            _flag_counts(record),
        )
    console.print(table)


def _flag_counts(record: FormRecord) -> str:
    """Missing or inconsistent values the reader found: what `kczg extract` would show."""
    errors = sum(1 for flag in record.flags if flag.severity == "error")
    warnings = len(record.flags) - errors
    parts = [
        f"[red]{errors} error(s)[/]" if errors else "",
        f"{warnings} warning(s)" if warnings else "",
    ]
    return ", ".join(p for p in parts if p)


def _print_batch(console: Console, report: BatchReport) -> None:
    for quota in report.quotas:
        domain = f" {quota.domain}" if quota.domain else ""
        console.print(
            f"[red]quota[/] {quota.unit}: {len(quota.submissions)} for the {quota.edition}"
            f" {quota.list}{domain}, at most {quota.allowed}; over: {', '.join(quota.exceeding)}"
        )
    for duplicate in report.duplicates:
        console.print(
            f"[red]duplicate[/] {duplicate.applicant} ({duplicate.edition} {duplicate.list}):"
            f" {', '.join(duplicate.submissions)}"
        )
    if report.unassigned:
        console.print(
            f"[yellow]no recommending unit[/] (left out of quotas): {', '.join(report.unassigned)}"
        )
    if not (report.quotas or report.duplicates):
        console.print("batch: no quota exceeded, no duplicate applicant")


def _print_text(outcomes: Outcomes, report: BatchReport | None, single: bool) -> None:
    console = Console()
    if single and outcomes.evaluations:
        _print_checks(console, outcomes.evaluations[0])
    elif outcomes.evaluations:
        _print_summary(console, outcomes)
    if report is not None:
        _print_batch(console, report)


def _pilot_cities(path: Path | None) -> PilotCities | None:
    if path is None:
        return None
    try:
        return PilotCities.load(path)
    except PilotCitiesError as err:
        raise _fail(str(err)) from None


def check(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Forms (.docx, .pdf, ...), flat JSON records, or a directory."),
    ],
    batch: Annotated[
        bool, typer.Option("--batch", help="Also run quotas and duplicates over all files.")
    ] = False,
    manifest: Annotated[
        Path | None,
        typer.Option(help="CSV naming each file's recommending units and channels."),
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print every verdict (and batch findings) as JSON.")
    ] = False,
    edition: Annotated[
        int | None, typer.Option(help="The edition (year) to check against.")
    ] = None,
    pilot_cities: Annotated[
        Path | None,
        typer.Option(
            "--pilot-cities",
            envvar="KCZG_PILOT_CITIES",
            help="CSV of the pilot cities (园区); without it pilot_city is unknown.",
        ),
    ] = None,
) -> None:
    """Check filled forms against the conditions of their list and edition."""
    if manifest is not None and not batch:
        raise _fail("--manifest needs --batch")
    files = expand(paths)
    if not files:
        raise _fail("no form files to check")
    assignments = read_manifest(manifest) if manifest is not None else {}
    cities = _pilot_cities(pilot_cities)
    try:
        engine = get_engine()
        migrate(engine)
        registry = SqlRegistry(engine)
        outcomes = run(files, edition, assignments, registry, cities)
    except DatabaseError as err:
        raise _fail(str(err), EXIT_DATABASE) from None
    except SQLAlchemyError as err:
        raise _fail(f"database error: {err.__class__.__name__}", EXIT_DATABASE) from None
    report = run_batch(outcomes.submissions) if batch else None
    single = len(files) == 1 and not batch
    for error in outcomes.errors:
        typer.echo(f"kczg check: {error}", err=True)
    if json_out:
        _print_json(outcomes, report, single)
    else:
        _print_text(outcomes, report, single)
    if outcomes.errors:
        raise typer.Exit(outcomes.errors[0].exit_code)
