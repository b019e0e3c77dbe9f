"""Submissions, jobs, tokens and the database file store.

Revision ID: 0002_service
Revises: 0001_registry
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_service"
down_revision: str | None = "0001_registry"
branch_labels: str | None = None
depends_on: str | None = None


def _now() -> sa.TextClause:
    return sa.text("CURRENT_TIMESTAMP")


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("unit_key", sa.String(500), nullable=False),
        sa.Column("filename", sa.String(500), nullable=False),
        sa.Column("file_kind", sa.String(16), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("declared_form", sa.String(64), nullable=True),
        sa.Column("declared_edition", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(500), nullable=True),
        sa.Column("channel", sa.String(200), nullable=True),
        sa.Column("owner_token_id", sa.String(36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("form", sa.String(64), nullable=True),
        sa.Column("edition", sa.Integer(), nullable=True),
        sa.Column("applicant", sa.String(500), nullable=True),
        sa.Column("record", sa.JSON(), nullable=True),
        sa.Column("evaluation", sa.JSON(), nullable=True),
        sa.Column("verdict", sa.String(32), nullable=True),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("flag_count", sa.Integer(), nullable=False),
        sa.Column("error_code", sa.String(64), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("extractor_version", sa.String(32), nullable=True),
        sa.UniqueConstraint("sha256", "unit_key", name="uq_submission_file_unit"),
    )
    op.create_index("ix_submissions_form_edition", "submissions", ["form", "edition"])
    op.create_index("ix_submissions_created", "submissions", ["created_at"])
    op.create_index("ix_submissions_unit", "submissions", ["unit"])
    op.create_index("ix_submissions_state", "submissions", ["state"])
    op.create_index("ix_submissions_verdict", "submissions", ["verdict"])
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "submission_id",
            sa.String(36),
            sa.ForeignKey("submissions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("worker", sa.String(200), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("error_code", sa.String(64), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("extractor_version", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_jobs_state_created", "jobs", ["state", "created_at"])
    op.create_index("ix_jobs_submission_id", "jobs", ["submission_id"])
    op.create_table(
        "tokens",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("unit", sa.String(500), nullable=True),
        sa.Column("lists", sa.JSON(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("blobs")
    op.drop_table("tokens")
    op.drop_index("ix_jobs_submission_id", table_name="jobs")
    op.drop_index("ix_jobs_state_created", table_name="jobs")
    op.drop_table("jobs")
    for name in ("verdict", "state", "unit", "created", "form_edition"):
        op.drop_index(f"ix_submissions_{name}", table_name="submissions")
    op.drop_table("submissions")
