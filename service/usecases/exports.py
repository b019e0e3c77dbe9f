"""Exports of a filtered queue: XLSX (with the audit trail) and CSV, one row per submission.

Columns are the flat fields of the lists in the export, headed by the catalogue's
Chinese labels (a year cell is ``label/column``), in the order of the paper form; then
the verdict, flag count, review status and a link to the submission's page. Values are
the corrected ones. Rows are read from the database in batches and written in
openpyxl's write-only mode, so memory does not grow with the number of submissions.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.catalogue import UnknownForm, form_spec
from schemas.editions import UnknownEdition
from service.auth import Principal
from service.db import AuditRow, SubmissionRow, session_scope
from service.usecases.context import Services
from service.usecases.corrections import AuditEntry, in_force
from service.usecases.review import ACTION_NAMES, REVIEW_NAMES, VERDICT_NAMES
from service.usecases.submissions import Filters, Sort, filter_conditions, sort_order

__all__ = ["ExportFormat", "export"]

_BATCH = 500
_FIXED = ("申报编号", "榜单", "届次", "推荐单位", "文件名")
_AFTER = ("资格结论", "问题数", "错误数", "审核状态", "审核意见", "已更正字段", "链接")
_AUDIT_HEAD = ("申报编号", "申报对象", "时间", "操作人", "操作", "字段", "原值", "新值", "理由")
#: Text a spreadsheet would run as a formula; written with a leading quote instead.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


@dataclass(frozen=True)
class _Layout:
    fields: list[str]


def _shown(value: Any) -> Any:
    """A flat value as one spreadsheet cell: numbers stay numbers, the rest is text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list):
        if all(isinstance(item, dict) for item in value):
            return "\n".join(
                "；".join(f"{k}：{_shown(v)}" for k, v in item.items()) for item in value
            )
        return "、".join(str(item) for item in value)
    return str(value)


