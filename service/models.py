"""Tables of the project's database (SQLAlchemy 2 typed models)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class RegistryEntryRow(Base):
    """One entry of an earlier list (list, edition, name, unit), as imported."""

    __tablename__ = "registry_entries"
    __table_args__ = (
        UniqueConstraint(
            "list_name", "edition", "normalised_name", "normalised_unit", name="uq_registry_entry"
        ),
        Index("ix_registry_entries_list_edition", "list_name", "edition"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_name: Mapped[str] = mapped_column(String(64))
    edition: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(500))
    #: ``eligibility.names.normalise_name`` of the name: what exact matching compares.
    normalised_name: Mapped[str] = mapped_column(String(500), index=True)
    unit: Mapped[str | None] = mapped_column(String(500))
    #: Normalised unit, "" when none: people of one name are told apart by their unit.
    normalised_unit: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(1000))
    imported_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
