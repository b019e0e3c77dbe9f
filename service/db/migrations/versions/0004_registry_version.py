"""A version number of the registry, bumped by triggers on every change to its entries.

Workers keep the registry in memory and read only this number per job; triggers, rather
than the import code, bump it, so that entries written any other way (SQL by hand, a
restore) are seen too. PostgreSQL bumps once per statement; SQLite has only row
triggers, which is cheap for one row updated in the importing transaction.

Revision ID: 0004_registry_version
Revises: 0003_review
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_registry_version"
down_revision: str | None = "0003_review"
branch_labels: str | None = None
depends_on: str | None = None

_EVENTS = ("INSERT", "UPDATE", "DELETE")

# The table is named with the schema of the entries that changed, so that the bump
# does not depend on the search_path of whoever writes them.
_PG_FUNCTION = """
CREATE FUNCTION kczg_registry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('UPDATE %I.registry_version SET version = version + 1', TG_TABLE_SCHEMA);
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "registry_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
    )
    op.execute("INSERT INTO registry_version (id, version) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(
            "CREATE TRIGGER registry_entries_changed"
            " AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registry_entries"
            " FOR EACH STATEMENT EXECUTE FUNCTION kczg_registry_changed()"
        )
        return
    for event in _EVENTS:
        op.execute(
            f"CREATE TRIGGER registry_entries_{event.lower()} AFTER {event} ON registry_entries"
            " BEGIN UPDATE registry_version SET version = version + 1; END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER registry_entries_changed ON registry_entries")
        op.execute("DROP FUNCTION kczg_registry_changed()")
    else:
        for event in _EVENTS:
            op.execute(f"DROP TRIGGER registry_entries_{event.lower()}")
    op.drop_table("registry_version")
