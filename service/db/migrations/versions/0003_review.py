"""Reviewers' work: the record as read beside the corrected one, review status, audit.

Revision ID: 0003_review
Revises: 0002_service
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_review"
down_revision: str | None = "0002_service"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("extracted", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("flag_codes", sa.String(1000), nullable=True))
        batch.add_column(
            sa.Column("review_status", sa.String(16), server_default="pending", nullable=False)
        )
        batch.add_column(sa.Column("review_comment", sa.Text(), nullable=True))
    op.create_index("ix_submissions_review_status", "submissions", ["review_status"])
    op.create_index(
        "ix_submissions_queue",
        "submissions",
        ["state", "verdict", "error_count", "review_status", "created_at", "id"],
    )
    op.create_index("ix_submissions_flag_codes", "submissions", ["flag_count", "flag_codes"])
    op.create_table(
        "audit",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "submission_id",
            sa.String(36),
            sa.ForeignKey("submissions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("field", sa.String(500), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("actor_token_id", sa.String(36), nullable=False),
        sa.Column("actor_name", sa.String(200), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
    )
    op.create_index("ix_audit_submission_id", "audit", ["submission_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_submission_id", table_name="audit")
    op.drop_table("audit")
    op.drop_index("ix_submissions_flag_codes", table_name="submissions")
    op.drop_index("ix_submissions_queue", table_name="submissions")
    op.drop_index("ix_submissions_review_status", table_name="submissions")
    with op.batch_alter_table("submissions") as batch:
        for name in ("review_comment", "review_status", "flag_codes", "extracted"):
            batch.drop_column(name)
