"""Submissions: upload, read, list, re-run, cancel, delete, download.

Every function takes the ``Services`` and the ``Principal`` it acts for, and refuses
what that principal may not see as ``NotFound`` (so ids of other units' submissions
cannot be probed).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import PurePath
from typing import Any, BinaryIO

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    bindparam,
    case,
    false,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.orm import Session, defer

from extractor.sniff import sniff_bytes, suffix_for
from schemas.catalogue import UnknownForm, catalogue, form_spec
from schemas.record import FlatRecord, FormRecord
from service.auth import Principal, Role
from service.db import (
    Base,
    JobAction,
    JobRow,
    JobState,
    ReviewStatus,
    SubmissionRow,
    autocommit,
    new_id,
    session_scope,
    shown_id,
    utcnow,
)
from service.errors import Conflict, DatabaseError, NotFound, QueueFull, TooLarge, UnsupportedType
from service.filestore import DatabaseStore, sha256_of
from service.usecases.access import visible, visible_row
from service.usecases.context import Services
from service.usecases.views import (
    JobView,
    SubmissionPage,
    SubmissionSummary,
    SubmissionView,
    SubmitAnswer,
)

__all__ = [
    "Declared",
    "Filters",
    "Sort",
    "cancel_job",
    "delete_submission",
    "filter_conditions",
    "get_job",
    "get_submission",
    "list_names",
    "list_submissions",
    "original",
    "rerun",
    "sort_order",
    "submit",
]

_HEAD = 2048
_CHUNK = 1024 * 1024
#: Every Office Open XML package holds this member; its name is stored uncompressed.
_OFFICE_MEMBER = b"[Content_Types].xml"


@dataclass(frozen=True)
class Declared:
    """What the uploader says of a form: its list and edition, unit and channel."""

    form: str | None = None
    edition: int | None = None
    unit: str | None = None
    channel: str | None = None


@dataclass(frozen=True)
class Filters:
    """What a list of submissions may be narrowed to."""

    form: str | None = None
    edition: int | None = None
    verdict: str | None = None
    has_errors: bool | None = None
    unit: str | None = None
    state: str | None = None
    text: str | None = None
    review_status: str | None = None


class Sort(StrEnum):
    """Orders of a list: problem submissions first (ineligible, errors), or by time."""

    PROBLEMS = "problems"
    NEWEST = "newest"
    OLDEST = "oldest"
    APPLICANT = "applicant"


def _safe_name(filename: str) -> str:
    # Keep the last path part only, without control or unassigned characters; a name is
    # shown and offered for download, never used as a path.
    printable = "".join(ch for ch in filename if unicodedata.category(ch)[0] != "C")
    name = PurePath(printable.replace("\\", "/")).name.strip()
    return name[:200] or "upload"


#: The edition whose catalogue holds every list's form, for naming a list by its key.
_FULLEST_EDITION = 2022


def list_names() -> list[str]:
    """Every name a list may be given by: its Chinese name and its key."""
    return [name for spec in catalogue(_FULLEST_EDITION).forms for name in (spec.list, spec.key)]


def _names_office_content(handle: BinaryIO) -> bool:
    """Whether a zip names the member every Office package has (read in chunks)."""
    tail = b""
    try:
        while chunk := handle.read(_CHUNK):
            if _OFFICE_MEMBER in tail + chunk:
                return True
            tail = chunk[-len(_OFFICE_MEMBER) :]
        return False
    finally:
        handle.seek(0)


def _refuse_plain_zip(handle: BinaryIO, kind: str) -> None:
    # A batch of forms zipped together (or any other archive) is no Word file: say so
    # now, rather than store it and fail its job.
    if kind == "docx" and not _names_office_content(handle):
        raise UnsupportedType(
            "这是 zip 压缩包，不是 Word 文件；请逐份上传，或用 kczg ingest 批量导入"
            "（a zip archive, not a Word .docx: upload each form, or use kczg ingest）",
            field="file",
        )


def _form_name(form: str | None, edition: int | None = None) -> str | None:
    """The list's Chinese name for a name or key; an unknown one is refused."""
    if not form:
        return None
    try:
        return form_spec(form, edition or _FULLEST_EDITION).list
    except UnknownForm as err:
        err.field = "form"
        raise


def _queued_count() -> ScalarSelect[int]:
    """The number of queued jobs, as a column."""
    return (
        select(func.count())
        .select_from(JobRow)
        .where(JobRow.state == JobState.QUEUED.value)
        .scalar_subquery()
    )


def _newest_job(session: Session, submission_id: str) -> JobRow | None:
    return session.scalar(
        select(JobRow)
        .where(JobRow.submission_id == submission_id)
        .order_by(JobRow.created_at.desc(), JobRow.id)
        .limit(1)
    )


