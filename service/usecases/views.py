"""What the use cases answer with: pydantic models, which are also the API's schema."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.record import FlatRecord
from service.db import JobRow, SubmissionRow

__all__ = [
    "BatchView",
    "CheckView",
    "DuplicateView",
    "EvaluationView",
    "JobView",
    "NoteView",
    "QuotaView",
    "SubmissionPage",
    "SubmissionSummary",
    "SubmissionView",
    "SubmitAnswer",
]


class JobView(BaseModel):
    """One run of the work on a submission."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    submission_id: str
    action: str
    state: str = Field(description="queued, running, succeeded, failed or canceled")
    attempts: int
    max_attempts: int
    error_code: str | None = None
    error_message: str | None = None
    extractor_version: str | None = None
    created_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @classmethod
    def of(cls, row: JobRow) -> JobView:
        return cls.model_validate(row)


class SubmissionSummary(BaseModel):
    """A submission as a list shows it."""

    id: str
    filename: str
    file_kind: str
    size: int
    sha256: str
    unit: str | None = None
    channel: str | None = None
    declared_form: str | None = None
    declared_edition: int | None = None
    form: str | None = Field(default=None, description="The list the form was read as.")
    edition: int | None = None
    applicant: str | None = Field(default=None, description="The applicant's name as read.")
    state: str
    verdict: str | None = None
    error_count: int = 0
    flag_count: int = 0
    error_code: str | None = None
    error_message: str | None = None
    review_status: str = Field(default="pending", description="pending, reviewed or returned")
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def of(cls, row: SubmissionRow) -> SubmissionSummary:
        return cls(
            id=row.id,
            filename=row.filename,
            file_kind=row.file_kind,
            size=row.size,
            sha256=row.sha256,
            unit=row.unit,
            channel=row.channel,
            declared_form=row.declared_form,
            declared_edition=row.declared_edition,
            form=row.form,
            edition=row.edition,
            applicant=row.applicant,
            state=row.state,
            verdict=row.verdict,
            error_count=row.error_count,
            flag_count=row.flag_count,
            error_code=row.error_code,
            error_message=row.error_message,
            review_status=row.review_status or "pending",
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


class SubmissionView(SubmissionSummary):
    """A submission whole: the record with provenance, its flags, the verdict, the job."""

    record: dict[str, Any] | None = Field(
        default=None, description="The full record (the `kczg extract --json` shape)."
    )
    flat: FlatRecord | None = Field(
        default=None, description="The `kczg extract --flat` shape of the record."
    )
    evaluation: dict[str, Any] | None = Field(
        default=None, description="The eligibility verdict with every check and its evidence."
    )
    job: JobView | None = None


class SubmitAnswer(BaseModel):
    """What an upload answers: the submission, its job, and whether it was stored already."""

    submission: SubmissionSummary
    job: JobView | None
    duplicate: bool = Field(description="True when these bytes were stored already.")


class SubmissionPage(BaseModel):
    items: list[SubmissionSummary]
    total: int
    offset: int
    limit: int


class CheckView(BaseModel):
    """One condition of the notice, how the record fared, and the sentence behind it."""

    id: str = Field(description="A stable English key of the condition.")
    name: str = Field(description="What a reviewer calls it (Chinese).")
    kind: str = Field(description="checkable or judgement")
    kind_name: str
    result: str = Field(description="pass, fail, unknown or needs_review")
    result_name: str
    observed: dict[str, Any]
    expected: str
    reference: str = Field(description="The notice's sentence the condition comes from.")
    message: str


class NoteView(BaseModel):
    id: str
    name: str
    text: str
    reference: str


class EvaluationView(BaseModel):
    """The verdict of a record with every check and its evidence."""

    source: str
    form: str
    edition: int
    verdict: str = Field(description="eligible, ineligible or needs_review")
    verdict_name: str
    checks: list[CheckView]
    notes: list[NoteView] = Field(default_factory=list)


class QuotaView(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    unit: str
    edition: int
    list_name: str = Field(alias="list")
    domain: str | None = None
    allowed: int
    count: int
    submissions: list[str]
    exceeding: list[str]
    message: str


class DuplicateView(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    edition: int
    list_name: str = Field(alias="list")
    applicant: str
    submissions: list[str]
    units: list[str]
    message: str


class BatchView(BaseModel):
    """Quotas exceeded and duplicate applicants over a set of submissions."""

    quotas: list[QuotaView]
    duplicates: list[DuplicateView]
    unassigned: list[str] = Field(description="Submissions without a recommending unit.")