def _safe_text(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _layout(session: Session, conditions: list[Any]) -> _Layout:
    """The flat names of every list and edition in the export, each once, in form order."""
    pairs = session.execute(
        select(SubmissionRow.form, SubmissionRow.edition).where(*conditions).distinct()
    )
    names: dict[str, None] = {}
    for form, edition in sorted(pairs, key=lambda p: (p[0] or "", p[1] or 0)):
        if not form or edition is None:
            continue
        try:
            spec = form_spec(form, edition)
        except (UnknownForm, UnknownEdition):
            continue
        for field in spec.fields:
            for name in field.flat_names():
                names.setdefault(name)
    return _Layout(fields=list(names))


def _audit(session: Session, conditions: list[Any]) -> dict[str, list[AuditEntry]]:
    rows = session.scalars(
        select(AuditRow)
        .join(SubmissionRow, SubmissionRow.id == AuditRow.submission_id)
        .where(*conditions)
        .order_by(AuditRow.submission_id, AuditRow.seq)
    )
    found: dict[str, list[AuditEntry]] = defaultdict(list)
    for row in rows:
        found[row.submission_id].append(AuditEntry.of(row))
    return found


def _rows(
    session: Session,
    conditions: list[Any],
    sort: Sort,
    layout: _Layout,
    audit: dict[str, list[AuditEntry]],
    base_url: str,
) -> Iterator[tuple[list[Any], set[int]]]:
    """Each submission's cells, and which of them hold a corrected value."""
    columns = (
        SubmissionRow.id,
        SubmissionRow.form,
        SubmissionRow.declared_form,
        SubmissionRow.edition,
        SubmissionRow.declared_edition,
        SubmissionRow.unit,
        SubmissionRow.filename,
        SubmissionRow.record,
        SubmissionRow.verdict,
        SubmissionRow.state,
        SubmissionRow.flag_count,
        SubmissionRow.error_count,
        SubmissionRow.review_status,
        SubmissionRow.review_comment,
    )
    # Only the columns written: a submission's other JSON (evaluation, the record as
    # read) is as large as its record and would be parsed for nothing.
    query = (
        select(*columns)
        .where(*conditions)
        .order_by(*sort_order(sort))
        .execution_options(yield_per=_BATCH)
    )
    position = {name: len(_FIXED) + index for index, name in enumerate(layout.fields)}
    link = base_url.rstrip("/")
    for row in session.execute(query):
        values = (row.record or {}).get("values", {})
        corrected = in_force(audit.get(row.id, ()))
        cells: list[Any] = [
            row.id,
            row.form or row.declared_form or "",
            row.edition or row.declared_edition or "",
            row.unit or "",
            row.filename,
        ]
        for name in layout.fields:
            held = values.get(name)
            cells.append(_shown(held.get("value") if held else None))
        marked = {position[name] for name in corrected if name in position}
        cells += [
            VERDICT_NAMES.get(row.verdict or "", row.verdict or row.state),
            row.flag_count,
            row.error_count,
            REVIEW_NAMES.get(row.review_status, row.review_status),
            row.review_comment or "",
            "、".join(corrected),
            f"{link}/submissions/{row.id}",
        ]
        yield cells, marked


def _audit_cells(entry: AuditEntry, applicant: str) -> list[Any]:
    return [
        entry.submission_id,
        applicant,
        entry.at.isoformat(timespec="seconds") if entry.at else "",
        entry.actor,
        ACTION_NAMES.get(entry.action, entry.action),
        entry.field or "审核状态",
        _shown(
            REVIEW_NAMES.get(entry.before, entry.before) if entry.field is None else entry.before
        ),
        _shown(REVIEW_NAMES.get(entry.after, entry.after) if entry.field is None else entry.after),
        entry.reason or "",
    ]


def _applicants(session: Session, ids: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        for sid, name in session.execute(
            select(SubmissionRow.id, SubmissionRow.applicant).where(SubmissionRow.id.in_(chunk))
        ):
            found[sid] = name or ""
    return found


def _write_xlsx(
    out: IO[bytes] | Path,
    header: list[str],
    rows: Iterator[tuple[list[Any], set[int]]],
    audit: list[list[Any]],
) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    book = Workbook(write_only=True)
    sheet = book.create_sheet("申报")
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)
    corrected_fill = PatternFill("solid", fgColor="FFF2CC")

    def cell(value: Any, *, fill: PatternFill | None = None, font: Font | None = None) -> Any:
        made = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str) and value.startswith("="):
            made.data_type = "s"  # text that looks like a formula stays text
        if fill is not None:
            made.fill = fill
        if font is not None:
            made.font = font
        return made

    def plain(value: Any) -> Any:
        # A styled cell object costs ten times a plain value; only formula-like text needs one.
        return cell(value) if isinstance(value, str) and value.startswith("=") else value

    sheet.append([cell(name, font=bold) for name in header])
    count = 0
    for values, marked in rows:
        if marked:
            line = [
                cell(value, fill=corrected_fill) if index in marked else plain(value)
                for index, value in enumerate(values)
            ]
        else:
            line = [plain(value) for value in values]
        sheet.append(line)
        count += 1
    trail = book.create_sheet("审核记录")
    trail.append([cell(name, font=bold) for name in _AUDIT_HEAD])
    for entry in audit:
        trail.append([plain(value) for value in entry])
    book.save(out)
    return count


def _write_csv(
    out: IO[bytes] | Path, header: list[str], rows: Iterator[tuple[list[Any], set[int]]]
) -> int:
    import io

    def write(handle: IO[str]) -> int:
        writer = csv.writer(handle)
        writer.writerow(header)
        count = 0
        for values, _marked in rows:
            writer.writerow([_safe_text(value) for value in values])
            count += 1
        return count

    if isinstance(out, Path):
        with out.open("w", encoding="utf-8-sig", newline="") as handle:
            return write(handle)
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    try:
        return write(text)
    finally:
        text.flush()
        text.detach()


def export(
    services: Services,
    principal: Principal,
    out: IO[bytes] | Path,
    *,
    format: ExportFormat,
    filters: Filters | None = None,
    sort: Sort = Sort.PROBLEMS,
    base_url: str = "",
) -> int:
    """Writes the submissions ``principal`` may see under ``filters``; returns how many.

    CSV (UTF-8 with a byte-order mark, which Excel needs to read Chinese) holds the
    submissions only; XLSX adds a sheet of the audit trail.
    """
    conditions = filter_conditions(principal, filters or Filters())
    with session_scope(services.engine) as session:
        layout = _layout(session, conditions)
        audit = _audit(session, conditions)
        header = [*_FIXED, *layout.fields, *_AFTER]
        rows = _rows(session, conditions, sort, layout, audit, base_url)
        if format is ExportFormat.CSV:
            return _write_csv(out, header, rows)
        applicants = _applicants(session, list(audit))
        trail = [
            _audit_cells(entry, applicants.get(sid, ""))
            for sid, entries in audit.items()
            for entry in entries
        ]
        return _write_xlsx(out, header, rows, trail)