def _job_columns(
    services: Services, submission_id: str, action: JobAction, *, at: datetime
) -> dict[str, Any]:
    """A new queued job's columns."""
    return {
        "id": new_id(),
        "submission_id": submission_id,
        "action": action.value,
        "state": JobState.QUEUED.value,
        "attempts": 0,
        "max_attempts": services.settings.max_attempts,
        "cancel_requested": False,
        "created_at": at,
    }


def _submission_columns(
    principal: Principal,
    declared: Declared,
    *,
    digest: str,
    unit: str | None,
    name: str,
    kind: str,
    size: int,
    at: datetime,
) -> dict[str, Any]:
    """A new queued submission's columns; a declared list that does not exist is refused."""
    return {
        "id": new_id(),
        "sha256": digest,
        "unit_key": unit or "",
        "filename": name,
        "file_kind": kind,
        "size": size,
        "declared_form": _form_name(declared.form, declared.edition),
        "declared_edition": declared.edition,
        "unit": unit,
        "channel": declared.channel or None,
        "owner_token_id": principal.token_id,
        "state": JobState.QUEUED.value,
        "error_count": 0,
        "flag_count": 0,
        "review_status": ReviewStatus.PENDING.value,
        "created_at": at,
        "updated_at": at,
    }


def _new_job(services: Services, submission_id: str, action: JobAction) -> JobRow:
    return JobRow(**_job_columns(services, submission_id, action, at=utcnow()))


# Built once: an upload inserts its rows by these (no unit of work to flush), and
# SQLAlchemy compiles them once per process.
_INSERT_SUBMISSION = insert(Base.metadata.tables[SubmissionRow.__tablename__])
_INSERT_JOB = insert(Base.metadata.tables[JobRow.__tablename__])
_TWIN_AND_DEPTH = select(
    select(SubmissionRow.id)
    .where(SubmissionRow.sha256 == bindparam("digest"), SubmissionRow.unit_key == bindparam("key"))
    .scalar_subquery(),
    _queued_count(),
)


def submit(
    services: Services,
    principal: Principal,
    *,
    handle: BinaryIO,
    filename: str,
    declared: Declared = Declared(),
    dispatch: bool = True,
) -> SubmitAnswer:
    """Stores an uploaded original and queues its reading; the same bytes twice are one.

    The type comes from the content (``UnsupportedType`` otherwise), the size is checked
    again here (``TooLarge``), the bytes are stored durably before the rows commit, and a
    full queue (``QueueFull``) or one that cannot be reached (``QueueUnavailable``) is
    refused before anything is stored. ``dispatch=False`` leaves telling the workers of
    the new job to the caller (a bulk ingest tells them in batches).
    """
    head = handle.read(_HEAD)
    handle.seek(0)
    if not head:
        raise UnsupportedType("文件为空（the file is empty）", field="file")
    found = sniff_bytes(head)
    name = _safe_name(filename)
    suffix = suffix_for(found, name)
    if suffix is None:
        raise UnsupportedType(
            f"不支持的文件类型：{found.description}（read: .docx .doc .wps .rtf .pdf, images）",
            field="file",
        )
    _refuse_plain_zip(handle, found.kind)
    digest, size = sha256_of(handle)
    if size > services.settings.max_upload_bytes:
        raise TooLarge(f"文件过大（{size} bytes; limit {services.settings.max_upload_bytes}）")
    unit = principal.unit if principal.role is Role.APPLICANT else (declared.unit or None)
    unit_key = unit or ""
    # One query for both, a transaction of its own: the stored twin, if any, and the
    # queue's depth.
    with autocommit(services.engine) as connection:
        existing_id, queued = connection.execute(
            _TWIN_AND_DEPTH, {"digest": digest, "key": unit_key}
        ).one()
    if existing_id is not None:
        with session_scope(services.engine) as session:
            existing = session.get(SubmissionRow, existing_id)
            if existing is not None:
                job = _newest_job(session, existing.id)
                return SubmitAnswer(
                    submission=SubmissionSummary.of(existing),
                    job=JobView.of(job) if job else None,
                    duplicate=True,
                )
    if (queued or 0) >= services.settings.queue_depth:
        raise QueueFull("排队任务过多，请稍后再试（the queue is full）", retry_after=30)
    services.dispatcher.ready()
    now = utcnow()
    columns = _submission_columns(
        principal,
        declared,
        digest=digest,
        unit=unit,
        name=name,
        kind=suffix.lstrip("."),
        size=size,
        at=now,
    )
    # The database store's bytes go in the rows' transaction below; a directory's file
    # is written and fsynced before it.
    store = services.store
    in_rows = store if isinstance(store, DatabaseStore) else None
    if in_rows is None:
        store.put(digest, handle)
    job_columns = _job_columns(services, columns["id"], JobAction.EXTRACT, at=now)
    try:
        with session_scope(services.engine) as session:
            if in_rows is not None:
                in_rows.put_in(session, digest, handle)
            session.execute(_INSERT_SUBMISSION, columns)
            session.execute(_INSERT_JOB, job_columns)
        answer = SubmitAnswer(
            submission=SubmissionSummary.of(SubmissionRow(**columns)),
            job=JobView.of(JobRow(**job_columns)),
            duplicate=False,
        )
    except DatabaseError:
        # Two uploads of the same bytes raced; the other one stored the submission.
        with session_scope(services.engine) as session:
            existing = session.scalar(
                select(SubmissionRow).where(
                    SubmissionRow.sha256 == digest, SubmissionRow.unit_key == unit_key
                )
            )
            if existing is None:
                raise
            newest = _newest_job(session, existing.id)
            return SubmitAnswer(
                submission=SubmissionSummary.of(existing),
                job=JobView.of(newest) if newest else None,
                duplicate=True,
            )
    if dispatch and answer.job is not None:
        services.dispatcher.dispatch(answer.job.id)
    return answer


