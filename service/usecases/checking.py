"""Checking forms against their list's conditions: files, records and batches.

What ``kczg check`` and the check routes of the API share: which files a path names,
the manifest of recommending units, reading a form or a flat JSON record, the checks,
and the batch rules (quotas, duplicates) over what was checked or stored.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select

from eligibility.batch import BatchReport, Submission, run_batch, submission_from_record
from eligibility.evaluate import Evaluation, evaluate
from eligibility.pilot_cities import PilotCities
from eligibility.registry import Registry
from schemas.errors import ErrorKind, KczgError
from schemas.flat import FlatRecordError, record_from_flat
from schemas.record import FormRecord
from service.auth import Principal, Role
from service.db import SubmissionRow, session_scope
from service.usecases.access import visible
from service.usecases.context import Services
from service.usecases.manifest import Assignment, assignment_for, split_names

__all__ = [
    "FORM_SUFFIXES",
    "TRUTH_SUFFIX",
    "Outcomes",
    "check_files",
    "check_record",
    "expand",
    "read_record",
    "record_from_json",
    "stored_batch",
]

#: The ground truth the sample generator writes beside each form: not a submission.
TRUTH_SUFFIX = ".truth.json"


def _form_suffixes() -> frozenset[str]:
    from extractor.sniff import EXTENSIONS

    return frozenset({*EXTENSIONS, ".json"})


#: Files a directory contributes: forms the extractor reads and flat JSON records.
FORM_SUFFIXES = _form_suffixes()


@dataclass
class Outcomes:
    """What checking a set of files came to, in the order given."""

    evaluations: list[Evaluation] = field(default_factory=list)
    #: The record each evaluation was made from, for its extraction flags.
    records: list[FormRecord] = field(default_factory=list)
    errors: list[KczgError] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)


def _is_form_file(path: Path) -> bool:
    name = path.name.casefold()
    return (
        path.is_file()
        and path.suffix.casefold() in FORM_SUFFIXES
        and not name.endswith(TRUTH_SUFFIX)
        and not name.startswith(".")
    )


def expand(paths: Sequence[Path]) -> list[Path]:
    """The files to check, in the order given; a directory gives its forms sorted by name."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if _is_form_file(p)))
        elif path.is_file():
            files.append(path)
        else:
            raise KczgError(
                "没有此文件或目录（no such file or directory）",
                source=str(path),
                kind=ErrorKind.NOT_FOUND,
            )
    return files


def record_from_json(data: Any, source: str) -> FormRecord:
    """A record in the ``--flat`` shape, checked against the catalogue."""
    try:
        return record_from_flat(data, source)
    except FlatRecordError as err:
        err.source = source
        raise
    except (ValidationError, ValueError, KeyError, TypeError) as exc:
        message = f"不是 --flat 形式的记录（not a record in the flat shape: {exc}）".splitlines()[0]
        raise KczgError(message, source=source, kind=ErrorKind.INVALID) from None


def _json_record(path: Path) -> FormRecord:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KczgError(
            f"不是 JSON 记录（not a JSON record: {exc}）",
            source=str(path),
            kind=ErrorKind.UNREADABLE,
        ) from None
    try:
        return record_from_json(data, str(path))
    except KczgError as err:
        raise KczgError(err.message, source=str(path), kind=ErrorKind.UNREADABLE) from None


def read_record(path: Path, edition: int | None) -> FormRecord:
    """A form read by the extractor, or a flat JSON record, of ``edition`` if given."""
    if path.suffix.casefold() == ".json":
        record = _json_record(path)
        if edition is not None and record.edition != edition:
            message = f"记录为 {record.edition} 年度，而指定的是 {edition} 年度"
            raise KczgError(message, source=str(path), kind=ErrorKind.USAGE)
        return record
    from extractor.api import extract

    return extract(path, edition=edition, source=str(path))


def check_record(
    record: FormRecord, registry: Registry, pilot_cities: PilotCities | None = None
) -> Evaluation:
    """Every condition of the record's list and edition, each with its evidence."""
    try:
        return evaluate(record, record.edition, registry, pilot_cities)
    except KczgError as err:
        err.source = err.source or record.source
        raise


def check_files(
    files: Sequence[Path],
    *,
    edition: int | None,
    manifest: dict[Path, Assignment],
    registry: Registry,
    pilot_cities: PilotCities | None,
) -> Outcomes:
    """Reads and checks each file; a file that fails is reported and the rest go on."""
    outcomes = Outcomes()
    for path in files:
        try:
            record = read_record(path, edition)
            evaluation = check_record(record, registry, pilot_cities)
        except KczgError as err:
            err.source = err.source or str(path)
            outcomes.errors.append(err)
            continue
        outcomes.evaluations.append(evaluation)
        outcomes.records.append(record)
        assignment = assignment_for(manifest, path=path, name=path.name)
        outcomes.submissions.append(
            submission_from_record(record, str(path), assignment.units, assignment.channels)
        )
    return outcomes


def stored_batch(
    services: Services, principal: Principal, *, form: str, edition: int
) -> BatchReport:
    """Quotas and duplicates over the stored submissions of a list and edition."""
    principal.require(Role.REVIEWER, Role.ADMIN)
    with session_scope(services.engine) as session:
        rows = session.scalars(
            select(SubmissionRow)
            .where(
                visible(principal),
                SubmissionRow.form == form,
                SubmissionRow.edition == edition,
                SubmissionRow.record.is_not(None),
            )
            .order_by(SubmissionRow.created_at, SubmissionRow.id)
        ).all()
        submissions = [
            submission_from_record(
                FormRecord.model_validate(row.record),
                row.id,
                split_names(row.unit),
                split_names(row.channel),
            )
            for row in rows
        ]
    return run_batch(submissions)
