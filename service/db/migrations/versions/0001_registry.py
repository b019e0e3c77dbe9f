"""The registry of earlier lists.

Revision ID: 0001_registry
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_registry"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "registry_entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("list_name", sa.String(64), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("normalised_name", sa.String(500), nullable=False),
        sa.Column("unit", sa.String(500), nullable=True),
        sa.Column("normalised_unit", sa.String(500), nullable=False),
        sa.Column("source", sa.String(1000), nullable=False),
        sa.Column(
            "imported_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.UniqueConstraint(
            "list_name", "edition", "normalised_name", "normalised_unit", name="uq_registry_entry"
        ),
    )
    op.create_index("ix_registry_entries_normalised_name", "registry_entries", ["normalised_name"])
    op.create_index(
        "ix_registry_entries_list_edition", "registry_entries", ["list_name", "edition"]
    )


def downgrade() -> None:
    op.drop_index("ix_registry_entries_list_edition", table_name="registry_entries")
    op.drop_index("ix_registry_entries_normalised_name", table_name="registry_entries")
    op.drop_table("registry_entries")