def _visible_submission(
    session: Session, principal: Principal, submission_id: str
) -> SubmissionRow:
    row = session.get(SubmissionRow, submission_id)
    if row is None or not visible_row(principal, row):
        raise NotFound(f"没有此申报（no submission {shown_id(submission_id)}）")
    return row


def get_submission(services: Services, principal: Principal, submission_id: str) -> SubmissionView:
    """A submission whole: record, flags, verdict with evidence, and its newest job."""
    with session_scope(services.engine) as session:
        # The job before its submission: SQLite reads each SELECT on its own, and a job
        # seen finished then has its submission's result (written in the same commit).
        job = _newest_job(session, submission_id)
        row = _visible_submission(session, principal, submission_id)
        summary = SubmissionSummary.of(row)
        return SubmissionView(
            **summary.model_dump(),
            record=row.record,
            flat=_flat(row),
            evaluation=row.evaluation,
            job=JobView.of(job) if job else None,
        )


def _flat(row: SubmissionRow) -> FlatRecord | None:
    if row.record is None:
        return None
    return FormRecord.model_validate(row.record).flat_record()


def filter_conditions(principal: Principal, filters: Filters) -> list[ColumnElement[bool]]:
    """The SQL conditions of what ``principal`` may see, narrowed by ``filters``."""
    written = (filters.form, filters.verdict, filters.unit, filters.state, filters.text)
    if any("\x00" in value for value in written if value):
        # No stored text holds a NUL (PostgreSQL cannot): such a filter matches nothing.
        return [false()]
    conditions = [visible(principal)]
    if filters.form:
        form = _form_name(filters.form)
        conditions.append(or_(SubmissionRow.form == form, SubmissionRow.declared_form == form))
    if filters.edition is not None:
        conditions.append(
            or_(
                SubmissionRow.edition == filters.edition,
                SubmissionRow.declared_edition == filters.edition,
            )
        )
    if filters.verdict:
        conditions.append(SubmissionRow.verdict == filters.verdict)
    if filters.has_errors is not None:
        conditions.append(
            SubmissionRow.error_count > 0 if filters.has_errors else SubmissionRow.error_count == 0
        )
    if filters.unit:
        conditions.append(SubmissionRow.unit == filters.unit)
    if filters.state:
        conditions.append(SubmissionRow.state == filters.state)
    if filters.review_status:
        conditions.append(SubmissionRow.review_status == filters.review_status)
    if filters.text:
        pattern = f"%{filters.text.strip()}%"
        conditions.append(
            or_(SubmissionRow.applicant.like(pattern), SubmissionRow.filename.like(pattern))
        )
    return conditions


def sort_order(sort: Sort) -> list[ColumnElement[Any]]:
    """ORDER BY of a list; every order ends on the id, so pages never overlap."""
    newest: list[ColumnElement[Any]] = [SubmissionRow.created_at.desc(), SubmissionRow.id.asc()]
    if sort is Sort.NEWEST:
        return newest
    if sort is Sort.OLDEST:
        return [SubmissionRow.created_at.asc(), SubmissionRow.id.asc()]
    if sort is Sort.APPLICANT:
        return [SubmissionRow.applicant.asc(), SubmissionRow.id.asc()]
    rank = case(
        (SubmissionRow.state == JobState.FAILED.value, 0),
        (SubmissionRow.verdict == "ineligible", 1),
        (SubmissionRow.error_count > 0, 2),
        (SubmissionRow.verdict == "needs_review", 3),
        else_=4,
    )
    return [rank.asc(), SubmissionRow.error_count.desc(), *newest]


#: A list shows summaries: the JSON columns are as large as a form and stay unread.
_SUMMARY_ONLY = (
    defer(SubmissionRow.record),
    defer(SubmissionRow.evaluation),
    defer(SubmissionRow.extracted),
    defer(SubmissionRow.flag_codes),
)


def list_submissions(
    services: Services,
    principal: Principal,
    *,
    filters: Filters = Filters(),
    offset: int = 0,
    limit: int = 50,
    sort: Sort = Sort.NEWEST,
) -> SubmissionPage:
    """The submissions a principal may see, filtered, newest first, a page at a time."""
    conditions = filter_conditions(principal, filters)
    with session_scope(services.engine) as session:
        total = session.scalar(select(func.count()).select_from(SubmissionRow).where(*conditions))
        # The page's ids first, from the columns the sort needs alone (an index holds
        # them), then those rows.
        ids = list(
            session.scalars(
                select(SubmissionRow.id)
                .where(*conditions)
                .order_by(*sort_order(sort))
                .offset(offset)
                .limit(limit)
            )
        )
        rows = {
            row.id: row
            for row in session.scalars(
                select(SubmissionRow).options(*_SUMMARY_ONLY).where(SubmissionRow.id.in_(ids))
            )
        }
        items = [SubmissionSummary.of(rows[i]) for i in ids if i in rows]
    return SubmissionPage(items=items, total=total or 0, offset=offset, limit=limit)


def rerun(
    services: Services, principal: Principal, submission_id: str, *, action: JobAction
) -> JobView:
    """Queues another run: ``extract`` reads the original again, ``check`` re-checks."""
    services.dispatcher.ready()
    with session_scope(services.engine) as session:
        row = _visible_submission(session, principal, submission_id)
        newest = _newest_job(session, row.id)
        if newest is not None and not JobState(newest.state).finished:
            raise Conflict("此申报已有任务在进行（a job of this submission is not finished）")
        if action is JobAction.CHECK and row.record is None:
            raise Conflict("尚无读取结果，无法仅重新审查（nothing was read yet to re-check）")
        job = _new_job(services, row.id, action)
        session.add(job)
        row.state = JobState.QUEUED.value
        session.flush()
        view = JobView.of(job)
    services.dispatcher.dispatch(view.id)
    return view


def get_job(services: Services, principal: Principal, job_id: str) -> JobView:
    """A job, if its submission is visible to the principal."""
    with session_scope(services.engine) as session:
        job = session.get(JobRow, job_id)
        if job is None:
            raise NotFound(f"没有此任务（no job {shown_id(job_id)}）")
        _visible_submission(session, principal, job.submission_id)
        return JobView.of(job)


def cancel_job(services: Services, principal: Principal, job_id: str) -> JobView:
    """Cancels a queued job at once; a running one is stopped by its worker."""
    with session_scope(services.engine) as session:
        job = session.get(JobRow, job_id)
        if job is None:
            raise NotFound(f"没有此任务（no job {shown_id(job_id)}）")
        row = _visible_submission(session, principal, job.submission_id)
        state = JobState(job.state)
        if state.finished:
            raise Conflict(f"任务已结束（the job is {state.value}）")
        job.cancel_requested = True
        if state is JobState.QUEUED:
            job.state = JobState.CANCELED.value
            job.finished_at = datetime.now(UTC)
            row.state = JobState.CANCELED.value if row.record is None else JobState.SUCCEEDED.value
        session.flush()
        return JobView.of(job)


def delete_submission(services: Services, principal: Principal, submission_id: str) -> None:
    """Removes a submission, its jobs, and its original when no other submission has it."""
    principal.require(Role.ADMIN)
    with session_scope(services.engine) as session:
        row = _visible_submission(session, principal, submission_id)
        digest = row.sha256
        for job in session.scalars(select(JobRow).where(JobRow.submission_id == row.id)):
            session.delete(job)
        session.delete(row)
        session.flush()
        shared = session.scalar(
            select(func.count()).select_from(SubmissionRow).where(SubmissionRow.sha256 == digest)
        )
    if not shared:
        services.store.delete(digest)


def original(services: Services, principal: Principal, submission_id: str) -> tuple[str, bytes]:
    """The original's file name and bytes."""
    with session_scope(services.engine) as session:
        row = _visible_submission(session, principal, submission_id)
        name, digest = row.filename, row.sha256
    return name, services.store.read(digest)
